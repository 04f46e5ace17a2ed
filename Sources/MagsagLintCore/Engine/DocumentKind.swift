/// How a file is parsed.
public enum DocumentKind: String, Sendable, Hashable {
    case json
    case yaml
    case markdown
    /// Any other file: only byte-level rules apply.
    case other

    /// The kind a path implies by its extension.
    public static func of(path: String) -> DocumentKind {
        // Byte comparisons of the lowercased name (called for every path of large snapshots).
        let lower = path.lowercasedIfNeeded().utf8
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard lower.count >= count else { return false }
            return suffix.withUTF8Buffer { lower.suffix(count).elementsEqual($0) }
        }
        if ends(".json") { return .json }
        if ends(".yaml") || ends(".yml") { return .yaml }
        if ends(".md") || ends(".markdown") { return .markdown }
        return .other
    }

    /// Whether files of this kind are expected to be UTF-8 text.
    public var isText: Bool { self != .other }
}
