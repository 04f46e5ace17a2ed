/// A set of bytes as a 256-bit bitmap: the character classes secret matchers scan with.
struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// A set from a pattern of single characters and `a-z` ranges (ASCII only).
    init(_ pattern: String) {
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                for b in bytes[i]...max(bytes[i], bytes[i + 2]) { insert(b) }
                i += 3
            } else {
                insert(bytes[i])
                i += 1
            }
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always) func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// `[A-Za-z0-9]`.
    static let alnum = ByteSet("A-Za-z0-9")
    /// `[A-Za-z0-9_]`.
    static let word = ByteSet("A-Za-z0-9_")
    /// `[A-Za-z0-9_-]`: base64url.
    static let base64url = ByteSet("A-Za-z0-9_-")
    /// `[A-Za-z0-9+/]`.
    static let base64 = ByteSet("A-Za-z0-9+/")
    /// `[0-9a-f]`.
    static let hexLower = ByteSet("0-9a-f")
    /// `[0-9a-fA-F]`.
    static let hex = ByteSet("0-9a-fA-F")
    /// `[A-Z0-9]`.
    static let upperAlnum = ByteSet("A-Z0-9")
    /// `[0-9]`.
    static let digits = ByteSet("0-9")
    /// `[A-Za-z]`.
    static let letters = ByteSet("A-Za-z")
    /// Bytes that may not directly precede a token (it would be the middle of a longer word or blob).
    static let tokenNeighbour = ByteSet("A-Za-z0-9_+/")
}

/// Byte-level helpers shared by the matchers.
enum Bytes {
    /// Whether `literal` occurs at `offset` of `bytes` (case-sensitive).
    @inline(__always)
    static func hasLiteral(_ literal: [UInt8], at offset: Int, in bytes: [UInt8]) -> Bool {
        guard offset >= 0, offset + literal.count <= bytes.count else { return false }
        var k = 0
        while k < literal.count {
            if bytes[offset + k] != literal[k] { return false }
            k += 1
        }
        return true
    }

    /// Number of consecutive bytes of `set` starting at `offset`, stopping after `limit`.
    @inline(__always)
    static func run(of set: ByteSet, from offset: Int, in bytes: [UInt8], limit: Int = Int.max) -> Int {
        var i = offset
        while i < bytes.count, i - offset < limit, set.contains(bytes[i]) { i += 1 }
        return i - offset
    }

    /// Whether the byte before `offset` may start a token (start of file or not part of a word/blob).
    @inline(__always)
    static func startsToken(at offset: Int, in bytes: [UInt8], neighbour: ByteSet = .tokenNeighbour) -> Bool {
        offset == 0 || !neighbour.contains(bytes[offset - 1])
    }

    /// Whether the token ending at `end` is not followed by more word characters.
    @inline(__always)
    static func endsToken(at end: Int, in bytes: [UInt8]) -> Bool {
        end >= bytes.count || !ByteSet.alnum.contains(bytes[end])
    }

    /// `[start, end)` of the line containing `offset`, without its terminator.
    static func line(around offset: Int, in bytes: [UInt8]) -> Range<Int> {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        var end = min(offset, bytes.count)
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return start..<end
    }

    /// Whether `needle` occurs anywhere in `bytes[range]` (case-sensitive).
    static func contains(_ needle: [UInt8], in bytes: [UInt8], range: Range<Int>) -> Bool {
        guard !needle.isEmpty, range.count >= needle.count else { return false }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            if bytes[i] == needle[0], hasLiteral(needle, at: i, in: bytes) { return true }
            i += 1
        }
        return false
    }

    /// Shannon entropy in bits per byte of `bytes`.
    static func entropy(_ bytes: ArraySlice<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in bytes { counts[Int(b)] += 1 }
        let total = Double(bytes.count)
        var result = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            result -= p * log2(p)
        }
        return result
    }

    private static func log2(_ x: Double) -> Double {
        // ln(x) / ln(2) without Foundation, via the standard library's Float80-free path.
        var exponent = 0
        var mantissa = x
        while mantissa >= 2 { mantissa /= 2; exponent += 1 }
        while mantissa < 1 { mantissa *= 2; exponent -= 1 }
        // mantissa in [1, 2): series for log2 via atanh.
        let y = (mantissa - 1) / (mantissa + 1)
        var term = y
        var sum = 0.0
        var n = 1.0
        let y2 = y * y
        for _ in 0..<20 {
            sum += term / n
            term *= y2
            n += 2
        }
        return Double(exponent) + 2 * sum / 0.6931471805599453
    }
}
