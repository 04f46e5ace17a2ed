import Foundation
import MagsagJSONSchema
import MagsagLintCore
@testable import MagsagRunner
import MagsagSource
import Testing

/// A contract store that registers schema files on demand (a hook over a large snapshot) resolves
/// exactly as one that registers them all up front, whatever order it is asked in: duplicate `$id`s
/// (the last root declarer by path wins, else the first embedded one), `$id`s relative to another
/// `$id`, escaped and draft-4 identifiers, a custom meta-schema declared in a later file, one that names
/// itself, the fallback by path suffix and refs that resolve nowhere.
@Suite struct OnDemandRegistryTests {
    static let files: [String: String] = [
        // Two roots declare dup.json: b's (the later path) wins.
        "a/first.schema.json": #"{"$id": "https://e.com/dup.json", "type": "string"}"#,
        "b/second.schema.json": #"{"$id": "https://e.com/dup.json", "type": "integer"}"#,
        // Two embedded declarers of emb.json: c's (the earlier path) wins.
        "c/one.schema.json": #"{"$defs": {"e": {"$id": "https://e.com/emb.json", "minimum": 10}}}"#,
        "d/two.schema.json": #"{"$defs": {"e": {"$id": "https://e.com/emb.json", "minimum": 100}}}"#,
        // An embedded declarer before a root one: the root wins.
        "e/embedded.schema.json": #"{"$defs": {"m": {"$id": "https://e.com/mix.json", "const": 1}}}"#,
        "f/root.schema.json": #"{"$id": "https://e.com/mix.json", "const": 2}"#,
        // A relative `$id` under another `$id`, an escaped one, a draft-4 one.
        "g/nested.schema.json": #"{"$id": "https://e.com/base/root.json", "$defs": {"r": {"$id": "rel.json", "maxLength": 2}}}"#,
        "h/escaped.schema.json": #"{"$id": "https:\/\/e.com\/esc.json", "type": "boolean"}"#,
        "h/unicode.schema.json": #"{"\u0024id": "https://e.com/uni.json", "type": "null"}"#,
        "i/draft4.schema.json": #"{"$schema": "http://json-schema.org/draft-04/schema#", "id": "https://e.com/d4.json", "type": "array"}"#,
        // A custom meta-schema declared after a file that uses it, and one that names itself.
        "j/uses-meta.schema.json": #"{"$schema": "https://e.com/meta", "type": "object"}"#,
        "z/meta.schema.json": #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://e.com/meta", "$vocabulary": {"https://json-schema.org/draft/2020-12/vocab/core": true, "https://json-schema.org/draft/2020-12/vocab/validation": true}}"#,
        "k/self.schema.json": #"{"$schema": "https://e.com/self", "$id": "https://e.com/self"}"#,
        // Referrers: by `$id`, into a relative `$id`, by path, by suffix fallback, and to nothing.
        "r/by-id.schema.json": #"{"properties": {"d": {"$ref": "https://e.com/dup.json"}, "e": {"$ref": "https://e.com/emb.json"}, "m": {"$ref": "https://e.com/mix.json"}}}"#,
        "r/by-rel.schema.json": #"{"properties": {"r": {"$ref": "https://e.com/base/rel.json"}, "s": {"$ref": "https://e.com/esc.json"}, "u": {"$ref": "https://e.com/uni.json"}, "f": {"$ref": "https://e.com/d4.json"}}}"#,
        "r/by-path.schema.json": #"{"properties": {"p": {"$ref": "../a/first.schema.json"}, "q": {"$ref": "../data/plain.json#/definitions/n"}}}"#,
        "r/by-suffix.schema.json": #"{"properties": {"p": {"$ref": "https://magsag.ai/data/plain.json#/definitions/n"}}}"#,
        "r/dangling.schema.json": #"{"properties": {"x": {"$ref": "https://e.com/nowhere.json"}}}"#,
        "data/plain.json": #"{"definitions": {"n": {"type": "number"}}}"#,
    ]

    static let instances = [
        #"{}"#, #"{"d": 5}"#, #"{"d": "s"}"#, #"{"e": 50}"#, #"{"e": 5}"#, #"{"m": 1}"#, #"{"m": 2}"#,
        #"{"r": "abc"}"#, #"{"s": true}"#, #"{"u": null}"#, #"{"f": []}"#, #"{"p": "x"}"#, #"{"q": 1}"#, #"{"q": "x"}"#,
        #"{"p": 2}"#, #"{"x": 1}"#, #"[]"#, #""text""#,
    ].compactMap { JSONParser.parse($0).value }

    /// What a store answers about every schema file, asked in `order`.
    static func answers(_ store: ContractStore, order: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for path in order {
            var lines = ["registration: \(store.registrationError(at: path).map { "\($0)" } ?? "ok")"]
            switch store.compiled(path: path) {
            case .failure(let error): lines.append("compile: \(error)")
            case .success(let schema):
                lines.append(contentsOf: instances.map { schema.validate($0).isEmpty ? "valid" : "invalid" })
            }
            out[path] = lines.joined(separator: "\n")
        }
        for uri in ["https://e.com/dup.json", "https://e.com/emb.json#/minimum", "https://e.com/base/rel.json", "https://e.com/meta",
                    "https://e.com/nowhere.json", "https://magsag.ai/data/plain.json", ContractStore.uri(forPath: "k/self.schema.json")] {
            out[uri] = "\(store.registry.resolves(uri))"
        }
        return out
    }

