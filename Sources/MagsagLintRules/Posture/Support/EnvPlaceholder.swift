/// The `${VAR}` placeholder grammar of MCP server configs (shell parameter expansion, POSIX forms):
/// `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`, `${NAME:?word}`,
/// `${NAME?word}`, `${NAME:=word}`, `${NAME=word}`; `word` may hold nested placeholders; `$$` is a
/// literal dollar; `$NAME` is accepted as a plain reference.
enum EnvPlaceholder {
    /// One malformed placeholder: its UTF-8 byte range in the string and what is wrong.
    struct Problem: Equatable {
        var range: Range<Int>
        var message: String
    }

    /// Malformed placeholders of `text`, in order.
    static func problems(in text: String) -> [Problem] {
        let bytes = Array(text.utf8)
        var problems: [Problem] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "$") { i += 2; continue }
                if bytes[i + 1] == UInt8(ascii: "{") {
                    i = parse(bytes, at: i, into: &problems)
                    continue
                }
            }
            i += 1
        }
        return problems
    }

    /// Whether `text` refers to an environment variable (`${…}` or `$NAME`).
    static func containsReference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "$") {
            let next = bytes[i + 1]
            if next == UInt8(ascii: "{") || next == UInt8(ascii: "_") || isLetter(next) { return true }
        }
        return false
    }

    /// Parse the placeholder starting at `start` (`${`); returns the index after it.
    private static func parse(_ bytes: [UInt8], at start: Int, into problems: inout [Problem]) -> Int {
        var j = start + 2
        let nameStart = j
        if j < bytes.count, bytes[j] == UInt8(ascii: "_") || isLetter(bytes[j]) {
            j += 1
            while j < bytes.count, bytes[j] == UInt8(ascii: "_") || isLetter(bytes[j]) || isDigit(bytes[j]) { j += 1 }
        }
        guard j > nameStart else {
            let end = closing(bytes, from: j) ?? bytes.count
            problems.append(Problem(range: start..<end, message: "has no valid variable name (letters, digits and _, not starting with a digit)"))
            return max(end, start + 2)
        }
        guard j < bytes.count else {
            problems.append(Problem(range: start..<bytes.count, message: "is not closed by '}'"))
            return bytes.count
        }
        if bytes[j] == UInt8(ascii: "}") { return j + 1 }
        let operators: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "=")]
        if bytes[j] == UInt8(ascii: ":"), j + 1 < bytes.count, operators.contains(bytes[j + 1]) {
            j += 2
        } else if operators.contains(bytes[j]) {
            j += 1
        } else {
            let end = closing(bytes, from: j) ?? bytes.count
            let op = String(decoding: bytes[j..<min(j + 2, bytes.count)], as: UTF8.self)
            guard Array("#%/^,:@[".utf8).contains(bytes[j]) else {
                problems.append(Problem(range: start..<end, message: "has an invalid character in its variable name (letters, digits and _ only)"))
                return max(end, j)
            }
            problems.append(Problem(range: start..<end, message: "uses the unsupported operator '\(op)' (use ${VAR}, ${VAR:-default} or ${VAR:+value})"))
            return max(end, j)
        }
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "}") { return j + 1 }
            if bytes[j] == UInt8(ascii: "$"), j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "{") {
                j = parse(bytes, at: j, into: &problems)
                continue
            }
            j += 1
        }
        problems.append(Problem(range: start..<bytes.count, message: "is not closed by '}'"))
        return bytes.count
    }

    /// The index after the next `}` at or after `from`.
    private static func closing(_ bytes: [UInt8], from: Int) -> Int? {
        var k = from
        while k < bytes.count {
            if bytes[k] == UInt8(ascii: "}") { return k + 1 }
            k += 1
        }
        return nil
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
