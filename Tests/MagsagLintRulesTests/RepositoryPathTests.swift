@testable import MagsagCatalog
import Testing

/// Path normalisation: the one-pass fast path for already-normal paths must agree with the segment walk.
@Suite struct RepositoryPathTests {
    @Test(arguments: [
        ("catalog/contracts/a.schema.json", "catalog/contracts/a.schema.json"),
        ("a", "a"),
        ("...", "..."),
        ("a/.../b", "a/.../b"),
        (".hidden/x", ".hidden/x"),
        ("a/.b", "a/.b"),
        ("a/b/", "a/b"),
        ("a//b", "a/b"),
        ("./a", "a"),
        ("a/./b", "a/b"),
        ("a/b/..", "a"),
        ("a/b/../c", "a/c"),
        ("a/.", "a"),
    ])
    func normalizes(_ input: String, _ expected: String) {
        #expect(RepositoryPath.normalize(input) == expected)
    }

    @Test(arguments: ["", "/a", "..", "../a", "a/../..", ".", "./", "~/a", "C:/x"])
    func rejects(_ input: String) {
        #expect(RepositoryPath.normalize(input) == nil)
    }

    @Test func foldersAndReferences() {
        #expect(RepositoryPath.folder(of: "a/b/c.json") == "a/b")
        #expect(RepositoryPath.folder(of: "c.json") == "")
        #expect(SchemaReferenceIndex.stripFragment("x.json#/defs/a") == "x.json")
        #expect(SchemaReferenceIndex.stripFragment("x.json") == "x.json")
        #expect(SchemaReferenceIndex.resolve("b.json", against: "https://h/c/d/a.json") == "https://h/c/d/b.json")
        #expect(SchemaReferenceIndex.resolve("../b.json", against: "https://h/c/d/a.json") == "https://h/c/b.json")
        #expect(SchemaReferenceIndex.resolve("/b.json", against: "https://h/c/a.json") == "https://h/b.json")
        #expect(SchemaReferenceIndex.resolve("b.json", against: "https://h//c/a.json") == "https://h/c/b.json")
    }
}
