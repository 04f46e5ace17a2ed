/// Finds anchor targets declared in raw HTML: `id` on any element and `name` on `<a>`.
enum HTMLAnchorScanner {
    /// One declared anchor: its value and the byte range of the value inside the scanned text.
    struct Declaration {
        var name: String
        var valueRange: Range<Int>
    }

    /// Declarations in `html`, in order. Comments are skipped; closing tags are ignored.
    static func declarations(in html: [UInt8]) -> [Declaration] {
        var found: [Declaration] = []
        var i = 0
        let n = html.count
        while i < n {
            guard html[i] == UInt8(ascii: "<"), i + 1 < n else { i += 1; continue }
            if html[(i + 1)...].starts(with: "!--".utf8) {
                i = endOfComment(html, from: i + 4)
                continue
            }
            guard isLetter(html[i + 1]) else { i += 1; continue }
            var j = i + 1
            while j < n, isLetter(html[j]) || isDigit(html[j]) || html[j] == UInt8(ascii: "-") { j += 1 }
            let tag = String(decoding: html[(i + 1)..<j], as: UTF8.self).lowercased()
            j = attributes(html, from: j, tag: tag, into: &found)
            i = j
        }
        return found
    }

    /// Scan attributes from `from` to the end of the tag; returns the offset after the tag.
    private static func attributes(_ html: [UInt8], from: Int, tag: String, into found: inout [Declaration]) -> Int {
        let n = html.count
        var j = from
        while j < n {
            while j < n, isSpace(html[j]) || html[j] == UInt8(ascii: "/") { j += 1 }
            guard j < n, html[j] != UInt8(ascii: ">"), html[j] != UInt8(ascii: "<") else { break }
            let nameStart = j
            while j < n, !isSpace(html[j]), html[j] != UInt8(ascii: "="), html[j] != UInt8(ascii: ">"),
                  html[j] != UInt8(ascii: "/") {
                j += 1
            }
            let name = String(decoding: html[nameStart..<j], as: UTF8.self).lowercased()
            while j < n, isSpace(html[j]) { j += 1 }
            guard j < n, html[j] == UInt8(ascii: "=") else { continue }
            j += 1
            while j < n, isSpace(html[j]) { j += 1 }
            guard j < n else { break }
            var valueRange: Range<Int>
            let quote = html[j]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let valueStart = j + 1
                j = valueStart
                while j < n, html[j] != quote { j += 1 }
                valueRange = valueStart..<j
                if j < n { j += 1 }
            } else {
                let valueStart = j
                while j < n, !isSpace(html[j]), html[j] != UInt8(ascii: ">") { j += 1 }
                valueRange = valueStart..<j
            }
            if name == "id" || (name == "name" && tag == "a"), !valueRange.isEmpty {
                found.append(Declaration(name: String(decoding: html[valueRange], as: UTF8.self), valueRange: valueRange))
            }
        }
        return j < n && html[j] == UInt8(ascii: ">") ? j + 1 : j
    }

    private static func endOfComment(_ html: [UInt8], from: Int) -> Int {
        var k = from
        while k + 2 < html.count {
            if html[k] == UInt8(ascii: "-"), html[k + 1] == UInt8(ascii: "-"), html[k + 2] == UInt8(ascii: ">") {
                return k + 3
            }
            k += 1
        }
        return html.count
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
}
