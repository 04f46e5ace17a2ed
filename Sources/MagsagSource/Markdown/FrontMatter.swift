#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a Markdown file's YAML front-matter block is.
public struct FrontMatterSplit: Sendable, Hashable {
    /// Bytes between the opening and the closing delimiter lines (the YAML text). When the block is
    /// not terminated: everything after the opening line.
    public var yamlByteRange: Range<Int>
    /// Bytes after the closing delimiter line. When the block is not terminated the whole file is
    /// the body (the `---` then reads as a thematic break).
    public var bodyByteRange: Range<Int>
    /// The opening `---` line (without its line terminator).
    public var openingRange: SourceRange
    /// The closing `---` or `...` line, nil when the block is not terminated.
    public var closingRange: SourceRange?
    /// `invalidFrontMatter` when the block is not terminated.
    public var issue: ParseIssue?

    /// Whether a closing delimiter line was found.
    public var isTerminated: Bool { closingRange != nil }

    /// A split with the given parts.
    public init(
        yamlByteRange: Range<Int>, bodyByteRange: Range<Int>, openingRange: SourceRange,
        closingRange: SourceRange?, issue: ParseIssue?
    ) {
        self.yamlByteRange = yamlByteRange
        self.bodyByteRange = bodyByteRange
        self.openingRange = openingRange
        self.closingRange = closingRange
        self.issue = issue
    }
}

/// Front-matter detection (Jekyll/Hugo/GitHub style).
public enum FrontMatter {
    /// Find the front-matter block: line 1 (after an optional UTF-8 BOM) is `---`, and the block ends
    /// at the next line that is `---` or `...`. Trailing spaces and tabs on delimiter lines are
    /// ignored; `\n`, `\r\n` and `\r` all end lines. Nil when the file has no front-matter.
    public static func split(_ file: SourceFile) -> FrontMatterSplit? {
        guard let found = delimiters(file.bytes) else { return nil }
        let openingRange = file.range(from: found.opening.lowerBound, to: found.opening.upperBound)
        if let closing = found.closing {
            return FrontMatterSplit(
                yamlByteRange: found.yaml, bodyByteRange: closing.next..<file.bytes.count, openingRange: openingRange,
                closingRange: file.range(from: closing.content.lowerBound, to: closing.content.upperBound), issue: nil)
        }
        let issue = ParseIssue(
            kind: .invalidFrontMatter, message: "front-matter block is not terminated", range: openingRange)
        return FrontMatterSplit(
            yamlByteRange: found.yaml, bodyByteRange: 0..<file.bytes.count,
            openingRange: openingRange, closingRange: nil, issue: issue)
    }

    /// The YAML bytes of the front-matter block, as `split` finds them, from the raw bytes alone (no line
    /// index): for byte searches over many files. Nil when there is no front-matter.
    public static func yamlByteRange(in bytes: [UInt8]) -> Range<Int>? {
        delimiters(bytes)?.yaml
    }

    /// The opening delimiter line's content, the YAML bytes, and the closing line (its content and the
    /// offset after it) when the block is terminated.
    private static func delimiters(_ bytes: [UInt8]) -> (opening: Range<Int>, yaml: Range<Int>, closing: (content: Range<Int>, next: Int)?)? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let opening = line(in: bytes, from: start)
        guard isDelimiter(bytes[opening.content], allowDots: false) else { return nil }
        let yamlStart = opening.next
        var cursor = yamlStart
        // Only a line terminator after `---` opens a block: `---` alone at the end of a file does not.
        if opening.next > opening.content.upperBound {
            while cursor < bytes.count {
                let current = line(in: bytes, from: cursor)
                if isDelimiter(bytes[current.content], allowDots: true) {
                    return (opening.content, yamlStart..<cursor, current)
                }
                cursor = current.next
            }
        }
        return (opening.content, min(yamlStart, bytes.count)..<bytes.count, nil)
    }

    /// The line starting at `from`: its content bytes and the offset of the next line. The line ends at
    /// the first LF or CR: found with `memchr` (every front-matter line of the 23,000 Markdown files a
    /// large hook looks at is split here), the LF first, then a CR before it.
    static func line(in bytes: [UInt8], from: Int) -> (content: Range<Int>, next: Int) {
        bytes.withUnsafeBufferPointer { buffer -> (content: Range<Int>, next: Int) in
            guard from < buffer.count, let base = buffer.baseAddress else { return (from..<from, from) }
            var end = memchr(base + from, 0x0A, buffer.count - from).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
                ?? buffer.count
            if let carriage = memchr(base + from, 0x0D, end - from) { end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(carriage)) }
            var next = end
            if next < buffer.count {
                next += (buffer[next] == 0x0D && next + 1 < buffer.count && buffer[next + 1] == 0x0A) ? 2 : 1
            }
            return (from..<end, next)
        }
    }

    /// Whether a line is `---` (or, with `allowDots`, `...`) followed by nothing but blanks. Compared
    /// byte by byte: every front-matter line of every Markdown file a run reads is asked.
    static func isDelimiter(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard end - line.startIndex == 3 else { return false }
        let first = line[line.startIndex], second = line[line.startIndex + 1], third = line[line.startIndex + 2]
        guard first == second, second == third else { return false }
        return first == UInt8(ascii: "-") || (allowDots && first == UInt8(ascii: "."))
    }
}
