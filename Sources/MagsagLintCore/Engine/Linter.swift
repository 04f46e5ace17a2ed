import MagsagSource
import Dispatch
import Synchronization

/// Which rules run and how severe their findings are.
public struct RuleSelection: Sendable {
    /// Rule ids that are off.
    public var disabled: Set<String>
    /// Per-rule severity overrides.
    public var severities: [String: Severity]

    public init(disabled: Set<String> = [], severities: [String: Severity] = [:]) {
        self.disabled = disabled
        self.severities = severities
    }
}

/// The outcome of one lint run.
public struct LintResult: Sendable {
    /// Sorted in `Diagnostic.ordered` order.
    public var diagnostics: [Diagnostic]
    /// Number of files linted.
    public var filesChecked: Int
    /// Every parsed document (linted and context), by path.
    public var index: RepositoryIndex

    /// The most severe finding, if any.
    public var maxSeverity: Severity? { diagnostics.map(\.severity).max() }
}

/// Runs rules over a `FileSet`: parses each file once (in parallel), runs file rules per linted
/// document (in parallel), then repository rules over the whole snapshot, and sorts the result.
public struct Linter: Sendable {
    public let rules: [any Rule.Type]
    public let selection: RuleSelection

    public init(rules: [any Rule.Type], selection: RuleSelection = RuleSelection()) {
        self.rules = rules.filter { !selection.disabled.contains($0.description.id) }
        self.selection = selection
    }

    public func lint(_ fileSet: FileSet) -> LintResult {
        let lintedFiles = fileSet.linted
        let allFiles = lintedFiles + fileSet.context
        let documents = Self.parallelMap(allFiles) { LintDocument(file: $0) }
        let linted = Set(lintedFiles.map(\.path))
        var byPath: [String: LintDocument] = [:]
        for document in documents { byPath[document.path] = document }
        let index = RepositoryIndex(
            documents: byPath, linted: linted.union(fileSet.oversized.map(\.path)), allPaths: fileSet.allPaths,
            deleted: fileSet.deleted,
            oversized: Dictionary(fileSet.oversized.map { ($0.path, $0.size) }, uniquingKeysWith: { a, _ in a }))

        let fileRules = rules.compactMap { $0 as? any FileRule.Type }.map { $0.init() }
        let repositoryRules = rules.compactMap { $0 as? any RepositoryRule.Type }.map { $0.init() }
        let lintedDocuments = Array(documents.prefix(lintedFiles.count))

        let perFile: [[Diagnostic]] = Self.parallelMap(lintedDocuments) { document in
            var found: [Diagnostic] = []
            for rule in fileRules {
                var sink = sink(for: type(of: rule).description)
                rule.check(document, into: &sink)
                found += sink.diagnostics
            }
            return found
        }
        var diagnostics = perFile.flatMap { $0 }
        for rule in repositoryRules {
            var sink = sink(for: type(of: rule).description)
            rule.check(index, into: &sink)
            diagnostics += sink.diagnostics.filter { index.linted.contains($0.primary.path) }
        }
        diagnostics = diagnostics.map { diagnostic in
            var copy = diagnostic
            if let override = selection.severities[diagnostic.ruleID] { copy.severity = override }
            return copy
        }
        diagnostics.sort(by: Diagnostic.ordered)
        return LintResult(diagnostics: diagnostics, filesChecked: lintedFiles.count, index: index)
    }

    private func sink(for description: RuleDescription) -> DiagnosticSink {
        DiagnosticSink(ruleID: description.id, severity: description.defaultSeverity)
    }

    /// Order-preserving parallel map on all cores.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 2 { return items.map(transform) }
        let results = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            let value = transform(items[i])
            results.withLock { $0[i] = value }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
