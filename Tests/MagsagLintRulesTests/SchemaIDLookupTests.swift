import MagsagCatalog
import MagsagLintCore
import MagsagSource
import Testing

/// `SchemaIDLookup` parses only the files whose bytes (or stored sketch) can hold a URL. It must answer
/// what parsing every file answers: the first (or last) file by path whose root `$id`, fragment
/// stripped, is the URL; nested `$id`s, `$id` written as a value, escapes, spacing, fragments and files
/// that are not JSON included.
@Suite struct SchemaIDLookupTests {
    static let files: [(String, String)] = [
        ("a.json", #"{"$id": "https://x.test/a.json", "type": "object"}"#),
        ("b.json", #"{"$id": "https://x.test/b.json", "properties": {"n": {"$id": "https://x.test/nested.json"}}}"#),
        ("c.json", #"{"$id": "https:\/\/x.test\/c.json"}"#),
        ("d1.json", #"{"$id": "https://x.test/d.json"}"#),
        ("d2.json", #"{"$id": "https://x.test/d.json#"}"#),
        ("e.json", "{\n  \"$id\"\t :\n  \"https://x.test/e.json#frag\"\n}"),
        ("f.json", #"{"enum": ["$id", "https://x.test/f.json"], "title": "$id"}"#),
        ("g.json", #"{"x": "$id", "$id": "https://x.test/g.json"}"#),
        ("h.yaml", "$id: https://x.test/h.json\n"),
        ("i.json", #"{"$id": "https://x.test/i.json""#),
        ("j.json", #"{"$\u0069d": "https://x.test/j.json"}"#),
        ("k.json", #"[{"$id": "https://x.test/k.json"}]"#),
    ]

    static func documents() -> [(path: String, document: LintDocument)] {
        files.map { path, text in (path, LintDocument(file: SourceFile(path: path, text: text))) }
    }

    /// Every document parsed: the root's `$id`, fragment stripped.
    static func reference(_ url: String, firstWins: Bool) -> String? {
        let declarers = documents().filter { _, document in
            document.root?["$id"]?.stringValue.map(SchemaReferenceIndex.stripFragment) == url
        }.map(\.path)
        return firstWins ? declarers.first : declarers.last
    }

    @Test(arguments: [true, false])
    func answersAsParsingEveryFile(firstWins: Bool) {
        let lookup = SchemaIDLookup(firstWins: firstWins) { Self.documents() }
        let urls = ["a", "b", "nested", "c", "d", "e", "f", "g", "h", "i", "j", "k", "missing"].map { "https://x.test/\($0).json" }
        var found = 0
        for url in urls + urls {
            let expected = Self.reference(url, firstWins: firstWins)
            #expect(lookup.path(of: url) == expected, "\(url)")
            if expected != nil { found += 1 }
        }
        #expect(found == 2 * 8)  // a, b, c (escaped), d, e, g, h (YAML) and j (escaped key)
        #expect(Self.reference("https://x.test/d.json", firstWins: firstWins) == (firstWins ? "d1.json" : "d2.json"))
    }
}
