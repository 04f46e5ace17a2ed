import Foundation
import MagsagGit
import MagsagLintCore
import MagsagSource
import Testing

/// A repository built through libgit2 in a temporary folder (the `git` executable is never used),
/// removed when released. Shared by the hook tests.
final class HookRepository {
    /// The temporary folder holding the repository (and any worktree or extra folder).
    let base: String
    /// The work tree root.
    let root: String
    let writer: RepositoryWriter

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-hooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        base = url.resolvingSymlinksInPath().path
        root = base + "/repo"
        writer = try RepositoryWriter.create(at: root)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }

    /// Writes and stages a file.
    func add(_ path: String, _ text: String) throws {
        try writer.write(path, text)
        try writer.stage(path)
    }

    /// Commits `files` on `branch` (created from `parent`, or continued), without any checkout.
    @discardableResult
    func commit(on branch: String, from parent: String? = nil, _ files: [String: String], message: String) throws -> String {
        if let parent { try writer.createBranch(branch, at: parent) }
        try writer.setHead("refs/heads/" + branch)
        if parent != nil { try writer.resetIndex(to: branch) }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try add(path, text) }
        return try writer.commit(message)
    }

    /// Bytes of every regular file under `path`, by relative path (the `.git` folder included).
    func snapshot(of path: String? = nil) -> [String: Data] {
        let top = path ?? root
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: top) else { return result }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = top + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }

    /// Permission bits of a file.
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}

/// Test rule: YAML syntax errors, as `invalid-yaml` reports them.
struct HookTestYAMLRule: FileRule {
    static let description = RuleDescription(
        id: "test-yaml", name: "Test YAML", category: .parsing, defaultSeverity: .error,
        summary: "Test", rationale: "Test.", fix: "Test.", triggeringExamples: [], nonTriggeringExamples: [])

    func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind == .yaml else { return }
        for issue in document.issues where issue.kind == .invalidYAML {
            sink.report(issue.message, path: document.path, range: issue.range)
        }
    }
}

/// Test rule: a line `skill: NAME` needs `catalog/skills/NAME.yaml` in the same snapshot.
struct HookTestReferenceRule: RepositoryRule {
    static let description = RuleDescription(
        id: "test-reference", name: "Test reference", category: .catalog, defaultSeverity: .error,
        summary: "Test", rationale: "Test.", fix: "Test.", triggeringExamples: [], nonTriggeringExamples: [])

    func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for path in repository.linted.sorted() {
            guard let text = repository.documents[path]?.file.text else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("skill: ") {
                let name = line.dropFirst("skill: ".count)
                if !repository.fileExists("catalog/skills/\(name).yaml") {
                    sink.report("unknown skill '\(name)'", path: path, range: .fileStart)
                }
            }
        }
    }
}

let hookTestRules: [any Rule.Type] = [HookTestYAMLRule.self, HookTestReferenceRule.self]
