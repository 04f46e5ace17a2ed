/// How a file is parsed.
public enum DocumentKind: String, Sendable, Hashable {
    case json
    case yaml
    case markdown
    /// Any other file: only byte-level rules apply.
    case other

    /// The kind a path implies by its extension.
    public static func of(path: String) -> DocumentKind {
        let lower = path.lowercasedIfNeeded()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        return .other
    }

    /// Whether files of this kind are expected to be UTF-8 text.
    public var isText: Bool { self != .other }
}
