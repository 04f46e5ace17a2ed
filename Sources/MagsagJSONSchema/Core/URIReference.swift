import MagsagSource

/// Minimal RFC 3986 URI-reference handling: split, resolve against a base, strip fragments.
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// Split a URI reference into its five components (RFC 3986 appendix B).
    ///
    /// Works on UTF-8 bytes: every delimiter is ASCII, so byte positions are valid string indices and
    /// no grapheme breaking is needed (this runs for every `$ref` and `$id` of every schema).
    init(_ string: String) {
        let utf8 = string.utf8
        var end = utf8.endIndex
        if let hash = string.utf8FirstIndex(of: UInt8(ascii: "#")) {
            fragment = String(string[utf8.index(after: hash)...])
            end = hash
        }
        var start = utf8.startIndex
        if let q = utf8[start..<end].firstIndex(of: UInt8(ascii: "?")) {
            query = String(string[utf8.index(after: q)..<end])
            end = q
        }
        if let colon = utf8[start..<end].firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }),
           colon != start, utf8[colon] == UInt8(ascii: ":") {
            let candidate = utf8[start..<colon]
            if let first = candidate.first, Self.isASCIILetter(first),
               candidate.allSatisfy({ Self.isASCIILetter($0) || Self.isASCIIDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) {
                scheme = String(decoding: candidate.map { $0 | 0x20 }, as: UTF8.self)
                start = utf8.index(after: colon)
            }
        }
        let rest = utf8[start..<end]
        if rest.count >= 2, rest.first == UInt8(ascii: "/"), rest[utf8.index(after: start)] == UInt8(ascii: "/") {
            let afterSlashes = utf8.index(start, offsetBy: 2)
            let slash = utf8[afterSlashes..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            authority = String(string[afterSlashes..<slash])
            start = slash
        }
        path = String(string[start..<end])
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    @inline(__always) static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The reference as text.
    var description: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// Whether the reference is absolute (has a scheme).
    var isAbsolute: Bool { scheme != nil }

    /// Resolve `self` (a reference) against `base` (RFC 3986 §5.2.2).
    func resolved(against base: URIReference) -> URIReference {
        if scheme != nil {
            return URIReference(scheme: scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if authority != nil {
            return URIReference(scheme: base.scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if path.isEmpty {
            return URIReference(scheme: base.scheme, authority: base.authority, path: base.path, query: query ?? base.query, fragment: fragment)
        }
        let merged: String
        if path.hasPrefix("/") {
            merged = path
        } else if base.authority != nil && base.path.isEmpty {
            merged = "/" + path
        } else if let slash = base.path.utf8LastIndex(of: UInt8(ascii: "/")) {
            merged = String(base.path[...slash]) + path
        } else {
            merged = path
        }
        return URIReference(scheme: base.scheme, authority: base.authority, path: Self.removeDotSegments(merged), query: query, fragment: fragment)
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.utf8ContainsByte(where: { $0 == UInt8(ascii: ".") }) else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        let absolute = path.hasPrefix("/")
        if absolute { input = input.dropFirst() }
        let segments = input.asciiSplit("/", omittingEmptySubsequences: false)
        for (i, segment) in segments.enumerated() {
            let last = i == segments.count - 1
            if segment == "." {
                if last { output.append("") }
            } else if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}

enum URIs {
    /// Resolve `reference` against `base` and return the result as text.
    static func resolve(_ reference: String, against base: String) -> String {
        // Fast path for the most common case, a fragment-only reference (`#/definitions/x`): RFC 3986
        // keeps the base without its fragment and takes the reference's fragment as written.
        if !base.isEmpty, reference.utf8.first == UInt8(ascii: "#") {
            return stripFragment(base) + reference
        }
        if base.isEmpty { return URIReference(reference).description }
        if let merged = mergeRelativePath(reference, against: base) { return merged }
        if isPlainAbsolute(reference) { return reference }
        return URIReference(reference).resolved(against: URIReference(base)).description
    }

    /// RFC 3986 resolution without building components, for the common `$ref` shape: a relative path
    /// (`other.json`, `defs/x.json#/a`, `../../contracts/x.json`) against a `scheme://authority/path`
    /// base with a lowercase scheme. Nil when anything else is involved (schemes, queries, dot segments
    /// past the leading `./` and `../` ones...): the general resolver handles it. Reads both texts' UTF-8
    /// bytes in place (one pass each).
    static func mergeRelativePath(_ reference: String, against base: String) -> String? {
        let merged = reference.utf8.withContiguousStorageIfAvailable { ref -> String?? in
            base.utf8.withContiguousStorageIfAvailable { b -> String? in
                guard let (keep, skip) = directoryLength(merging: ref, into: b) else { return nil }
                var out = String(decoding: UnsafeBufferPointer(rebasing: b[..<keep]), as: UTF8.self)
                if skip == 0 {
                    out += reference
                } else {
                    out += String(decoding: UnsafeBufferPointer(rebasing: ref[skip...]), as: UTF8.self)
                }
                return out
            }
        }
        switch merged {
        case .some(.some(let result)): return result
        default: return mergeRelativePathByIndex(reference, against: base)
        }
    }

    /// How many bytes of `base` (its scheme, authority and directory, up to its path's last `/`, less
    /// one folder per leading `../` of the reference) are kept, and how many leading bytes of `ref` (its
    /// `./` and `../` segments) are dropped; nil when the fast merge does not apply.
    private static func directoryLength(merging whole: UnsafeBufferPointer<UInt8>, into b: UnsafeBufferPointer<UInt8>)
        -> (keep: Int, skip: Int)? {
        // Leading `./` and `../` segments: RFC 3986 drops the first and climbs one folder per second
        // (never above the path's root).
        var skip = 0, ups = 0
        while skip + 1 < whole.count, whole[skip] == UInt8(ascii: ".") {
            if whole[skip + 1] == UInt8(ascii: "/") {
                skip += 2
            } else if skip + 2 < whole.count, whole[skip + 1] == UInt8(ascii: "."), whole[skip + 2] == UInt8(ascii: "/") {
                skip += 3
                ups += 1
            } else {
                break
            }
        }
        let ref = UnsafeBufferPointer(rebasing: whole[skip...])
        guard let first = ref.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "?"), first != UInt8(ascii: ".") else { return nil }
        var previous: UInt8 = 0
        for byte in ref {
            if byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "?") { return nil }
            // A dot right after a slash may start a `.`/`..` segment.
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: "/") { return nil }
            previous = byte
        }
        if first == UInt8(ascii: "#") { return nil }
        // scheme: lowercase letter, then lowercase letters, digits, `+`, `-`, `.`; then "://".
        guard let start = b.first, start >= UInt8(ascii: "a"), start <= UInt8(ascii: "z") else { return nil }
        var i = 0
        while i < b.count, b[i] != UInt8(ascii: ":") {
            let c = b[i]
            let ok = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || URIReference.isASCIIDigit(c)
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            if !ok { return nil }
            i += 1
        }
        guard i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/") else { return nil }
        i += 3
        // Authority, then a path that must start with "/" (the last "/" of the path is kept).
        var lastSlash = -1, pathStart = -1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == UInt8(ascii: "/") {
                lastSlash = i
                if pathStart < 0 { pathStart = i }
            }
            i += 1
        }
        guard lastSlash >= 0 else { return nil }
        // The base's directory must hold no dot segments either (the general resolver removes them).
        if hasDotSegment(UnsafeBufferPointer(rebasing: b[...lastSlash])) { return nil }
        var end = lastSlash
        for _ in 0..<ups where end > pathStart {
            end -= 1
            while b[end] != UInt8(ascii: "/") { end -= 1 }
        }
        return (end + 1, skip)
    }

    /// `mergeRelativePath` through string indices (for text without contiguous UTF-8, and the
    /// definition the byte version follows).
    static func mergeRelativePathByIndex(_ reference: String, against base: String) -> String? {
        let ref = reference.utf8
        guard let first = ref.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "?"), first != UInt8(ascii: ".") else { return nil }
        var refPathEnd = ref.endIndex
        for i in ref.indices {
            let byte = ref[i]
            if byte == UInt8(ascii: "#") { refPathEnd = i; break }
            if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "?") { return nil }
            // A dot right after a slash may start a `.`/`..` segment.
            if byte == UInt8(ascii: "."), i != ref.startIndex, ref[ref.index(before: i)] == UInt8(ascii: "/") { return nil }
        }
        if refPathEnd == ref.startIndex { return nil }
        let b = base.utf8
        // scheme: lowercase letter, then lowercase letters, digits, `+`, `-`, `.`; then "://".
        var i = b.startIndex
        guard i != b.endIndex, b[i] >= UInt8(ascii: "a"), b[i] <= UInt8(ascii: "z") else { return nil }
        while i != b.endIndex, b[i] != UInt8(ascii: ":") {
            let c = b[i]
            let ok = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || URIReference.isASCIIDigit(c)
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            if !ok { return nil }
            b.formIndex(after: &i)
        }
        guard i != b.endIndex else { return nil }
        b.formIndex(after: &i)
        guard i != b.endIndex, b[i] == UInt8(ascii: "/") else { return nil }
        b.formIndex(after: &i)
        guard i != b.endIndex, b[i] == UInt8(ascii: "/") else { return nil }
        b.formIndex(after: &i)
        // Authority, then a path that must start with "/" (the last "/" of the path is kept).
        var lastSlash: String.UTF8View.Index?
        var sawPath = false
        while i != b.endIndex {
            let c = b[i]
            if c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == UInt8(ascii: "/") { lastSlash = i; sawPath = true }
            b.formIndex(after: &i)
        }
        guard sawPath, let lastSlash else { return nil }
        // The base's directory must hold no dot segments either (the general resolver removes them).
        let directory = base[...lastSlash]
        if hasDotSegment(directory.utf8) { return nil }
        var out = ""
        out.reserveCapacity(directory.utf8.count + ref.count)
        out += directory
        out += reference
        return out
    }

    /// Whether a `/`-separated text has a `.` or `..` segment after some `/` (conservative: the whole
    /// text is scanned, query and fragment included).
    /// Generic over the byte sequence: the fast merge passes contiguous bytes, the definitions a UTF-8 view.
    static func hasDotSegment(_ bytes: some Sequence<UInt8>, segmentStart: Bool = false) -> Bool {
        var afterSlash = segmentStart, dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if afterSlash, dots == 1 || dots == 2 { return true }
                afterSlash = true
                dots = 0
            } else if byte == UInt8(ascii: "."), afterSlash {
                dots += 1
            } else {
                afterSlash = false
            }
        }
        return afterSlash && (dots == 1 || dots == 2)
    }

    /// Whether `reference` is an absolute URI that RFC 3986 resolution returns unchanged: a lowercase
    /// scheme followed by `:` and no `.`/`..` segments (an absolute `$id` or `$ref`).
    static func isPlainAbsolute(_ reference: String) -> Bool {
        let plain = reference.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
            var i = 1
            while i < bytes.count, bytes[i] != UInt8(ascii: ":") {
                let c = bytes[i]
                let ok = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || URIReference.isASCIIDigit(c)
                    || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
                if !ok { return false }
                i += 1
            }
            guard i < bytes.count else { return false }
            // The path may start right after the colon (`urn:./x`): that is a segment start too.
            return !hasDotSegment(UnsafeBufferPointer(rebasing: bytes[(i + 1)...]), segmentStart: true)
        }
        return plain ?? isPlainAbsoluteByIndex(reference)
    }

    /// `isPlainAbsolute` through string indices.
    static func isPlainAbsoluteByIndex(_ reference: String) -> Bool {
        let utf8 = reference.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        var i = utf8.index(after: utf8.startIndex)
        while i != utf8.endIndex {
            let c = utf8[i]
            if c == UInt8(ascii: ":") { break }
            let ok = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || URIReference.isASCIIDigit(c)
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            if !ok { return false }
            utf8.formIndex(after: &i)
        }
        guard i != utf8.endIndex else { return false }
        // The path may start right after the colon (`urn:./x`): that is a segment start too.
        return !hasDotSegment(reference[utf8.index(after: i)...].utf8, segmentStart: true)
    }

    /// Split "uri#fragment" into the part before `#` and the (still percent-encoded) fragment.
    static func split(_ uri: String) -> (base: String, fragment: String?) {
        guard let hash = uri.utf8FirstIndex(of: UInt8(ascii: "#")) else { return (uri, nil) }
        return (String(uri[..<hash]), String(uri[uri.utf8.index(after: hash)...]))
    }

    /// The URI without its fragment (an empty `#` is also dropped).
    static func stripFragment(_ uri: String) -> String { split(uri).base }

    /// Percent-decode (UTF-8); nil when malformed.
    static func percentDecode(_ text: String) -> String? {
        guard text.utf8ContainsByte(where: { $0 == UInt8(ascii: "%") }) else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let hi = hexValue(utf8[utf8.startIndex]), let lo = hexValue(utf8[utf8.startIndex + 1]) else { return nil }
                bytes.append(hi << 4 | lo)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encode characters not allowed in a URI fragment (for building absolute keyword locations).
    static func encodeFragment(_ text: String) -> String {
        // On UTF-8 bytes: ASCII letters, digits and the fragment's sub-delimiters stay; every other
        // byte (ASCII or of a non-ASCII scalar) is percent-encoded.
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if fragmentSafe(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private static func fragmentSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"),
             UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
