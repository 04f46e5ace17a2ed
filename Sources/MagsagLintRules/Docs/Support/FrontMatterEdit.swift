import MagsagLintCore
import MagsagSource

/// Edits of a Markdown file's front-matter block for fixes: new top-level fields go at the end of the
/// block, before the closing delimiter, with the file's line ending and the block's key indentation;
/// values are written only where they are missing, so applying an edit twice is impossible.
enum FrontMatterEdit {
    /// The edit that gives each `(key, value)` field its value: a key absent from the block is added
    /// at its end; a key present without a value (`slug:`, `slug: ~`) gets the value after its colon.
    /// nil when a present key is written in a way this cannot edit safely.
    static func setFields(_ fields: [(key: String, value: String)], in document: LintDocument) -> [Fix.Edit]? {
        guard let block = document.markdown?.frontMatterBlock, block.isTerminated,
              let object = document.frontMatter?.objectValue, !fields.isEmpty else { return nil }
        let file = document.file
        // A flow mapping (`{title: A}`) cannot take a new line of `key: value` after it.
        if let start = document.frontMatter?.range.start.offset, start < file.bytes.count,
           file.bytes[start] == UInt8(ascii: "{") { return nil }
        let newline = TextEdit.lineEnding(of: file.bytes)
        let indent = String(repeating: " ", count: max(0, (object.members.first?.keyRange.start.column ?? 1) - 1))
        var appended = ""
        var edits: [Fix.Edit] = []
        for (key, value) in fields {
            if let member = object.member(key) {
                guard let edit = fillEmptyValue(member, with: value, in: file) else { return nil }
                edits.append(edit)
            } else {
                appended += indent + key + ": " + TextEdit.yamlScalar(value) + newline
            }
        }
        if !appended.isEmpty {
            let at = block.yamlByteRange.upperBound
            edits.append(Fix.Edit(path: file.path, startOffset: at, endOffset: at, replacement: appended))
        }
        return edits
    }

    /// `key:` or `key: ~` / `key: null` (optionally followed by a comment) becomes `key: value`.
    private static func fillEmptyValue(_ member: SourceObject.Member, with value: String, in file: SourceFile) -> Fix.Edit? {
        let bytes = file.bytes
        var cursor = member.keyRange.end.offset
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
        cursor += 1
        let colon = cursor
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        var tokenEnd = cursor
        if cursor < bytes.count, bytes[cursor] != UInt8(ascii: "#") {
            while tokenEnd < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[tokenEnd]) { tokenEnd += 1 }
        }
        let token = String(decoding: bytes[cursor..<tokenEnd], as: UTF8.self)
        guard ["", "~", "null", "Null", "NULL"].contains(token) else { return nil }
        var after = tokenEnd
        while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
        let comment = after < bytes.count && bytes[after] == UInt8(ascii: "#")
        guard comment || after == bytes.count || bytes[after] == 0x0A || bytes[after] == 0x0D else { return nil }
        let scalar = " " + TextEdit.yamlScalar(value)
        if !comment { return Fix.Edit(path: file.path, startOffset: colon, endOffset: after, replacement: scalar) }
        // Before a trailing comment: keep the comment and the blank that separates it.
        if token.isEmpty { return Fix.Edit(path: file.path, startOffset: colon, endOffset: cursor, replacement: scalar + " ") }
        return Fix.Edit(path: file.path, startOffset: colon, endOffset: tokenEnd, replacement: scalar)
    }
}
