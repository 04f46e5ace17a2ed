import MagsagSource

/// The exec engine's JSON-lines protocol (version 1), as pure functions: one line a child wrote decoded
/// into a message, and the runner's messages encoded. Specified in docs/runner.md ("Exec protocol").
///
/// This file depends on `MagsagSource` only, so the fuzz package compiles it as it is (fuzz/run).
public enum ExecProtocol {
    /// The protocol version sent in every `run` message.
    public static let version = 1
    /// Nesting bound for a line's JSON (deeper payloads are a protocol error, not a stack overflow).
    public static let maxDepth = 128

    /// A message from the child.
    public enum Message: Sendable {
        /// A delegation to a sub-agent (`agent`) or a skill invocation (`skill`): the runner answers with a reply.
        case call(Call)
        /// The final output; `status` is `success` (default) or `partial`.
        case result(status: String, output: SourceValue, usage: SourceValue?)
        /// The final failure.
        case error(code: String?, message: String?)
        /// An observability event, ignored by the runner.
        case log
    }

    /// A `delegate` or `invoke` request.
    public struct Call: Sendable {
        /// Echoed in the reply when present (a string or a number, as written).
        public var id: SourceValue?
        /// True for `delegate` (a sub-agent), false for `invoke` (a skill).
        public var isDelegation: Bool
        /// The callee reference as written (`magsag://sub.x@^1.0.0`, `sub.x`, `skill.y`, or a bare slug).
        public var target: String
        public var input: SourceValue
    }

    /// Why a line is not a valid message.
    public enum Failure: Error, Sendable, Equatable {
        case invalidJSON(String)
        case notAnObject(String)
        case missingType
        case unknownType(String)
        case invalidMember(String)

        /// A lowercase description for a finding.
        public var message: String {
            switch self {
            case .invalidJSON(let detail): "the line is not valid JSON (\(detail))"
            case .notAnObject(let type): "the line is a JSON \(type), expected an object"
            case .missingType: "the message has no string `type`"
            case .unknownType(let type): "unknown message type '\(type)'"
            case .invalidMember(let detail): detail
            }
        }
    }

    /// Decode one line (without its newline; a trailing CR is ignored). Never traps.
    public static func decode(line: [UInt8]) -> Result<Message, Failure> {
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        let parsed = JSONParser.parse(bytes: bytes, maxDepth: maxDepth)
        guard let value = parsed.value else {
            return .failure(.invalidJSON(parsed.issues.first.map { "\($0.message) at column \($0.range.start.column)" } ?? "empty line"))
        }
        guard let object = value.objectValue else { return .failure(.notAnObject(value.typeName)) }
        guard let type = object["type"]?.stringValue else { return .failure(.missingType) }
        switch type {
        case "delegate", "invoke":
            let key = type == "delegate" ? "agent" : "skill"
            guard let target = object[key]?.stringValue, !target.isEmpty else {
                return .failure(.invalidMember("`\(type)` needs a non-empty string `\(key)`"))
            }
            guard let input = object["input"] else { return .failure(.invalidMember("`\(type)` needs an `input`")) }
            let id = object["id"]
            if let id, id.stringValue == nil, id.numberValue == nil {
                return .failure(.invalidMember("`id` must be a string or a number, got \(id.typeName)"))
            }
            return .success(.call(Call(id: id, isDelegation: type == "delegate", target: target, input: input)))
        case "result":
            guard let output = object["output"] else { return .failure(.invalidMember("`result` needs an `output`")) }
            let status = object["status"]?.stringValue ?? "success"
            guard status == "success" || status == "partial" else {
                return .failure(.invalidMember("`result` status must be success or partial, got '\(status)'"))
            }
            return .success(.result(status: status, output: output, usage: object["usage"]))
        case "error":
            let error = object["error"]
            return .success(.error(code: error?["code"]?.stringValue ?? error?.stringValue, message: error?["message"]?.stringValue))
        case "log":
            return .success(.log)
        default:
            return .failure(.unknownType(String(type.prefix(64))))
        }
    }

    /// `value` as compact JSON text (object members in source order; control characters escaped; a number
    /// whose source text is not JSON, such as YAML's `.inf`, written through `Double`, or `null` when infinite).
    public static func encode(_ value: SourceValue, depth: Int = 0) -> String {
        var out = ""
        write(value, into: &out, depth: depth)
        return out
    }

    private static func write(_ value: SourceValue, into out: inout String, depth: Int) {
        guard depth < 512 else { out += "null"; return }
        switch value.kind {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += numberText(number)
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out, depth: depth + 1)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += "," }
                writeString(member.key, into: &out)
                out += ":"
                write(member.value, into: &out, depth: depth + 1)
            }
            out += "}"
        }
    }

    static func numberText(_ number: JSONNumber) -> String {
        if JSONParser.parse(number.text).value?.numberValue != nil { return number.text }
        let value = number.double
        guard value.isFinite else { return "null" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A JSON string literal.
    public static func writeString(_ string: String, into out: inout String) {
        JSONText.appendString(string, to: &out)
    }

    /// Split complete lines off the front of `buffer` (a line ends at LF); the incomplete rest stays.
    public static func takeLines(from buffer: inout [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        while let end = buffer[start...].firstIndex(of: 0x0A) {
            lines.append(Array(buffer[start..<end]))
            start = end + 1
        }
        if start > 0 { buffer.removeFirst(start) }
        return lines
    }
}
