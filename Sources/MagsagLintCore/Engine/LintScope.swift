import MagsagSource

/// Which paths of a repository are linted: the MAGSAG roots by default.
public struct LintScope: Sendable, Hashable {
    /// Folder prefixes (with trailing `/`) whose files are in scope.
    public var roots: [String]
    /// Whether files directly in the repository root (README, CHANGELOG, config) are in scope.
    public var includeRootFiles: Bool
    /// Folder prefixes excluded even inside a root.
    public var excluded: [String]
    /// Extra files in scope (configuration `include`).
    public var includeGlobs: [Glob] = []
    /// Files out of scope whatever else matches (configuration `exclude`).
    public var excludeGlobs: [Glob] = []

    public init(roots: [String], includeRootFiles: Bool = true, excluded: [String] = []) {
        self.roots = roots.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.includeRootFiles = includeRootFiles
        self.excluded = excluded.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// The MAGSAG layout: catalog, docs, MCP server configs, CI workflows, sandbox policies and root files.
    public static let magsagDefault = LintScope(
        roots: ["catalog", "docs", ".mcp", "tools/adk/servers", ".github/workflows", "tools/security/policy"])

    /// Everything.
    public static let everything = LintScope(roots: [""])

    /// Whether `path` is linted.
    public func contains(_ path: String) -> Bool {
        contains(path, onBytes: path.isASCIIText && isASCII)
    }

    /// Whether every folder of the scope is ASCII (asked once for a loop over many paths).
    var isASCII: Bool { excluded.allSatisfy(\.isASCIIText) && roots.allSatisfy(\.isASCIIText) }

    /// `contains(_:)`, tested on the path's bytes when `onBytes` (the caller knows the path and the
    /// scope's folders are ASCII): asked for every file of a snapshot.
    func contains(_ path: String, onBytes: Bool) -> Bool {
        let tests = PathTests(path, ascii: onBytes)
        for prefix in excluded where tests.hasPrefix(prefix) { return false }
        for glob in excludeGlobs where glob.matches(path) { return false }
        for glob in includeGlobs where glob.matches(path) { return true }
        if includeRootFiles, path.utf8FirstIndex(of: 0x2F) == nil { return true }
        for root in roots where root == "/" || tests.hasPrefix(root) { return true }
        return false
    }
}
