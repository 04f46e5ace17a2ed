import MagsagSource

/// Short, readable renderings of values for error messages.
enum Messages {
    static func describe(_ value: SourceValue) -> String {
        switch value.kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return quote(s)
        case .array(let a): return a.isEmpty ? "[]" : "array"
        case .object(let o): return o.isEmpty ? "{}" : "object"
        }
    }

    static func describeWithType(_ value: SourceValue) -> String {
        switch value.kind {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return "\(Keywords.isInteger(n) ? "integer" : "number") \(n.text)"
        case .string(let s): return "string \(quote(s))"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func quote(_ s: String) -> String {
        var body = s
        if s.unicodeScalars.count > 60 { body = String(String.UnicodeScalarView(s.unicodeScalars.prefix(57))) + "..." }
        // Most strings need no escaping: skip the three replacing passes then.
        if body.utf8ContainsByte(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
            body = body.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
        }
        return "\"" + body + "\""
    }

    static func list(_ values: [SourceValue]) -> String {
        let shown = values.prefix(8).map(describe).joined(separator: ", ")
        return values.count > 8 ? shown + ", … (\(values.count) values)" : shown
    }

    static func typeList(_ types: TypeSet) -> String { joinOr(types.names) }

    static func joinOr(_ items: [String]) -> String {
        switch items.count {
        case 0: return "nothing"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
        }
    }
}
