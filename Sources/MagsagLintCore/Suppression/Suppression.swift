public import MagsagSource

/// An inline suppression comment:
/// `# magsag-lint: disable-next-line <id>[, <id>] -- <reason>` or `disable-file`, in `#` comments of
/// YAML and shell-like files, and inside `<!-- … -->` in Markdown. JSON has no comments: use the
/// configuration or a baseline.
public struct Suppression: Sendable, Hashable {
    public enum Scope: String, Sendable, Hashable {
        case nextLine = "disable-next-line"
        case file = "disable-file"
    }

    public var scope: Scope
    /// Rule ids named (empty: a blanket suppression, which is rejected).
    public var ruleIDs: [String]
    /// Ranges of each id in the comment, parallel to `ruleIDs`.
    public var idRanges: [SourceRange]
    /// The justification after `--` (nil when missing).
    public var reason: String?
    /// The directive's own range.
    public var range: SourceRange
    /// For `disable-next-line`: the line it covers.
    public var targetLine: Int?

    /// Whether it silences `ruleID` on `line`.
    public func covers(_ ruleID: String, line: Int) -> Bool {
        guard ruleIDs.contains(ruleID) else { return false }
        switch scope {
        case .file: return true
        case .nextLine: return targetLine == line
        }
    }
}

/// Finds suppression comments in a file.
public enum SuppressionParser {
    static let marker = "magsag-lint:"

    /// Every directive in `file` (none for JSON or non-UTF-8 files).
    public static func parse(_ file: SourceFile, kind: DocumentKind) -> [Suppression] {
        guard kind != .json, file.isValidUTF8, containsMarker(file.bytes) else { return [] }
        var found: [Suppression] = []
        let lineCount = file.lineIndex.lineCount
        var line = 1
        var fence: String?
        while line <= lineCount {
            defer { line += 1 }
            guard let content = file.lineIndex.lineText(line) else { continue }
            if kind == .markdown {
                // Directives inside fenced code blocks are examples, not directives.
                let trimmed = content.drop { $0 == " " }
                if content.count - trimmed.count <= 3, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    let run = String(trimmed.prefix { $0 == trimmed.first })
                    if let open = fence {
                        if run.count >= open.count, run.first == open.first, trimmed.dropFirst(run.count).allSatisfy({ $0 == " " || $0 == "\t" }) { fence = nil }
                    } else {
                        fence = run
                    }
                    continue
                }
                if fence != nil { continue }
            }
            guard let markerRange = content.range(of: marker) else { continue }
            let before = content[..<markerRange.lowerBound]
            let isMarkdown = kind == .markdown
            if isMarkdown {
                // A directive is a comment of its own line (not text quoted inside prose or code spans).
                guard before.trimmingCharacters(in: " \t") == "<!--" else { continue }
            } else {
                guard let hash = before.lastIndex(of: "#") else { continue }
                let preceding = before[..<hash]
                guard preceding.isEmpty || preceding.last == " " || preceding.last == "\t" else { continue }
                guard before[before.index(after: hash)...].allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            }
            var rest = content[markerRange.upperBound...]
            if isMarkdown, let close = rest.utf8Range(of: "-->") { rest = rest[..<close.lowerBound] }
            let lineStart = file.lineIndex.lineStarts[line - 1]
            if var suppression = directive(String(rest), line: line, lineText: content,
                                           offsetOfRest: content.utf8.distance(from: content.startIndex, to: markerRange.upperBound),
                                           lineStart: lineStart, file: file) {
                if suppression.scope == .nextLine { suppression.targetLine = nextContentLine(after: line, file: file) }
                found.append(suppression)
            }
        }
        return found
    }

    /// Byte-level search for the marker, so files without one cost one pass of `memchr`-like work.
    static func containsMarker(_ bytes: [UInt8]) -> Bool {
        let needle = Array(marker.utf8)
        return bytes.withUnsafeBufferPointer { haystack in
            guard haystack.count >= needle.count else { return false }
            var i = 0
            let last = haystack.count - needle.count
            let raw = UnsafeRawBufferPointer(haystack)
            while i <= last {
                // Skip eight bytes at a time while none of them is an `m` (the marker's first byte).
                if i + 8 <= haystack.count {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x6D6D_6D6D_6D6D_6D6D
                    if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                if haystack[i] == 0x6D /* m */ {
                    var j = 1
                    while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    private static func directive(_ rest: String, line: Int, lineText: String, offsetOfRest: Int, lineStart: Int, file: SourceFile) -> Suppression? {
        var body = Substring(rest)
        var reason: String?
        if let dashes = body.utf8Range(of: " --") ?? body.utf8Range(of: "--") {
            let text = body[dashes.upperBound...].trimmingCharacters(in: " \t")
            reason = text.isEmpty ? nil : text
            body = body[..<dashes.lowerBound]
        }
        let trimmed = body.drop { $0 == " " || $0 == "\t" }
        let scopeWord = trimmed.prefix { !($0 == " " || $0 == "\t") }
        guard let scope = Suppression.Scope(rawValue: String(scopeWord)) else { return nil }
        var ids: [String] = []
        var ranges: [SourceRange] = []
        let idsText = trimmed.dropFirst(scopeWord.count)
        var cursor = idsText.startIndex
        for piece in idsText.asciiSplit(",", omittingEmptySubsequences: false) {
            let name = piece.trimmingCharacters(in: " \t")
            if !name.isEmpty, let at = rest[cursor...].range(of: name) {
                let start = lineStart + offsetOfRest + rest.utf8.distance(from: rest.startIndex, to: at.lowerBound)
                ids.append(name)
                ranges.append(file.range(from: start, to: start + name.utf8.count))
                cursor = at.upperBound
            }
        }
        let markerStart = lineStart + offsetOfRest - marker.utf8.count
        let range = file.range(from: markerStart, to: lineStart + lineText.utf8.count)
        return Suppression(scope: scope, ruleIDs: ids, idRanges: ranges, reason: reason, range: range, targetLine: nil)
    }

    /// The first following line that is neither blank nor another suppression comment.
    private static func nextContentLine(after line: Int, file: SourceFile) -> Int {
        var next = line + 1
        while next <= file.lineIndex.lineCount, let text = file.lineIndex.lineText(next) {
            let trimmed = text.trimmingCharacters(in: " \t")
            if !trimmed.isEmpty, !trimmed.contains(marker) { return next }
            next += 1
        }
        return line + 1
    }
}

extension StringProtocol {
    /// Trim the given characters from both ends.
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
