@testable import MagsagLintRules
import MagsagTestSupport
import Testing

/// `invalid-entrypoint` decides on bytes; on ASCII text it must answer what the Character-level
/// definition answers, and text with any other character is never a valid entrypoint.
@Suite struct EntrypointSyntaxTests {
    /// The definition, on Characters and split components.
    static func reference(_ text: String) -> Bool {
        func isIdentifier(_ name: Substring) -> Bool {
            guard let first = name.first, !first.isASCIIDigit else { return false }
            return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }
        }
        func isDottedPath(_ path: Substring) -> Bool {
            path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier)
        }
        func isSegment(_ part: Substring) -> Bool {
            guard let first = part.first, first != ".", first != "_" else { return false }
            return part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._~".contains($0) }
        }
        func isPackageName(_ name: Substring) -> Bool {
            if name.hasPrefix("@") {
                let parts = name.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
                return parts.count == 2 && parts.allSatisfy(isSegment)
            }
            return !name.contains("/") && isSegment(name)
        }
        if let hash = text.firstIndex(of: "#") {
            return isPackageName(text[..<hash]) && isDottedPath(text[text.index(after: hash)...])
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && isDottedPath(parts[0]) && isIdentifier(parts[1])
    }

    @Test func bytesAgreeWithTheDefinitionOnASCII() {
        var random = SeededGenerator(state: 11)
        let alphabet = Array("aZz09._-~@/#:$ A")
        var valid = 0
        for round in 0..<40_000 {
            let length = Int.random(in: 0...14, using: &random)
            var text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            // Most random strings are invalid: every other round starts from a valid shape and mutates it.
            if round % 2 == 0 {
                let shapes = ["@magsag/catalog#agents.offerMag", "pkg#a.b", "agdd.skills.lookup:run", "a:b", "@s/p#x"]
                var characters = Array(shapes.randomElement(using: &random)!)
                if Bool.random(using: &random), !characters.isEmpty {
                    characters[Int.random(in: 0..<characters.count, using: &random)] = alphabet.randomElement(using: &random)!
                }
                text = String(characters)
            }
            let expected = Self.reference(text)
            if expected { valid += 1 }
            #expect(InvalidEntrypointRule.isValid(text) == expected, "\(text)")
        }
        #expect(valid > 5_000, "the cases include many valid entrypoints")
        for text in ["@magsag/catalog#agents.café", "pkg#ä", "é:run", "mod:rün", "@magsag/catalög#a", "p#a\r\nb", "p#1a", "p#a..b", "p#", "#a", "@/p#a"] {
            #expect(!InvalidEntrypointRule.isValid(text), "\(text)")
        }
    }
}
