import MagsagSource
/// A minimal JSON document model whose objects keep their keys in insertion order, so that every
/// machine-readable report is byte-for-byte deterministic.
///
/// Reporters build a `JSONValue` and serialise it with `rendered(indent:)`; nothing here relies on
/// Foundation, whose `JSONSerialization` does not guarantee key order.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer, written in decimal.
    case int(Int)
    /// A string, escaped on output.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// Key/value pairs in output order (keys should be unique; duplicates are written as given).
    case object([(String, JSONValue)])

    /// A string, or `null` when `value` is nil.
    public static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// Structural equality (compares the compact serialisations, so member order matters).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered(indent: 0) == rhs.rendered(indent: 0)
    }

    /// The serialised text. With `indent > 0` the output is pretty-printed with that many spaces per
    /// level (`"key": value`); with `indent == 0` it is compact. No trailing newline.
    public func rendered(indent: Int = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                JSONValue.writeString(member.0, into: &out)
                out += indent > 0 ? ": " : ":"
                member.1.write(into: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: Int, level: Int) {
        guard indent > 0 else { return }
        let width = indent * level
        // Slices of one run of spaces: no string made per line.
        if width < spaces.utf8.count {
            out += spaces[..<spaces.utf8.index(spaces.startIndex, offsetBy: width + 1)]
        } else {
            out += "\n"
            out += String(repeating: " ", count: width)
        }
    }

    /// A newline and then enough spaces for the indentation of most reports.
    private static let spaces = "\n" + String(repeating: " ", count: 64)

    /// Writes `value` as a JSON string literal (RFC 8259): quotes, backslashes and all control
    /// characters are escaped; U+2028/U+2029 are escaped too so the output is also valid JavaScript.
    static func writeString(_ value: String, into out: inout String) {
        JSONText.appendString(value, to: &out)
    }
}
