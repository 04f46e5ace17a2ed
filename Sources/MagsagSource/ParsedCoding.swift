/// A compact binary form of what a parse produces (values with every position, issues, a Markdown
/// file's front-matter part), so a parse can be kept per blob and restored without parsing again.
///
/// Built on `BinaryWriter` and `BinaryReader` (varints, strings, ranges). `decode` returns nil for
/// anything `encode` did not make (a wrong tag, a short or long input), never traps.
/// Encoding what was decoded gives the same bytes: the form captures everything the types hold.
public enum ParsedCoding {
    /// Bumped whenever the form changes.
    public static let formatVersion = 2

    /// What a JSON or YAML parse produced: its issues and values.
    public static func encode(issues: [ParseIssue], values: [SourceValue]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.issues(issues)
        writer.int(values.count)
        for value in values { writer.value(value) }
        return writer.bytes
    }

    /// The inverse of `encode(issues:values:)`.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> (issues: [ParseIssue], values: [SourceValue])? {
        var reader = BinaryReader(bytes)
        guard let issues = reader.issues(), let count = reader.count() else { return nil }
        var values: [SourceValue] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = reader.value(depth: 0) else { return nil }
            values.append(value)
        }
        return reader.atEnd ? (issues, values) : nil
    }

    /// A Markdown file's front-matter part.
    public static func encode(_ part: MarkdownDocument.FrontMatterPart) -> [UInt8] {
        var writer = BinaryWriter()
        writer.issues(part.issues)
        writer.byteRange(part.body)
        writer.optional(part.frontMatter) { $0.value($1) }
        writer.optional(part.block) { writer, block in
            writer.byteRange(block.yamlByteRange)
            writer.byteRange(block.bodyByteRange)
            writer.range(block.openingRange)
            writer.optional(block.closingRange) { $0.range($1) }
            writer.optional(block.issue) { $0.issue($1) }
        }
        return writer.bytes
    }

    /// The inverse of `encode(_:)` for a front-matter part.
    public static func decodeFrontMatter(_ bytes: ArraySlice<UInt8>) -> MarkdownDocument.FrontMatterPart? {
        var reader = BinaryReader(bytes)
        guard let issues = reader.issues(), let body = reader.byteRange(),
              let frontMatter = reader.optional({ $0.value(depth: 0) }),
              let block = reader.optional({ reader -> FrontMatterSplit? in
                  guard let yaml = reader.byteRange(), let bodyRange = reader.byteRange(), let opening = reader.range(),
                        let closing = reader.optional({ $0.range() }), let issue = reader.optional({ $0.issue() }) else { return nil }
                  return FrontMatterSplit(yamlByteRange: yaml, bodyByteRange: bodyRange, openingRange: opening,
                                          closingRange: closing, issue: issue)
              }), reader.atEnd else { return nil }
        return MarkdownDocument.FrontMatterPart(block: block, frontMatter: frontMatter, issues: issues, body: body)
    }

    /// Deeper values than this are refused when decoding (the parsers' own bounds are far lower).
    static let maxDepth = 10_000
}

/// Parse results over the shared primitives.
extension BinaryWriter {
    mutating func byteRange(_ range: Range<Int>) {
        int(range.lowerBound)
        int(range.upperBound)
    }

    mutating func issue(_ issue: ParseIssue) {
        string(issue.kind.rawValue)
        string(issue.message)
        range(issue.range)
        optional(issue.related) { $0.range($1) }
        optionalString(issue.relatedLabel)
    }

    mutating func issues(_ issues: [ParseIssue]) {
        int(issues.count)
        for issue in issues { self.issue(issue) }
    }

    mutating func value(_ value: SourceValue) {
        switch value.kind {
        case .null:
            bytes.append(0)
        case .bool(let flag):
            bytes.append(flag ? 2 : 1)
        case .number(let number):
            bytes.append(3)
            string(number.text)
        case .string(let text):
            bytes.append(4)
            string(text)
        case .array(let elements):
            bytes.append(5)
            int(elements.count)
            for element in elements { self.value(element) }
        case .object(let object):
            bytes.append(6)
            int(object.count)
            for member in object.members {
                string(member.key)
                range(member.keyRange)
                self.value(member.value)
            }
        }
        range(value.range)
    }
}

extension BinaryReader {
    mutating func byteRange() -> Range<Int>? {
        guard let lower = int(), let upper = int(), lower >= 0, lower <= upper else { return nil }
        return lower..<upper
    }

    mutating func issue() -> ParseIssue? {
        guard let kindText = string(), let kind = ParseIssue.Kind(rawValue: kindText), let message = string(),
              let range = range(), let related = optional({ $0.range() }), let label = optionalString() else { return nil }
        return ParseIssue(kind: kind, message: message, range: range, related: related, relatedLabel: label)
    }

    mutating func issues() -> [ParseIssue]? {
        guard let count = count() else { return nil }
        var out: [ParseIssue] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            guard let issue = issue() else { return nil }
            out.append(issue)
        }
        return out
    }

    mutating func value(depth: Int) -> SourceValue? {
        guard depth < ParsedCoding.maxDepth, let tag = byte() else { return nil }
        let kind: SourceValue.Kind
        switch tag {
        case 0: kind = .null
        case 1: kind = .bool(false)
        case 2: kind = .bool(true)
        case 3:
            guard let text = string() else { return nil }
            kind = .number(JSONNumber(text: text))
        case 4:
            guard let text = string() else { return nil }
            kind = .string(text)
        case 5:
            guard let count = count() else { return nil }
            var elements: [SourceValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
            }
            kind = .array(elements)
        case 6:
            guard let count = count() else { return nil }
            var members: [SourceObject.Member] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                guard let key = string(), let keyRange = range(), let member = value(depth: depth + 1) else { return nil }
                members.append(SourceObject.Member(key: key, keyRange: keyRange, value: member))
            }
            // Written from a parsed object, whose keys are distinct already (a record that does not
            // match its word hash is never read).
            kind = .object(SourceObject(distinct: members))
        default:
            return nil
        }
        guard let range = range() else { return nil }
        return SourceValue(kind, range: range)
    }
}
