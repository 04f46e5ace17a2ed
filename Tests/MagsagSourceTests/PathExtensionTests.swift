import MagsagTestSupport
import Testing
@testable import MagsagSource

/// `SourceFile.pathExtension` read from the path's last bytes gives what the text method gives.
@Suite struct PathExtensionTests {
    /// The text method: the name after the last `/`, the part after its last `.` unless the name starts
    /// with it, lowercased.
    static func byText(_ path: String) -> String {
        let name = path.lastPathSegment
        guard let dot = name.utf8LastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...]).lowercasedIfNeeded()
    }

    @Test func extensionsAgreeWithTheTextMethod() {
        let fixed = ["a.json", "a/B.YAML", ".env", "a/.env", "a/.env.local", "noext", "a.b/c", "a.", "a/.", ".", "", "x.tar.GZ",
                     "x.\u{212A}ey", "x.jsón", "café.json", "a/\u{301}.md", "x.abcdefghijklmnop", "x.abcdefghijklmno", "/x.y"]
        var generator = SeededGenerator(seed: 0xE7)
        let alphabet = [".", "/", "a", "B", "z", "é", "\u{301}", "\u{212A}", "md", "JSON", "€"]
        let random = (0..<3_000).map { _ in
            (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
        for path in fixed + random {
            #expect(SourceFile(path: path, bytes: []).pathExtension == Self.byText(path), "\(Array(path.utf8))")
        }
    }
}
