import MagsagSource
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Every field, spelled out for cache keys (a run's key names the scope it linted). Written out field
    /// by field: `String(describing:)` of the struct reflected over it, 5.7 million instructions at every
    /// hook's start.
    public var key: String {
        func list(_ items: [String]) -> String { items.map { String($0.utf8.count) + ":" + $0 }.joined() }
        return "roots " + list(roots) + " root files " + (includeRootFiles ? "yes" : "no") + " excluded " + list(excluded)
            + " include " + list(includeGlobs.map(\.pattern)) + " exclude " + list(excludeGlobs.map(\.pattern))
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

extension LintScope {
    /// `contains(_:onBytes: true)` for ASCII paths, with the scope's folders held as bytes: a hook asks
    /// it of every staged path of a large snapshot (85,000 at 10,000 agents), where each prefix test
    /// through `PathTests` went through both strings' storage again (about 260 instructions a path).
    struct ByteMatcher: Sendable {
        private let roots: [[UInt8]]
        private let excluded: [[UInt8]]
        private let includeRootFiles: Bool
        private let everything: Bool

        /// The matcher for `scope`, or nil when it has globs or a folder that is not ASCII (`contains`
        /// decides then).
        init?(_ scope: LintScope) {
            guard scope.includeGlobs.isEmpty, scope.excludeGlobs.isEmpty, scope.isASCII else { return nil }
            roots = scope.roots.map { Array($0.utf8) }
            excluded = scope.excluded.map { Array($0.utf8) }
            includeRootFiles = scope.includeRootFiles
            everything = scope.roots.contains("/")
        }

        /// Whether the ASCII path `path` is in scope (its answer is `contains(path)`'s).
        func contains(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
            for prefix in excluded where Self.starts(path, with: prefix) { return false }
            if includeRootFiles, let base = path.baseAddress, memchr(base, 0x2F, path.count) == nil { return true }
            if includeRootFiles, path.isEmpty { return true }
            if everything { return true }
            for root in roots where Self.starts(path, with: root) { return true }
            return false
        }

        @inline(__always)
        private static func starts(_ path: UnsafeBufferPointer<UInt8>, with prefix: [UInt8]) -> Bool {
            guard path.count >= prefix.count else { return false }
            guard let first = prefix.first else { return true }
            guard path[0] == first else { return false }
            return prefix.withUnsafeBufferPointer { memcmp(path.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
        }
    }
}
