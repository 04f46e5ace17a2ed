@testable import MagsagLintCore
import MagsagTestSupport
import Testing

/// Plain ASCII snippet lines skip the scalar-by-scalar measure; both must render and place carets alike.
@Suite struct SnippetLineTests {
    @Test func plainLinesMeasureLikeTheGeneralPath() {
        var generator = SeededGenerator(seed: 0x5417_9E7)
        let alphabet: [Character] = ["a", "Z", " ", "~", "{", "\t", "é", "\u{1}", "\u{7F}", "世", "0"]
        var plain = 0
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let tabWidth = Int.random(in: 1...8, using: &generator)
            let fast = SnippetLine(text, tabWidth: tabWidth)
            let general = SnippetLine(scalarsOf: text, tabWidth: tabWidth)
            if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { plain += 1 }
            #expect(fast.display == general.display, "\(text.debugDescription)")
            #expect(fast.displayWidth == general.displayWidth, "\(text.debugDescription)")
            for column in 0...(text.unicodeScalars.count + 3) {
                #expect(fast.displayOffset(ofColumn: column) == general.displayOffset(ofColumn: column), "\(text.debugDescription) column \(column)")
            }
        }
        #expect(plain > 100)
    }
}
