/// GitHub-compatible heading anchors (the `github-slugger` algorithm).
public struct HeadingSlugger: Sendable {
    private var occurrences: [String: Int] = [:]

    /// A slugger with no anchors issued yet.
    public init() {}

    /// The anchor for `text` without de-duplication: lowercased; letters, marks, numbers, `-` and
    /// `_` kept; every space becomes `-`; everything else (punctuation, symbols, emoji) removed.
    public static func slug(_ text: String) -> String {
        // Plain ASCII headings (nearly all) are slugged byte by byte; the rest by general category.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
            case 0x80...: return unicodeSlug(text)
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
        while occurrences[result] != nil {
            let next = (occurrences[base] ?? 0) + 1
            occurrences[base] = next
            result = "\(base)-\(next)"
        }
        occurrences[result] = 0
        return result
    }
}
