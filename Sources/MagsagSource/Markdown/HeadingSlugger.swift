/// GitHub-compatible heading anchors (the `github-slugger` algorithm).
public struct HeadingSlugger: Sendable {
    /// Anchors issued, with the last suffix tried for each base: a list while short (most documents
    /// have a few headings, and comparing a few short strings costs less than hashing one), a
    /// dictionary past `listedUpTo`.
    private var listed: [(anchor: String, next: Int)] = []
    private var occurrences: [String: Int]?
    private static let listedUpTo = 16

    /// A slugger with no anchors issued yet.
    public init() {}

    /// The anchor for `text` without de-duplication: lowercased; letters, marks, numbers, `-` and
    /// `_` kept; every space becomes `-`; everything else (punctuation, symbols, emoji) removed.
    public static func slug(_ text: String) -> String {
        // Plain ASCII headings (nearly all) are slugged byte by byte; the rest by general category.
        // Read in the string's own buffer (a contiguous copy for any other string), written straight into
        // the new string's: through the UTF-8 view's iterator and a byte array it cost about 60
        // instructions a byte.
        let ascii = text.utf8.withContiguousStorageIfAvailable(asciiSlug) ?? {
            var copy = text
            return copy.withUTF8(asciiSlug)
        }()
        return ascii ?? unicodeSlug(text)
    }

    /// `slug` of ASCII text's bytes; nil when a byte is not ASCII.
    private static func asciiSlug(_ source: UnsafeBufferPointer<UInt8>) -> String? {
        guard !source.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: source.count) { target in
            var written = 0
            for byte in source {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "_"), UInt8(ascii: "-"):
                    target[written] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): target[written] = byte | 0x20
                case UInt8(ascii: " "): target[written] = UInt8(ascii: "-")
                default: continue
                }
                written += 1
            }
            return written
        }
    }

    /// `slug` for text with non-ASCII characters.
    static func unicodeSlug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation:
                out.append(scalar)
            case .dashPunctuation where scalar == "-":
                out.append(scalar)
            default:
                break
            }
        }
        return String(out)
    }

    /// The next unique anchor for `text`: repeats get `-1`, `-2`, ... in document order, skipping
    /// suffixes that are already taken (as GitHub does).
    public mutating func unique(_ text: String) -> String {
        let base = Self.slug(text)
        var result = base
        while self[result] != nil {
            let next = (self[base] ?? 0) + 1
            self[base] = next
            result = "\(base)-\(next)"
        }
        self[result] = 0
        return result
    }

    /// The last suffix tried for an issued anchor (nil when `anchor` was not issued).
    private subscript(anchor: String) -> Int? {
        get {
            if let occurrences { return occurrences[anchor] }
            return listed.first { $0.anchor == anchor }?.next
        }
        set {
            guard let newValue else { return }
            if occurrences != nil {
                occurrences?[anchor] = newValue
            } else if let at = listed.firstIndex(where: { $0.anchor == anchor }) {
                listed[at].next = newValue
            } else if listed.count < Self.listedUpTo {
                listed.append((anchor, newValue))
            } else {
                var table = Dictionary(uniqueKeysWithValues: listed.map { ($0.anchor, $0.next) })
                table[anchor] = newValue
                occurrences = table
                listed = []
            }
        }
    }
}
