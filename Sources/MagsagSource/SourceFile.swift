#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one file, with its repository-relative path and a line index.
///
/// Parsed once and shared by every rule; immutable and therefore `Sendable`.
public final class SourceFile: Sendable {
    /// Repository-relative path with `/` separators (never absolute, never starting with `./`).
    public let path: String
    /// The raw bytes as read from the source (work tree, index blob, commit blob or memory).
    public let bytes: [UInt8]
    /// Whether `bytes` are valid UTF-8 (a leading BOM allowed).
    public let isValidUTF8: Bool
    /// The content decoded as UTF-8 (a leading BOM removed from the text, not from `bytes`), or nil
    /// when the bytes are not valid UTF-8. Decoded at each use: the parsers and rules read `bytes`, and
    /// a second copy of every file held for the few that want a `String` would cost as much as the bytes.
    public var text: String? {
        isValidUTF8 ? String(decoding: Self.bodyWithoutBOM(bytes), as: UTF8.self) : nil
    }
    /// Offset/line/column mapping over `bytes`.
    public let lineIndex: LineIndex
    /// Whether git records the file as executable (mode `100755`); always false for files that do not
    /// come from git (a plain folder, memory).
    public let isExecutable: Bool

    public init(path: String, bytes: [UInt8], isExecutable: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.isExecutable = isExecutable
        let lineIndex = LineIndex(bytes)
        self.lineIndex = lineIndex
        self.isValidUTF8 = SourceFile.isValidUTF8(bytes, isASCII: lineIndex.isASCII)
        self.isBinary = SourceFile.hasNUL(bytes, within: 8000)
    }

    /// Whether a NUL byte occurs in the first `limit` bytes: `memchr`, which reads a word or a vector
    /// at a time (the byte loop it replaces cost six instructions per byte of every file).
    static func hasNUL(_ bytes: [UInt8], within limit: Int) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            return memchr(base, 0, min(limit, raw.count)) != nil
        }
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Whether the file looks binary (a NUL byte in its first 8000 bytes, as git decides). Stored: many
    /// rules ask, for every file.
    public let isBinary: Bool

    /// The file name extension, lowercased, without the dot ("" when none).
    public var pathExtension: String {
        let name = path.lastPathSegment
        guard let dot = name.utf8LastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...]).lowercasedIfNeeded()
    }

    /// Position of a byte offset.
    public func position(ofOffset offset: Int) -> SourcePosition {
        lineIndex.position(ofOffset: offset)
    }

    /// Range covering the byte offsets `[start, end)`.
    public func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(start: position(ofOffset: start), end: position(ofOffset: end))
    }

    private static func bodyWithoutBOM(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    /// Strict validation: ill-formed sequences are rejected, never repaired. ASCII (most files, as the
    /// line index's scan found) needs no second look.
    static func isValidUTF8(_ bytes: [UInt8], isASCII: Bool) -> Bool {
        isASCII || String(validating: bodyWithoutBOM(bytes), as: UTF8.self) != nil
    }
}
