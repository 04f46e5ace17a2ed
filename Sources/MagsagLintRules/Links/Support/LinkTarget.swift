/// What a Markdown link destination points at, resolved against the repository snapshot's paths.
enum LinkTarget: Equatable, Sendable {
    /// A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`): never checked.
    case external
    /// Nothing to check (empty destination, placeholder).
    case ignored
    /// A fragment of the linking document itself.
    case sameDocument(fragment: String)
    /// A repository path (not yet known to exist), with its fragment when there is one.
    case path(String, fragment: String?, isDirectory: Bool)
    /// A relative path climbing above the repository root.
    case outsideRepository

    /// Resolve `destination` as written in the file at `documentPath`: `/x` from the root, anything
    /// else from the document's folder; query strings dropped, percent-escapes decoded.
    static func resolve(_ destination: String, from documentPath: String) -> LinkTarget {
        let trimmed = destination.trimmingBlanks()
        if trimmed.isEmpty || hasScheme(trimmed) || trimmed.hasPrefix("//") { return trimmed.isEmpty ? .ignored : .external }
        var pathPart = Substring(trimmed)
        var fragment: String?
        // Searched as bytes: `#` and `?` are ASCII, and a byte index is a valid place to cut.
        if let hash = pathPart.utf8FirstIndex(of: UInt8(ascii: "#")) {
            fragment = percentDecoded(pathPart[pathPart.utf8.index(after: hash)...])
            pathPart = pathPart[..<hash]
        }
        if let question = pathPart.utf8FirstIndex(of: UInt8(ascii: "?")) { pathPart = pathPart[..<question] }
        guard let decoded = percentDecoded(pathPart) else { return .ignored }
        if decoded.isEmpty {
            guard let fragment else { return .ignored }
            return .sameDocument(fragment: fragment)
        }
        if isPlaceholder(decoded) { return .ignored }
        let isDirectory = decoded.hasSuffix("/")
        guard let resolved = normalize(from: decoded.hasPrefix("/") ? nil : documentPath, relative: decoded) else {
            return .outsideRepository
        }
        if resolved.isEmpty { return .path("", fragment: fragment, isDirectory: true) }
        return .path(resolved, fragment: fragment, isDirectory: isDirectory)
    }

    /// `relative` resolved against the folder holding `documentPath` (the repository root when nil),
    /// `.` and `..` applied, empty segments dropped; nil when `..` climbs above the root. Worked on
    /// UTF-8 bytes: every link of every document comes through here.
    static func normalize(from documentPath: String?, relative: String) -> String? {
        var path = SegmentPath(capacity: (documentPath?.utf8.count ?? 0) + relative.utf8.count)
        if var base = documentPath {
            base.withUTF8 { bytes in
                // The document's folder: every segment but the last, taken as written.
                var end = bytes.count
                while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
                var last = end
                while last > 0, bytes[last - 1] != UInt8(ascii: "/") { last -= 1 }
                guard last > 0 else { return }
                var start = 0
                for i in 0..<last where bytes[i] == UInt8(ascii: "/") {
                    if i > start { path.push(bytes, start..<i) }
                    start = i + 1
                }
            }
        }
        var relative = relative
        let inside = relative.withUTF8 { bytes -> Bool in
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                defer { start = i + 1 }
                let length = i - start
                guard length > 0 else { continue }
                if bytes[start] == UInt8(ascii: "."), length <= 2, length == 1 || bytes[start + 1] == UInt8(ascii: ".") {
                    if length == 2, !path.pop() { return false }
                    continue
                }
                path.push(bytes, start..<i)
            }
            return true
        }
        return inside ? String(decoding: path.bytes, as: UTF8.self) : nil
    }

    /// A path built segment by segment, joined with `/`.
    private struct SegmentPath {
        var bytes: [UInt8] = []
        /// Where each segment starts in `bytes` (after its separator).
        var starts: [Int] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            starts.reserveCapacity(16)
        }

        mutating func push(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            if !starts.isEmpty { bytes.append(UInt8(ascii: "/")) }
            starts.append(bytes.count)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
        }

        /// Drops the last segment; false when there is none.
        mutating func pop() -> Bool {
            guard let start = starts.popLast() else { return false }
            bytes.removeSubrange(max(0, start - 1)...)
            return true
        }
    }

    /// `scheme:` per RFC 3986 (a letter, then letters, digits, `+`, `-`, `.`), at least two characters
    /// so that a Windows drive letter is not a scheme.
    static func hasScheme(_ text: String) -> Bool {
        // Read as bytes in the string's buffer: a scheme is ASCII, and any other byte before the colon
        // rules one out (through the UTF-8 view's collection methods it cost about 1,300 instructions).
        text.utf8.withContiguousStorageIfAvailable(schemeEnds) ?? schemeEnds(Array(text.utf8))
    }

    private static func schemeEnds(_ bytes: some RandomAccessCollection<UInt8>) -> Bool {
        guard let first = bytes.first, isASCIILetter(first) else { return false }
        var length = 0
        for byte in bytes {
            if byte == UInt8(ascii: ":") { return length >= 2 }
            guard isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return false }
            length += 1
        }
        return false
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Template placeholders (`<slug>`, `{name}`, `...`) are not paths to check.
    static func isPlaceholder(_ text: String) -> Bool {
        // One pass over the bytes: a marker byte, or three dots in a row.
        func scan(_ bytes: some Collection<UInt8>) -> Bool {
            var dots = 0
            for byte in bytes {
                switch byte {
                case 0x3C, 0x3E, 0x7B, 0x7D, 0x2A: return true
                case 0x2E:
                    dots += 1
                    if dots == 3 { return true }
                default: dots = 0
                }
            }
            return false
        }
        return text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
    }

    /// `%XX` escapes decoded as UTF-8; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        guard text.utf8Contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                      let low = hexValue(iterator[iterator.startIndex + 1]) else { return nil }
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
