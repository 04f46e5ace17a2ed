import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Which files the posture rules read, from the configured roots.
enum PosturePaths {
    /// Whether `path` is an MCP server config: `<root>/<name>.yaml` for a root in `roots.mcp`.
    static func isMCPServerConfig(_ path: String, settings: LintSettings) -> Bool {
        isMCPServerConfig(path, mcp: settings.roots.mcp)
    }

    /// `isMCPServerConfig(_:settings:)` for the roots `mcp`: what the per-file rules call with only the
    /// list taken from their settings (passing the settings copied all of them, every rule, every file).
    static func isMCPServerConfig(_ path: String, mcp: [String]) -> Bool {
        guard isYAMLName(path) else { return false }
        return mcp.contains { root in
            let prefix = root.hasSuffix("/") ? root : root + "/"
            return path.hasPrefix(prefix) && !path.dropFirst(prefix.count).utf8Contains("/")
        }
    }

    /// The MCP server configs of `repository`, in path order: each root's paths are found by binary
    /// search, not by testing every path of the snapshot, and list by list when the paths are kept as
    /// lists (a large snapshot's paths are not merged into one array for a few folders).
    static func mcpServerConfigs(in repository: RepositoryIndex, settings: LintSettings) -> [String] {
        var found: [String] = []
        for root in settings.roots.mcp {
            let folder = root.hasSuffix("/") ? String(root.dropLast()) : root
            let candidates = repository.sortedAllPaths(under: folder) ?? repository.sortedAllPaths
            found += candidates.filter { isMCPServerConfig($0, settings: settings) }
        }
        if settings.roots.mcp.count > 1 { found = Array(Set(found)).sorted() }
        return found
    }

    /// Whether `path` is a GitHub Actions workflow (`.github/workflows/<name>.yml`).
    static func isWorkflow(_ path: String) -> Bool {
        guard isYAMLName(path), let rest = path.dropPrefix(".github/workflows/"), !rest.utf8Contains("/") else { return false }
        return rest.hasSuffix(".yml") || rest.hasSuffix(".yaml")
    }

    /// Whether `path` is a permission policy (`<catalog>/policies/*permissions*.yaml`).
    static func isPermissionPolicy(_ path: String, settings: LintSettings) -> Bool {
        isPermissionPolicy(path, catalog: settings.roots.catalog)
    }

    static func isPermissionPolicy(_ path: String, catalog: String) -> Bool {
        guard let name = policyFileName(path, catalog: catalog) else { return false }
        return name.utf8Contains("permissions")
    }

    /// Whether `path` is `<catalog>/policies/flow_governance.yaml`.
    static func isFlowGovernance(_ path: String, catalog: String) -> Bool {
        guard let name = policyFileName(path, catalog: catalog) else { return false }
        return name == "flow_governance.yaml" || name == "flow_governance.yml"
    }

    /// Whether `path` is an agent descriptor (`<catalog>/agents/**/agent.yaml`).
    static func isAgentDescriptor(_ path: String, settings: LintSettings) -> Bool {
        isAgentDescriptor(path, catalog: settings.roots.catalog)
    }

    static func isAgentDescriptor(_ path: String, catalog: String) -> Bool {
        guard isYAMLName(path), path.hasSuffix("/agent.yaml") || path.hasSuffix("/agent.yml") else { return false }
        return under(path, catalog, "/agents/") != nil
    }

    /// The file name of a YAML file directly in `<catalog>/policies/`.
    private static func policyFileName(_ path: String, catalog: String) -> Substring? {
        guard isYAMLName(path), let name = under(path, catalog, "/policies/"),
              !name.utf8Contains("/") else { return nil }
        return name
    }

    /// What follows `root` + `folder` at the start of `path`, tested in place (concatenating the prefix
    /// made a string for every file, each rule).
    private static func under(_ path: String, _ root: String, _ folder: String) -> Substring? {
        // Compared byte by byte, as `dropPrefix` compares `root`: a name starting with a combining mark
        // must not join the folder's last `/` into one character.
        guard let rest = path.dropPrefix(root), rest.utf8.starts(with: folder.utf8) else { return nil }
        return rest[rest.utf8.index(rest.startIndex, offsetBy: folder.utf8.count)...]
    }

    /// Whether `path` ends with `.yaml` or `.yml` (`hasSuffix`'s answers). The per-file rules ask it of
    /// every file: bytes that end with neither answer no for certain (no other text is canonically
    /// equivalent to these ASCII characters), and only the rest asks the text methods (two of them cost
    /// about 250 instructions).
    static func isYAMLName(_ path: String) -> Bool {
        guard path.utf8.withContiguousStorageIfAvailable(endsLikeYAML) ?? true else { return false }
        return path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    private static func endsLikeYAML(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 4, bytes[count - 1] == UInt8(ascii: "l"), bytes[count - 2] == UInt8(ascii: "m") else { return false }
        if bytes[count - 3] == UInt8(ascii: "y"), bytes[count - 4] == UInt8(ascii: ".") { return true }
        return count >= 5 && bytes[count - 3] == UInt8(ascii: "a") && bytes[count - 4] == UInt8(ascii: "y") && bytes[count - 5] == UInt8(ascii: ".")
    }

    /// The last path component.
    static func fileName(_ path: String) -> String {
        path.asciiSplit("/").last.map(String.init) ?? path
    }
}

/// Reading rule options (`options: {<rule>: {...}}`).
extension DiagnosticSink {
    /// A boolean option, else `fallback`.
    func boolOption(_ key: String, default fallback: Bool) -> Bool {
        options?[key]?.boolValue ?? fallback
    }

    /// An integer option, else `fallback`.
    func intOption(_ key: String, default fallback: Int) -> Int {
        options?[key]?.numberValue?.intValue ?? fallback
    }

    /// A list-of-strings option (empty when absent).
    func stringsOption(_ key: String) -> [String] {
        options?[key]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

/// Finding text inside a value's source range.
enum SourceText {
    /// The range of the first occurrence of `needle` at or after `from` inside `range` of `file`; nil
    /// when not found (quoted scalars with escapes).
    static func locate(_ needle: String, in range: SourceRange, of file: SourceFile, from: Int? = nil) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        let bytes = file.bytes
        guard !pattern.isEmpty else { return nil }
        var start = max(from ?? range.start.offset, range.start.offset)
        let end = min(range.end.offset, bytes.count)
        while start + pattern.count <= end {
            if bytes[start] == pattern[0], bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
                return start..<(start + pattern.count)
            }
            start += 1
        }
        return nil
    }
}
