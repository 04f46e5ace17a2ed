/// Writing JSON text.
public enum JSONText {
    /// Append `value` as a JSON string literal (RFC 8259): quotes, backslashes and every control
    /// character escaped; U+2028 and U+2029 escaped too, so the output is also valid JavaScript.
    public static func appendString(_ value: String, to out: inout String) {
        out += "\""
        // Contiguous bytes (native strings): runs that need no escape are appended whole, as slices of
        // `value` (scalar by scalar, a report's strings cost hundreds of instructions per character).
        // Runs end only at ASCII bytes or at U+2028/U+2029's three bytes: scalar boundaries.
        let utf8 = value.utf8
        let done: Bool? = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var runStart = 0
            var i = 0
            func flush(_ end: Int) {
                guard end > runStart else { return }
                let from = utf8.index(utf8.startIndex, offsetBy: runStart), to = utf8.index(from, offsetBy: end - runStart)
                out += value[from..<to]
            }
            while i < bytes.count {
                let byte = bytes[i]
                let escape: String?
                var width = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0..<0x20: escape = "\\u" + hex4(UInt32(byte))
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = "\\u" + hex4(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                    width = 3
                default: escape = nil
                }
                if let escape {
                    flush(i)
                    out += escape
                    i += width
                    runStart = i
                } else {
                    i += 1
                }
            }
            flush(bytes.count)
            return true
        }
        if done != true { appendEscapedScalars(value, to: &out) }
        out += "\""
    }

    /// The escaped text of `value` scalar by scalar (for strings without contiguous bytes; the reference
    /// the byte runs are tested against), without the quotes.
    static func appendEscapedScalars(_ value: String, to out: inout String) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}", "\u{2029}": out += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
