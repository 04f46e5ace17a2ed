import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource

/// A temporary repository folder holding small implementations (python3 and /bin/sh, no dependency),
/// and the in-memory catalog they implement: a-mag delegating to b-sag and invoking skill.s.
struct ExecFixture {
    typealias S = RunnerTestSupport
    let root: String

    /// The MAG implementation; `argv[1]` picks a behaviour (ok, badjson, unknown, exit, flood, boundary,
    /// after, env, error).
    static let magScript = #"""
        import json, os, sys
        mode = sys.argv[1]
        def send(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        def receive():
            line = sys.stdin.readline()
            return json.loads(line) if line else None
        run = receive()
        if mode == "badjson":
            sys.stdout.write("{not json\n"); sys.stdout.flush(); sys.stdin.read(); sys.exit(0)
        if mode == "unknown":
            send({"type": "dance"}); sys.stdin.read(); sys.exit(0)
        if mode == "exit":
            sys.stderr.write("boom\n"); sys.exit(3)
        if mode == "flood":
            sys.stdout.write("x" * 3000000); sys.stdout.flush(); sys.stdin.read(); sys.exit(0)
        if mode == "env":
            with open("env.txt", "w") as out:
                out.write("\n".join(sorted(os.environ)) + "\ncwd=" + os.getcwd() + "\n")
        if mode == "error":
            send({"type": "error", "error": {"code": "E_NOPE", "message": "refused"}}); sys.exit(0)
        send({"type": "log", "event": "start"})
        q = 5 if mode == "boundary" else run["input"]["q"]
        send({"type": "delegate", "id": 1, "agent": "magsag://sub.b-sag@^1.0.0", "input": {"q": q}})
        sag = receive()
        send({"type": "invoke", "id": "two", "skill": "skill.s", "input": {"k": 1}})
        skill = receive()
        output = {"total": sag.get("output", {}).get("r"), "v": skill.get("output", {}).get("v")}
        send({"type": "result", "output": output})
        if mode == "after":
            send({"type": "log", "event": "late"})
        """#

    /// b-sag's own implementation: answers r = 7 whatever the recorded calls say.
    static let sagScript = #"""
        import json, sys
        run = json.loads(sys.stdin.readline())
        sys.stdout.write(json.dumps({"type": "result", "output": {"r": 7}}) + "\n")
        """#

    /// skill.s's own implementation: answers v = "two".
    static let skillScript = #"""
        import json, sys
        run = json.loads(sys.stdin.readline())
        assert run["agent"] == "skill.s" and run["input"] == {"k": 1}
        sys.stdout.write(json.dumps({"type": "result", "output": {"v": "two"}}) + "\n")
        """#

    /// Hangs, with a grandchild in its process group; writes the grandchild's pid first.
    static let hangScript = """
        sleep 60 &
        echo $! > grandchild.pid
        sleep 60
        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-exec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/impl", withIntermediateDirectories: true)
        try Self.magScript.write(toFile: root + "/impl/mag.py", atomically: true, encoding: .utf8)
        try Self.sagScript.write(toFile: root + "/impl/sag.py", atomically: true, encoding: .utf8)
        try Self.skillScript.write(toFile: root + "/impl/skill.py", atomically: true, encoding: .utf8)
        try Self.hangScript.write(toFile: root + "/impl/hang.sh", atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// The catalog: a-mag (q string in; total integer and v string out) with one fixture recording
    /// b-sag → {r: 5} and skill.s → {v: one}.
    static func files(magExtra: String = "", expectTotal: Int = 5, expectV: String = "one") -> [String: String] {
        var files = S.pair(magExtra: "contracts:\n  input_schema: catalog/contracts/a_in.schema.json\n  output_schema: catalog/contracts/a_out.schema.json\n" + magExtra)
        files["catalog/contracts/a_in.schema.json"] = #"{"type": "object", "required": ["q"], "properties": {"q": {"type": "string"}}}"#
        files["catalog/contracts/a_out.schema.json"] = #"{"type": "object", "properties": {"total": {"type": "integer"}, "v": {"type": "string"}}}"#
        files[S.magFixture] = """
            name: basic
            input: {q: hello}
            calls:
              - agent: magsag://sub.b-sag@^1.0.0
                input: {q: hello}
                output: {r: 5}
                usage: {tokens: 10, duration_ms: 40}
              - skill: magsag://skill.s@^1.0.0
                input: {k: 1}
                output: {v: one}
            expect:
              status: success
              output: {total: \(expectTotal), v: \(expectV)}

            """
        return files
    }

    /// Run the catalog with a-mag implemented by `argv` (and b-sag by sag.py when `sagImplemented`).
    func run(_ files: [String: String] = ExecFixture.files(), argv: [String], timeoutMS: Int = 10_000, maxLine: Int = 1 << 20,
             sagImplemented: Bool = false, skillImplemented: Bool = false) -> RunReport {
        var configuration = ExecConfiguration()
        configuration.enabled = true
        configuration.defaultTimeoutMS = timeoutMS
        configuration.maxLineBytes = maxLine
        configuration.implementations["a-mag"] = .init(argv: argv, directory: "impl", environment: ["MODE_FROM_CONFIG": "1"])
        if sagImplemented { configuration.implementations["sub.b-sag"] = .init(argv: ["python3", "sag.py"], directory: "impl") }
        if skillImplemented { configuration.implementations["skill.s"] = .init(argv: ["python3", "skill.py"], directory: "impl") }
        return ExecEngine(runner: Runner(S.index(files)), configuration: configuration, root: root).run()
    }

    static func messages(_ report: RunReport, _ check: RunnerCheck) -> [String] {
        report.findings.filter { $0.check == check }.map(\.message)
    }
}
