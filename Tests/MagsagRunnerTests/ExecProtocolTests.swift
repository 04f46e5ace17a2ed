import MagsagLintCore
import MagsagRunner
import MagsagSource
import Testing

/// The protocol reader and the `runner` configuration section, as pure functions.
@Suite struct ExecProtocolTests {
    private func decode(_ text: String) -> Result<ExecProtocol.Message, ExecProtocol.Failure> {
        ExecProtocol.decode(line: Array(text.utf8))
    }

    @Test func decodesEveryMessageType() throws {
        guard case .success(.call(let call)) = decode(#"{"type":"delegate","id":1,"agent":"sub.x","input":{"q":"a"}}"#) else {
            Issue.record("delegate")
            return
        }
        #expect(call.isDelegation && call.target == "sub.x" && call.id?.numberValue?.intValue == 1)
        guard case .success(.call(let invoke)) = decode(#"{"type":"invoke","skill":"skill.y","input":[]}"# + "\r") else {
            Issue.record("invoke")
            return
        }
        #expect(!invoke.isDelegation && invoke.id == nil)
        guard case .success(.result(let status, _, _)) = decode(#"{"type":"result","status":"partial","output":{}}"#) else {
            Issue.record("result")
            return
        }
        #expect(status == "partial")
        guard case .success(.error(let code, let message)) = decode(#"{"type":"error","error":{"code":"E","message":"m"}}"#) else {
            Issue.record("error")
            return
        }
        #expect(code == "E" && message == "m")
        guard case .success(.log) = decode(#"{"type":"log","event":"x"}"#) else { Issue.record("log"); return }
    }

    @Test(arguments: [
        ("{nope", "the line is not valid JSON"),
        ("[1]", "the line is a JSON array, expected an object"),
        (#"{"kind":"result"}"#, "the message has no string `type`"),
        (#"{"type":"dance"}"#, "unknown message type 'dance'"),
        (#"{"type":"delegate","input":{}}"#, "`delegate` needs a non-empty string `agent`"),
        (#"{"type":"invoke","skill":"s"}"#, "`invoke` needs an `input`"),
        (#"{"type":"delegate","agent":"a","input":1,"id":[]}"#, "`id` must be a string or a number, got array"),
        (#"{"type":"result"}"#, "`result` needs an `output`"),
        (#"{"type":"result","status":"failure","output":1}"#, "`result` status must be success or partial, got 'failure'"),
    ])
    func rejectsMalformedMessages(line: String, message: String) {
        guard case .failure(let failure) = decode(line) else { Issue.record("accepted \(line)"); return }
        #expect(failure.message.hasPrefix(message))
    }

    @Test func deepNestingIsAFailureNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        guard case .failure(.invalidJSON) = decode(#"{"type":"result","output":"# + deep) else { Issue.record("accepted"); return }
    }

    @Test func encoderEscapesAndRoundTrips() throws {
        let value = try #require(JSONParser.parse(#"{"a":"x\"\\\n\u0001\u2028","n":[1,2.50,-0,1e3],"t":true,"z":null}"#).value)
        let text = ExecProtocol.encode(value)
        #expect(text == #"{"a":"x\"\\\n\u0001\u2028","n":[1,2.50,-0,1e3],"t":true,"z":null}"#)
        #expect(JSONParser.parse(text).value != nil)
        let yaml = try #require(YAMLLoader.load(SourceFile(path: "x.yaml", text: "a: .inf\nb: 0x1F\n")).documents.first)
        let encoded = ExecProtocol.encode(yaml)
        #expect(JSONParser.parse(encoded).value != nil)
    }

    @Test func linesSplitAtLF() {
        var buffer = Array("a\nbb\r\nccc".utf8)
        #expect(ExecProtocol.takeLines(from: &buffer) == [Array("a".utf8), Array("bb\r".utf8)])
        #expect(buffer == Array("ccc".utf8))
    }

    private func configuration(_ yaml: String) -> (ExecConfiguration, [String]) {
        let root = YAMLLoader.load(SourceFile(path: ".magsag-lint.yaml", text: yaml)).documents.first
        let (configuration, issues) = ExecConfiguration.read(root)
        return (configuration, issues.map(\.message))
    }

    @Test func readsTheRunnerSection() {
        let (configuration, issues) = configuration("""
            runner:
              engine: exec
              timeout-ms: 500
              max-line-bytes: 100
              env: {A: 1}
              implementations:
                main.x: {argv: [python3, x.py], cwd: ./tools/../impl, env: {B: b}}
            """)
        #expect(issues == [])
        #expect(configuration.enabled && configuration.defaultTimeoutMS == 500 && configuration.maxLineBytes == 100)
        #expect(configuration.environment == ["A": "1"])
        #expect(configuration.implementations["main.x"] == .init(argv: ["python3", "x.py"], directory: "impl", environment: ["B": "b"]))
        #expect(!self.configuration("version: 1\n").0.enabled)
    }

    @Test func rejectsBadRunnerSections() {
        let (configuration, issues) = configuration("""
            runner:
              engine: shell
              timeout-ms: 0
              colour: red
              implementations:
                a: {argv: "python3 x.py"}
                b: {argv: [x], cwd: ../outside}
                c: {argv: [x], cwd: /etc}
                d: {cwd: impl}
            """)
        #expect(!configuration.enabled && configuration.implementations.isEmpty)
        #expect(issues == [
            "`runner.engine` must be replay or exec",
            "`runner.timeout-ms` must be a positive integer",
            "unknown `runner` key \"colour\"",
            "`runner.implementations.a.argv` must be a non-empty list of strings (a program and its arguments; no shell is involved)",
            "`runner.implementations.b.cwd` must be a relative path inside the repository",
            "`runner.implementations.c.cwd` must be a relative path inside the repository",
            "`runner.implementations.d` needs an `argv`",
        ])
    }
}
