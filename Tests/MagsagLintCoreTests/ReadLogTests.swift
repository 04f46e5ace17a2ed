import Foundation
@testable import MagsagLintCore
import MagsagSource
import MagsagTestSupport
import Testing

/// The read records that scoped results stand on: every content accessor of a document notes its
/// area, workers' reads reach their caller, models charge their builds to every asker, and models that
/// keep state join their askers into one group.
@Suite struct ReadLogTests {
    static let yaml = LintDocument(file: SourceFile(path: "catalog/agents/main/a/agent.yaml", text: "slug: a\n"))
    static let markdown = LintDocument(file: SourceFile(path: "docs/guide.md", text: "---\ntitle: G\n---\n# G\n"))

    static func areas(_ body: () -> Void) -> Set<UInt64> {
        let log = ReadLog()
        ReadLog.with(log) { body() }
        return log.areas
    }

    @Test func everyContentAccessorNotesItsArea() throws {
        let document = Self.markdown
        let accessors: [(String, (LintDocument) -> Void)] = [
            ("file", { _ = $0.file }),
            ("bytes", { _ = $0.bytes }),
            ("issues", { _ = $0.issues }),
            ("values", { _ = $0.values }),
            ("frontMatter", { _ = $0.frontMatter }),
            ("markdown", { _ = $0.markdown }),
            ("root", { _ = $0.root }),
            ("certainlyLacks", { _ = $0.certainlyLacks(anyOf: [[0x41]]) }),
            ("storedSketch", { _ = $0.storedSketch }),
            ("rootString", { _ = $0.rootString("title") }),
            ("derived", { _ = $0.derived("test") { $0 } }),
            ("contains", { _ = $0.contains(anyOf: [[0x41]]) }),
            ("mayHaveDollarKeys", { _ = $0.mayHaveDollarKeys }),
        ]
        for (name, read) in accessors {
            #expect(Self.areas { read(document) } == [document.area], "\(name) did not note its area")
        }
        // The path and the kind are the snapshot's shape, not content.
        #expect(Self.areas { _ = document.path; _ = document.kind; _ = document.isLoaded }.isEmpty)
        // A deferred document notes the same area as a parsed one at that path.
        let deferred = LintDocument(deferred: DeferredFile(path: "docs/guide.md", identity: [1], isExecutable: false, size: 4) { Array("# G\n".utf8) })
        #expect(deferred.area == document.area)
        #expect(Self.areas { _ = deferred.values } == [document.area])
        // No log, no record (and no cost beyond the lookup).
        _ = document.values
    }

    @Test func areasSeparateKindsFoldersAndTheBase() {
        let area = { (path: String, base: Bool) in ReadLog.area(of: path, kind: DocumentKind.of(path: path), base: base) }
        #expect(area("catalog/agents/main/a/agent.yaml", false) == area("catalog/agents/sub/b/agent.yaml", false))
        #expect(area("catalog/agents/main/a/agent.yaml", false) != area("catalog/agents/main/a/README.md", false))
        #expect(area("catalog/agents/main/a/agent.yaml", false) != area("catalog/skills/s/skill.yaml", false))
        #expect(area("catalog/agents/main/a/agent.yaml", false) != area("catalog/agents/main/a/agent.yaml", true))
        #expect(area("docs/a.md", false) == area("docs/b.md", false))
        #expect(area("docs/a.md", false) != area("README.md", false))
        #expect(area("README.md", false) != 0 && area("", false) != 0)
    }

    /// The memo a loop over many files keeps gives every path the area `ReadLog.area` gives it, whatever
    /// came before (same folder, a folder that extends the last one, another kind or side).
    @Test func areaMemoAnswersAsTheAreaItself() {
        var random = SeededGenerator(seed: 0xA7EA)
        let segments = ["catalog", "catalogx", "agents", "a", "ab", "b", "README.md", "x.json", ""]
        let kinds: [DocumentKind] = [.json, .yaml, .markdown, .other]
        var memo = ReadLog.AreaMemo()
        var reusedOrNot = Set<Bool>()
        var last: UInt64?
        for _ in 0..<5_000 {
            let path = (0..<Int.random(in: 1...4, using: &random)).map { _ in segments.randomElement(using: &random)! }
                .joined(separator: "/")
            let kind = Int.random(in: 0..<5, using: &random) == 0 ? kinds.randomElement(using: &random)! : .json
            let base = Int.random(in: 0..<8, using: &random) == 0
            let area = memo.area(of: path, kind: kind, base: base)
            #expect(area == ReadLog.area(of: path, kind: kind, base: base), "\(path) \(kind) \(base)")
            reusedOrNot.insert(area == last)
            last = area
        }
        // Runs of one area and changes of area both happen.
        #expect(reusedOrNot == [true, false])
    }

