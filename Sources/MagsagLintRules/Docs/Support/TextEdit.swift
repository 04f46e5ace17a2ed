import MagsagLintCore
import MagsagSource

/// Minimal text edits for fixes in YAML, Markdown front-matter and JSON: they change only the bytes
/// that must change, so comments, indentation, quoting style and line endings stay as written.
enum TextEdit {
    /// The file's line terminator (`\r\n`, `\r` or `\n`), taken from its first line; `\n` for a file
    /// of one line.
    static func lineEnding(of bytes: [UInt8]) -> String {
        guard let index = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return "\n" }
        if bytes[index] == 0x0A { return "\n" }
        return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? "\r\n" : "\r"
    }

    /// `text` as a YAML scalar in block context: plain when it reads back as the same string, else
    /// single-quoted.
    static func yamlScalar(_ text: String) -> String {
        if isPlainSafe(text) { return text }
        return "'" + text.replacing("'", with: "''") + "'"
    }

    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        let isAlphanumeric = { (s: Unicode.Scalar) in s.properties.isAlphabetic || ("0"..."9").contains(s) }
        guard isAlphanumeric(first), last != " ", last != ":" else { return false }
        if text.utf8Contains(": ") || text.utf8Contains(" #") || text.contains(where: \.isNewline) { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || "\"'`{}[]&*!|>%@".unicodeScalars.contains($0) }) { return false }
        let lower = text.lowercased()
        if ["null", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(lower) { return false }
        // Numbers (`12`, `1e3`, `0x1F`, `1_000`) would read back as numbers; dates stay strings.
        let numberLike = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+-._eExXoOabcdefABCDEF".unicodeScalars.contains($0) }
        if numberLike, text.unicodeScalars.first.map({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" || $0 == "." }) == true,
           !isDate(text) {
            return false
        }
        return true
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// The edit that removes item `index` of a sequence (a YAML flow or block sequence, or a JSON
    /// array) together with its separator; nil when the layout is not one this can edit safely
    /// (the only item, a multi-line block item, an item sharing its line).
    static func removeItem(_ index: Int, of array: SourceValue, in file: SourceFile) -> Fix.Edit? {
        guard let items = array.arrayValue, items.indices.contains(index), items.count > 1 else { return nil }
        let bytes = file.bytes
        let start = array.range.start.offset
        guard start < bytes.count else { return nil }
        let item = items[index].range
        if bytes[start] == UInt8(ascii: "[") {
            if index > 0 {
                return Fix.Edit(path: file.path, startOffset: items[index - 1].range.end.offset, endOffset: item.end.offset, replacement: "")
            }
            return Fix.Edit(path: file.path, startOffset: item.start.offset, endOffset: items[1].range.start.offset, replacement: "")
        }
        // Block sequence: the item must be alone on its line, after `- `.
        var lineStart = item.start.offset
        while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        let prefix = bytes[lineStart..<item.start.offset]
        guard prefix.contains(UInt8(ascii: "-")),
              prefix.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: "-") }),
              prefix.filter({ $0 == UInt8(ascii: "-") }).count == 1 else { return nil }
        guard item.start.line == item.end.line else { return nil }
        var end = item.end.offset
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        // A trailing comment after the item goes with it; anything else there means another layout.
        let rest = bytes[item.end.offset..<end].drop { $0 == 0x20 || $0 == 0x09 }
        guard rest.isEmpty || rest.first == UInt8(ascii: "#") else { return nil }
        if end < bytes.count, bytes[end] == 0x0D {
            end += 1
            if end < bytes.count, bytes[end] == 0x0A { end += 1 }
        } else if end < bytes.count, bytes[end] == 0x0A {
            end += 1
        }
        return Fix.Edit(path: file.path, startOffset: lineStart, endOffset: end, replacement: "")
    }

    /// Indices of items equal to an earlier item (scalars compared by kind and text), in order.
    static func duplicateIndices(_ items: [SourceValue]) -> [(index: Int, first: Int)] {
        var seen: [String: Int] = [:]
        var found: [(Int, Int)] = []
        for (index, item) in items.enumerated() {
            guard let key = scalarKey(item) else { continue }
            if let first = seen[key] { found.append((index, first)) } else { seen[key] = index }
        }
        return found
    }

    /// A key identifying a scalar value (nil for mappings and sequences).
    static func scalarKey(_ value: SourceValue) -> String? {
        switch value.kind {
        case .string(let text): "s:" + text
        case .number(let number): "n:" + number.text
        case .bool(let flag): "b:\(flag)"
        case .null: "null"
        default: nil
        }
    }
}
