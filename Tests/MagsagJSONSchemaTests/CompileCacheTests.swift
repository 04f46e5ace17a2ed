import Dispatch
import MagsagJSONSchema
import MagsagSource
import MagsagTestSupport
import Foundation
import Testing

/// The one-pass matcher of simple anchored patterns and the registry's cache of compiled nodes.
@Suite struct CompileCacheTests {
    /// Every simple-looking pattern answers like the backtracking matcher (forced with a small step
    /// bound, below which the one-pass matcher is not used) on short strings over a mixed alphabet.
    @Test func simplePatternsAgreeWithBacktracking() throws {
        let patterns = [
            "^[A-Z]{2}$", "^[a-z0-9-]+$", "^[a-z]+-[0-9]+$", "^[A-Z]{3}$", "^a*b*$", "^a*a$", "^[ab]+b$",
            "^a{1,2}b$", "^x", "^.+$", "^.*-$", "^[^-]+-[^-]+$", #"^\d{2,}\w?$"#, "^a?a?b$", "^[a-c]*[c-e]$",
            "^ab?c", "^-?[0-9]+$", "^é+$", "^[a-z]{0}$",
        ]
        let alphabet: [Character] = ["a", "b", "c", "e", "x", "A", "Z", "0", "9", "-", "_", "é", "\n"]
        var generator = SplitMix(seed: 7)
        for pattern in patterns {
            let regex = try ECMARegex(pattern)
            for _ in 0..<400 {
                let length = Int(generator.next() % 7)
                let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                let slow = regex.search(text, stepLimit: 300)
                if slow == .stepLimitExceeded { continue }
                #expect(regex.search(text) == slow, "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    @Test func longInputsStillHitTheStepBound() throws {
        let regex = try ECMARegex("^[a-z]+$")
        let text = String(repeating: "a", count: 2_000)
        #expect(regex.search(text, stepLimit: 100) == .stepLimitExceeded)
        #expect(regex.search(text) == .match)
    }

    private func value(_ text: String) -> SourceValue {
        JSONParser.parse(text).value ?? SourceValue(.null, range: .fileStart)
    }

    /// Two schemas referring to one shared definition: the second compilation reuses the first's nodes
    /// and reports the same errors with the same locations.
    @Test func sharedDefinitionsCompileOnceAndReportAlike() throws {
        let registry = SchemaRegistry()
        try registry.add(value(#"{"$id": "https://x.test/status.json", "enum": ["open", "closed"]}"#), uri: "https://x.test/status.json")
        try registry.add(value(#"{"$id": "https://x.test/a.json", "properties": {"s": {"$ref": "status.json"}}}"#), uri: "https://x.test/a.json")
        try registry.add(value(#"{"$id": "https://x.test/b.json", "items": {"$ref": "status.json"}}"#), uri: "https://x.test/b.json")
        let a = try registry.compile(uri: "https://x.test/a.json")
        let b = try registry.compile(uri: "https://x.test/b.json")
        let again = try registry.compile(uri: "https://x.test/a.json")
        let errorsA = a.validate(value(#"{"s": "other"}"#))
        let errorsB = b.validate(value(#"["open", "x"]"#))
        #expect(errorsA.map(\.absoluteKeywordLocation) == ["https://x.test/status.json#/enum"])
        #expect(errorsB.map(\.instanceLocation.description) == ["/1"])
        #expect(again.validate(value(#"{"s": "other"}"#)).map(\.message) == errorsA.map(\.message))
    }

    /// Replacing a document drops the cached nodes compiled from the old one.
    @Test func replacingADocumentInvalidatesTheCache() throws {
        let registry = SchemaRegistry()
        try registry.add(value(#"{"type": "string"}"#), uri: "https://x.test/t.json")
        try registry.add(value(#"{"$ref": "t.json"}"#), uri: "https://x.test/r.json")
        #expect(try registry.compile(uri: "https://x.test/r.json").isValid(value("1")) == false)
        try registry.add(value(#"{"type": "integer"}"#), uri: "https://x.test/t.json")
        #expect(try registry.compile(uri: "https://x.test/r.json").isValid(value("1")))
        #expect(try registry.compile(uri: "https://x.test/t.json").isValid(value("1")))
    }

    /// Compilations running in parallel on one registry (sharing its cache) report exactly what a
    /// compilation on a registry of its own reports, including the recursion guard's errors.
    @Test func parallelCompilationsMatchColdOnes() throws {
        let shared = ##"{"$id": "https://x.test/defs.json", "definitions": {"id": {"type": "string", "pattern": "^[a-z]+$"}, "##
            + ##""loop": {"$ref": "#/definitions/loop"}, "node": {"properties": {"next": {"$ref": "#/definitions/node"}, "##
            + ##""id": {"$ref": "#/definitions/id"}}}}}"##
        @Sendable func schema(_ i: Int) -> String {
            let target = i % 3 == 0 ? "loop" : "node"
            return ##"{"$id": "https://x.test/s\##(i).json", "properties": {"a": {"$ref": "defs.json#/definitions/id"}, "##
                + ##""b": {"$ref": "defs.json#/definitions/\##(target)"}}}"##
        }
        let instance = value(#"{"a": "A1", "b": {"id": "X", "next": {"id": 3}}}"#)
        @Sendable func describe(_ errors: [ValidationError]) -> [String] {
            errors.map { "\($0.instanceLocation) \($0.keywordLocation) \($0.absoluteKeywordLocation) \($0.message)" }
        }
        let warm = SchemaRegistry()
        try warm.add(value(shared), uri: "https://x.test/defs.json")
        for i in 0..<24 { try warm.add(value(schema(i)), uri: "https://x.test/s\(i).json") }
        // An NSLock, not Synchronization.Mutex: ThreadSanitizer cannot see the latter (docs/reliability.md).
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let errors = (try? warm.compile(uri: "https://x.test/s\(i).json")).map { describe($0.validate(instance)) } ?? ["compile failed"]
            results.set(i, errors)
        }
        for i in 0..<24 {
            let cold = SchemaRegistry()
            try cold.add(value(shared), uri: "https://x.test/defs.json")
            try cold.add(value(schema(i)), uri: "https://x.test/s\(i).json")
            let expected = describe(try cold.compile(uri: "https://x.test/s\(i).json").validate(instance))
            #expect(!expected.isEmpty)
            #expect(results.get(i) == expected, "schema \(i)")
            #expect(describe(try warm.compile(uri: "https://x.test/s\(i).json").validate(instance)) == expected, "schema \(i), warm")
        }
    }

    @Test func relativeReferencesResolveLikeRFC3986() {
        let base = "https://magsag.ai/catalog/contracts/x.schema.json?q=1#frag"
        #expect(SchemaRegistry.resolve("metadata.schema.json", against: base) == "https://magsag.ai/catalog/contracts/metadata.schema.json")
        #expect(SchemaRegistry.resolve("defs/a.json#/definitions/b", against: base) == "https://magsag.ai/catalog/contracts/defs/a.json#/definitions/b")
        #expect(SchemaRegistry.resolve("a/../b.json", against: base) == "https://magsag.ai/catalog/contracts/b.json")
        #expect(SchemaRegistry.resolve("b.json", against: "HTTPS://h/x/../y/z") == "https://h/y/b.json")
        #expect(SchemaRegistry.resolve("b.json", against: "file:///repo/a.json") == "file:///repo/b.json")
        #expect(SchemaRegistry.resolve("b.json", against: "urn:x:y") == "urn:b.json")
        for absolute in ["https://x.test/a/b.json#/c", "urn:uuid:1234", "http://h", "file:///r/a.json?q#f"] {
            #expect(SchemaRegistry.resolve(absolute, against: base) == absolute)
        }
        #expect(SchemaRegistry.resolve("urn:.", against: base) == "urn:")
        #expect(SchemaRegistry.resolve("http://h/a/./b/../c", against: base) == "http://h/a/c")
        #expect(SchemaRegistry.resolve("HTTP://h/a", against: base) == "http://h/a")
        #expect(SchemaRegistry.resolve("x.json", against: "http://h/a/../b/") == "http://h/b/x.json")
    }
}

/// The suites' deterministic generator (SplitMix64).
typealias SplitMix = SeededGenerator

/// Results written by concurrent workers, guarded by a lock ThreadSanitizer understands.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: [String]] = [:]

    func set(_ key: Int, _ value: [String]) { lock.lock(); values[key] = value; lock.unlock() }
    func get(_ key: Int) -> [String]? { lock.lock(); defer { lock.unlock() }; return values[key] }
}