    @Test func onDemandResolvesAsUpFrontInAnyOrder() {
        let repository = RunnerTestSupport.index(Self.files)
        let schemaPaths = Self.files.keys.filter(ContractStore.isSchemaPath).sorted()
        let eager = Self.answers(ContractStore(repository, onDemand: false), order: schemaPaths)
        for order in [schemaPaths, schemaPaths.reversed(), schemaPaths.shuffled(), schemaPaths.shuffled()] {
            let lazy = Self.answers(ContractStore(repository, onDemand: true), order: order)
            for key in eager.keys.sorted() {
                #expect(lazy[key] == eager[key], "\(key) asked in order \(order)")
            }
        }
        // The rules the winners follow, spelled out.
        let store = ContractStore(repository, onDemand: true)
        let validate = { (path: String, json: String) -> Bool in
            guard case .success(let schema) = store.compiled(path: path), let value = JSONParser.parse(json).value else { return false }
            return schema.validate(value).isEmpty
        }
        #expect(validate("r/by-id.schema.json", #"{"d": 5}"#), "the last root declarer by path wins")
        #expect(validate("r/by-id.schema.json", #"{"e": 50}"#), "the first embedded declarer by path wins")
        #expect(validate("r/by-id.schema.json", #"{"m": 2}"#), "a root declarer beats an embedded one")
        #expect(validate("r/by-rel.schema.json", #"{"r": "ab", "s": true, "u": null, "f": []}"#))
        #expect(store.registrationError(at: "j/uses-meta.schema.json") == nil, "a meta-schema declared in a later file is found")
    }

    /// On demand, a run that compiles one contract registers the files that may declare what it reaches,
    /// not the whole snapshot.
    @Test func onDemandRegistersOnlyWhatItReaches() {
        var files: [String: String] = [:]
        for i in 0..<200 { files["s/n\(i).schema.json"] = #"{"$id": "https://e.com/n\#(i).json", "type": "integer"}"# }
        files["s/top.schema.json"] = #"{"properties": {"a": {"$ref": "https://e.com/n7.json"}, "b": {"$ref": "n8.schema.json"}}}"#
        let store = ContractStore(RunnerTestSupport.index(files), onDemand: true)
        guard case .success(let schema) = store.compiled(path: "s/top.schema.json") else {
            Issue.record("top does not compile")
            return
        }
        #expect(schema.validate(JSONParser.parse(#"{"a": 1, "b": 2}"#).value!).isEmpty)
        #expect(!schema.validate(JSONParser.parse(#"{"a": "x"}"#).value!).isEmpty)
        #expect(store.registry.loadedOnDemand <= 4, "registered \(store.registry.loadedOnDemand) of 201 files")
    }

    @Test func declaredIdentifiersAreReadFromBytes() {
        func declared(_ json: String) -> SchemaDeclarers.Declared? {
            SchemaDeclarers.declared(in: Array(json.utf8)).map { .init(absolute: $0.absolute.sorted(), keys: $0.keys.sorted()) }
        }
        #expect(declared(#"{"$id" : "https://e.com/a/../B.json#x", "properties": {"id": {"type": "string"}}}"#)
            == .init(absolute: ["https://e.com/B.json"]))
        #expect(declared(#"{"id": "urn:uuid:1234", "$id": "x.json?v=2"}"#) == .init(absolute: ["urn:uuid:1234"], keys: ["x.json"]))
        #expect(declared(#"{"$id": "https:\/\/e.com\/c.json"}"#) == .init(absolute: ["https://e.com/c.json"]))
        #expect(declared(#"{"$id": "//host/c.json"}"#) == .init(keys: ["c.json"]), "a network-path reference takes its base's scheme")
        #expect(declared(#"{"$id": "c\tx.json"}"#) == nil, "an escape other than \\/ \\\\ \\\" may hide anything")
        #expect(declared(#"{"\u0024id": "c.json"}"#) == nil)
        #expect(declared(#"{"$id": "sub/"}"#) == nil, "a folder URI has no last segment")
        #expect(declared(#"{"$id": "../.."}"#) == nil)
        #expect(declared(#"{"required": ["id"], "$id": 5}"#) == .init())
        #expect(SchemaDeclarers.key(of: "https://e.com/base/rel.json") == SchemaDeclarers.key(of: "rel.json#frag"))
    }

    /// Files that share a name (every skill's `contracts/input.schema.json`) but declare absolute `$id`s
    /// are not candidates for one another.
    @Test func absoluteIdentifiersDoNotCollideByName() {
        var files: [String: String] = [:]
        for i in 0..<50 {
            files["skills/s\(i)/input.schema.json"] = #"{"$id": "https://e.com/skills/s\#(i)/input.schema.json", "type": "string"}"#
        }
        let store = ContractStore(RunnerTestSupport.index(files), onDemand: true)
        #expect(store.schema(at: "skills/s3/input.schema.json") != nil)
        #expect(store.registry.resolves("https://e.com/skills/s4/input.schema.json"))
        #expect(store.registry.loadedOnDemand == 2, "registered \(store.registry.loadedOnDemand) of 50 files")
    }

    /// The index memoizes the store, so the store must not hold the index: each lint run's snapshot is
    /// freed when the run ends (a process running many, like the test suite or an editor, would grow).
    @Test func storeDoesNotKeepItsIndexAlive() {
        weak var released: RepositoryIndex?
        do {
            let index = RunnerTestSupport.index(Self.files)
            let store = ContractStore.of(index)
            _ = store.compiled(path: "r/by-id.schema.json")
            released = index
        }
        var waited = 0
        while released != nil, waited < 100 {
            Thread.sleep(forTimeInterval: 0.02)
            waited += 1
        }
        #expect(released == nil, "the contract store keeps its repository index alive")
    }
}
