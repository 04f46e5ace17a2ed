/// Resolves YAML scalars to the JSON data model with the YAML 1.2 core schema.
///
/// Deliberately not YAML 1.1: `yes`, `no`, `on`, `off`, `2025-11-01`, `0.1.0` and `1_000` are strings,
/// and `0777` is the decimal integer 777. `.inf`, `-.inf` and `.nan` load as
/// numbers whose text is `Infinity`, `-Infinity` and `NaN` (their `double` is infinite or NaN), so
/// JSON Schema sees a number, as a YAML 1.2 validator would.
enum YAMLScalarResolver {
    static let tagPrefix = "tag:yaml.org,2002:"

    /// The outcome of resolving one scalar.
    struct Resolution {
        var kind: SourceValue.Kind
        /// Set when an explicit standard tag could not be honoured (`!!int abc`): the tag's short name.
        var rejectedTag: String?
    }

    /// Resolve a scalar with its style and explicit tag (libyaml's expanded form, or nil).
    static func resolve(_ text: String, plain: Bool, tag: String?) -> Resolution {
        guard let tag, tag != "?" else {
            return Resolution(kind: plain ? core(text) : .string(text))
        }
        if tag == "!" { return Resolution(kind: .string(text)) }
        guard tag.hasPrefix(tagPrefix) else {
            // Unknown local tag: keep the value as the core schema reads it.
            return Resolution(kind: plain ? core(text) : .string(text))
        }
        let name = String(tag.dropFirst(tagPrefix.count))
        let bytes = Array(text.utf8)
        switch name {
        case "str":
            return Resolution(kind: .string(text))
        case "null":
            return isNull(bytes) ? Resolution(kind: .null) : rejected(text, "null")
        case "bool":
            return bool(bytes).map { Resolution(kind: .bool($0)) } ?? rejected(text, "bool")
        case "int":
            return integer(bytes).map { Resolution(kind: .number(JSONNumber(text: $0))) } ?? rejected(text, "int")
        case "float":
            let number = integer(bytes) ?? float(bytes)
            return number.map { Resolution(kind: .number(JSONNumber(text: $0))) } ?? rejected(text, "float")
        default:
            // !!timestamp, !!binary, !!merge, ...: not in the JSON model; read as the core schema would.
            return Resolution(kind: plain ? core(text) : .string(text))
        }
    }

    private static func rejected(_ text: String, _ tag: String) -> Resolution {
        Resolution(kind: .string(text), rejectedTag: tag)
    }

    /// Core schema resolution of a plain scalar.
    static func core(_ text: String) -> SourceValue.Kind {
        guard let first = text.utf8.first else { return .null }
        // Fast path: most plain scalars are words and cannot be anything but strings.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            break
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            // Only a null or a boolean starts so (no number does): compared as written, no copies.
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return .string(text)
            }
        default:
            return .string(text)
        }
        // A digit, sign or dot first: no null or boolean spelling starts so, only a number may. Digits
        // alone without a leading zero (most numbers of catalog files) are their own JSON text.
        let plainInteger = text.utf8.withContiguousStorageIfAvailable { digits in
            (digits.count == 1 || digits[0] != UInt8(ascii: "0")) && digits.allSatisfy(YAMLNumberText.isDigit)
        }
        if plainInteger == true { return .number(JSONNumber(text: text)) }
        let bytes = Array(text.utf8)
        if let number = integer(bytes) ?? float(bytes) { return .number(JSONNumber(text: number)) }
        return .string(text)
    }

    /// `core` without the fast paths (the definition they follow, and what a scalar that may be a
    /// number goes through).
    static func coreByDefinition(_ text: String) -> SourceValue.Kind {
        let bytes = Array(text.utf8)
        if isNull(bytes) { return .null }
        if let value = bool(bytes) { return .bool(value) }
        if let number = integer(bytes) ?? float(bytes) { return .number(JSONNumber(text: number)) }
        return .string(text)
    }

    static func isNull(_ bytes: [UInt8]) -> Bool {
        switch String(decoding: bytes, as: UTF8.self) {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func bool(_ bytes: [UInt8]) -> Bool? {
        switch String(decoding: bytes, as: UTF8.self) {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// JSON text of a core-schema integer (`[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`), or nil.
    static func integer(_ bytes: [UInt8]) -> String? {
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o") { return YAMLNumberText.radix(bytes.dropFirst(2), radix: 8) }
            if bytes[1] == UInt8(ascii: "x") { return YAMLNumberText.radix(bytes.dropFirst(2), radix: 16) }
        }
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(YAMLNumberText.isDigit) else { return nil }
        return (negative ? "-" : "") + YAMLNumberText.withoutLeadingZeros(digits)
    }

    /// JSON text of a core-schema float, or nil. `.inf`/`.nan` become `Infinity`/`NaN`.
    static func float(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return "Infinity"
        case "-.inf", "-.Inf", "-.INF": return "-Infinity"
        case ".nan", ".NaN", ".NAN": return "NaN"
        default: return YAMLNumberText.decimalFloat(bytes)
        }
    }
}
