import MagsagCatalog
import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// A comparison side read on demand (hooks over a large snapshot) has the same documents, `$id`s and
/// reverse `$ref` closure as the side built up front from every JSON document: through `$id`s that are
/// not the file's path, absolute refs, a duplicate `$id`, a rename and a deletion.
@Suite struct LazySchemaSideTests {
    static let zed = "https://example.com/x/zed.json"
    static let head: [String: String] = [
        "s/a.json": #"{"$id": "https://example.com/x/zed.json", "type": "object", "properties": {"p": {"type": "integer"}}}"#,
        "s/b.json": #"{"$id": "https://example.com/y/b.json", "$ref": "../x/zed.json"}"#,
        "s/c.json": #"{"properties": {"q": {"$ref": "https://example.com/x/zed.json#/properties/p"}}}"#,
        "s/d.json": #"{"$ref": "b.json"}"#,
        "s/e.json": #"{"$ref": "https://example.com/nowhere.json"}"#,
        "s/moved.json": #"{"$id": "https://example.com/m.json"}"#,
        "s/z-dup.json": #"{"$id": "https://example.com/x/zed.json"}"#,
        "s/fixtures/case.json": #"{"$ref": "../a.json"}"#,
    ]
    static let base: [String: String] = [
        "s/a.json": #"{"$id": "https://example.com/x/zed.json", "type": "object"}"#,
        "s/old.json": #"{"$id": "https://example.com/m.json"}"#,
        "s/gone.json": #"{"$id": "https://example.com/gone.json", "$ref": "https://example.com/x/zed.json"}"#,
    ]

    static func index() -> RepositoryIndex {
        var set = FileSet.inMemory(head, base: base, added: ["s/moved.json"])
        set.baseRenames = ["s/moved.json": "s/old.json"]
        set.deleted = ["s/gone.json"]
        return Linter(rules: [], configuration: Configuration()).lint(set).index
    }

    @Test func lazySidesAgreeWithEagerOnes() throws {
        let repository = Self.index()
        let (eagerHead, eagerBase, _) = ContractEvolution.eagerSides(repository)
        let lazyHead = SchemaSnapshot(lazy: LazySchemaSide(repository, base: false))
        let lazyBase = SchemaSnapshot(lazy: LazySchemaSide(repository, base: true))
        let paths = Set(Self.head.keys).union(Self.base.keys).union(["s/none.json"])
        for path in paths {
            #expect((eagerHead.documents[path] == nil) == (lazyHead.documents[path] == nil), "head \(path)")
            #expect((eagerBase.documents[path] == nil) == (lazyBase.documents[path] == nil), "base \(path)")
        }
        for id in [Self.zed, "https://example.com/m.json", "https://example.com/gone.json", "https://example.com/y/b.json", ""] {
            #expect(eagerHead.path(ofID: id) == lazyHead.path(ofID: id), "head \(id)")
            #expect(eagerBase.path(ofID: id) == lazyBase.path(ofID: id), "base \(id)")
        }
        #expect(lazyHead.path(ofID: Self.zed) == "s/a.json", "the first declarer by path wins")
        #expect(lazyBase.path(ofID: "https://example.com/m.json") == "s/old.json")
        for changed in [["s/a.json"], ["s/moved.json"], ["s/e.json"], ["s/b.json", "s/z-dup.json"]] {
            let expected = eagerHead.reaching(Set(changed))
            #expect(lazyHead.reachingNarrowly(Set(changed), in: repository) == expected, "\(changed)")
        }
        #expect(eagerHead.reaching(["s/a.json"]) == ["s/a.json", "s/b.json", "s/c.json", "s/d.json"])
    }

    /// `SchemaReferenceIndex.referenced(among:)` (candidates by bytes, `$id`s by byte search, last declarer
    /// wins) answers what the whole index answers, the fallback by file name included.
    @Test func narrowedReferencesAgreeWithTheWholeIndex() {
        var files = Self.head
        files["t/x.schema.json"] = #"{"type": "string"}"#
        files["s/by-name.json"] = #"{"$ref": "missing/x.schema.json"}"#
        files["s/self.json"] = ##"{"$id": "https://example.com/self.json", "$ref": "#/definitions/a", "definitions": {"a": {}}}"##
        let repository = Linter(rules: [], configuration: Configuration()).lint(FileSet.inMemory(files)).index
        let whole = SchemaReferenceIndex(repository).referenced
        for path in files.keys.sorted() {
            #expect(SchemaReferenceIndex.referenced(among: [path], in: repository) == whole.intersection([path]), "\(path)")
        }
        let all = Set(files.keys)
        #expect(SchemaReferenceIndex.referenced(among: all, in: repository) == whole)
        #expect(whole.isSuperset(of: ["t/x.schema.json", "s/z-dup.json", "s/b.json"]) && !whole.contains("s/a.json"),
                "the last declarer of a duplicate `$id` is the one referenced: \(whole.sorted())")
    }
}