    @Test func workersReadForTheirCaller() {
        let documents = (0..<64).map { LintDocument(file: SourceFile(path: "area\($0 % 4)/x/file.json", text: "{}")) }
        let read = Self.areas { _ = Parallel.map(documents) { $0.values.count } }
        #expect(read == Set(documents.map(\.area)))
        #expect(read.count == 4)
        // A map called without a log keeps none.
        _ = Parallel.map(documents) { $0.values.count }
        #expect(ReadLog.current == nil)
    }

    @Test func modelsChargeTheirBuildToEveryAsker() {
        let index = RepositoryIndex(documents: [Self.yaml.path: Self.yaml, Self.markdown.path: Self.markdown],
                                    linted: [], allPaths: [Self.yaml.path, Self.markdown.path])
        let builder = ReadLog(), asker = ReadLog(), plain = ReadLog()
        ReadLog.with(builder) { _ = index.memoized("test.model") { $0.documents[Self.yaml.path]!.values.count } }
        ReadLog.with(asker) { _ = index.memoized("test.model") { _ in 0 } }
        ReadLog.with(plain) { _ = index.memoized("test.list", transparent: true) { $0.documents[Self.markdown.path]!.bytes.count } }
        #expect(builder.areas == [Self.yaml.area] && asker.areas == [Self.yaml.area])
        #expect(builder.groups == ["test.model"] && asker.groups == ["test.model"])
        #expect(plain.areas == [Self.markdown.area] && plain.groups.isEmpty)

        // A model that keeps state joins its askers: each is charged what the other read after the build.
        let late = ReadLog()
        ReadLog.with(late) { _ = Self.markdown.values }
        let lateAsker = ReadLog()
        ReadLog.with(lateAsker) { _ = index.memoized("test.model") { _ in 0 } }
        let alone = ReadLog()
        ReadLog.with(alone) { _ = Self.markdown.bytes }
        let charges = ReadLog.groupCharges([builder, nil, late, lateAsker, alone])
        #expect(charges[0] == [Self.yaml.area])
        #expect(charges[1] == nil)
        #expect(charges[2] == [Self.markdown.area], "a log of no group is charged its own reads")
        #expect(charges[3] == [Self.yaml.area])
        ReadLog.with(late) { _ = index.memoized("test.model") { _ in 0 } }
        let joined = ReadLog.groupCharges([builder, late, alone])
        #expect(joined[0] == [Self.yaml.area, Self.markdown.area] && joined[1] == [Self.yaml.area, Self.markdown.area])
        #expect(joined[2] == [Self.markdown.area])
    }

    @Test func aModelBuiltInsideAnotherIsPartOfIt() {
        let index = RepositoryIndex(documents: [Self.yaml.path: Self.yaml], linted: [], allPaths: [Self.yaml.path])
        let first = ReadLog()
        ReadLog.with(first) {
            _ = index.memoized("outer") { index in index.memoized("inner") { $0.documents[Self.yaml.path]!.values.count } }
        }
        let second = ReadLog()
        ReadLog.with(second) { _ = index.memoized("outer") { _ in 0 } }
        #expect(second.areas == [Self.yaml.area])
        #expect(second.groups == ["outer", "inner"])
    }
}

/// Reads reach a rule's log only on threads `Parallel.map` starts (it carries the caller's log). The
/// modules rules are made of start no thread any other way; the engine's own threads (listing the
/// index, reading facts ahead, starting libgit2) run outside any rule.
@Suite struct ReadLogThreadingTests {
    static let ruleModules = ["MagsagLintRules", "MagsagCatalog", "MagsagRunner", "MagsagJSONSchema", "MagsagSource"]
    static let threadStarters = ["DispatchQueue", "concurrentPerform", "Thread(", "Thread.detach", "pthread_create",
                                 "Task {", "Task.detached", "withTaskGroup", "withThrowingTaskGroup", "OperationQueue"]

    @Test func ruleModulesStartThreadsOnlyThroughParallelMap() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var found: [String] = []
        for module in Self.ruleModules {
            let folder = sources.appendingPathComponent(module)
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            try #require(!files.isEmpty, "no sources under \(folder.path)")
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//") else { continue }
                    for starter in Self.threadStarters where code.contains(starter) {
                        found.append("\(module)/\(file):\(number + 1): \(starter)")
                    }
                }
            }
        }
        #expect(found.isEmpty, "threads started outside Parallel.map lose the rule's read log: \(found)")
    }
}
