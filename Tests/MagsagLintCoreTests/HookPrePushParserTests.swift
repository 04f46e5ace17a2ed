import MagsagLintCore
import Testing

@Suite struct HookPrePushParserTests {
    static let zero = String(repeating: "0", count: 40)
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)
    static let c = String(repeating: "c", count: 40)

    @Test func everyLineIsAPushedRef() throws {
        let input = """
            refs/heads/main \(Self.a) refs/heads/main \(Self.b)
            refs/heads/feature \(Self.c) refs/heads/feature \(Self.zero)
            (delete) \(Self.zero) refs/heads/old \(Self.b)

            """
        let refs = try PrePushParser.parse(input)
        #expect(refs.count == 3)
        #expect(refs[0] == PushedRef(localRef: "refs/heads/main", localSHA: Self.a, remoteRef: "refs/heads/main", remoteSHA: Self.b))
        #expect(!refs[0].isDeletion && !refs[0].isNewOnRemote)
        #expect(refs[1].isNewOnRemote && !refs[1].isDeletion)
        #expect(refs[2].isDeletion)
        #expect(refs[2].displayName == "refs/heads/old")
        #expect(refs[1].displayName == "refs/heads/feature")
    }

    @Test func emptyInputCRLFBlankLinesAndSHA256AreAccepted() throws {
        #expect(try PrePushParser.parse("").isEmpty)
        #expect(try PrePushParser.parse("\n\n").isEmpty)
        let long = String(repeating: "A", count: 64)
        let refs = try PrePushParser.parse("\r\nHEAD \(long) refs/heads/x \(String(repeating: "0", count: 64))\r\n")
        #expect(refs.count == 1)
        #expect(refs[0].localSHA == String(repeating: "a", count: 64))
        #expect(refs[0].displayName == "refs/heads/x")
    }

    @Test(arguments: [
        ("refs/heads/main \(a) refs/heads/main", "expected 4 fields, found 3"),
        ("refs/heads/main \(a) refs/heads/main \(b) extra", "expected 4 fields, found 5"),
        ("refs/heads/main xyz refs/heads/main \(b)", "local sha"),
        ("refs/heads/main \(a) refs/heads/main \(String(a.prefix(39)))g", "remote sha"),
        ("refs/heads/main \(a) refs/heads/main \(String(repeating: "0", count: 64))", "different lengths"),
        ("refs/heads/m\u{1}ain \(a) refs/heads/main \(b)", "control character"),
    ])
    func malformedLinesAreClearErrors(line: String, reason: String) {
        let error = #expect(throws: LintError.self) { try PrePushParser.parse("refs/heads/ok \(Self.a) refs/heads/ok \(Self.b)\n" + line + "\n") }
        #expect(error?.code == "usage")
        #expect(error?.message.contains("line 2") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func arbitraryBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0af refs/heads\n\r\t(delete)\u{0}é".unicodeScalars)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<200, using: &generator) {
                text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            _ = try? PrePushParser.parse(text)
        }
        let huge = String(repeating: "x", count: 10_000)
        let error = #expect(throws: LintError.self) { try PrePushParser.parse(huge) }
        #expect((error?.message.count ?? .max) < 400, "the offending line is shortened")
    }
}
