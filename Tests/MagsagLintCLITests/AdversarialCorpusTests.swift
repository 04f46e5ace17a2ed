import Foundation
import MagsagGit
import Testing

/// Hostile repositories, built at run time in temporary folders: every one must end with a defined
/// diagnostic or nothing, exit 0 or 1, within a time bound, and never print what lies outside the
/// repository. Each case runs through the CLI in both the JSON and the concise format.
@Suite struct AdversarialCorpusTests {
    /// A Markdown document that passes the docs rules (so only the hostile part can trigger findings).
    static let validDoc = """
        ---
        title: OK
        slug: ok-doc
        status: living
        last_updated: 2026-11-25
        last_synced: 2026-11-25
        tags:
        - testing
        summary: A document that passes.
        description: A document that passes every docs rule.
        ---

        # OK

        """

    // MARK: - Parsers

    @Test func yamlBillionLaughsStopsAtTheAliasBound() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let run = try Hostile.check(files: ["catalog/policies/laughs.yaml": Array(text.utf8)])
        run.expectFinding("catalog/policies/laughs.yaml", "invalid-yaml")
    }

    @Test func yamlDeepFlowAndBlockNesting() throws {
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        var block = ""
        for level in 0..<1_100 { block += String(repeating: " ", count: level) + "k:\n" }
        block += String(repeating: " ", count: 1_100) + "v\n"
        let run = try Hostile.check(files: [
            "catalog/policies/flow.yaml": Array(flow.utf8), "catalog/policies/block.yaml": Array(block.utf8),
        ])
        run.expectFinding("catalog/policies/flow.yaml", "invalid-yaml")
        run.expectFinding("catalog/policies/block.yaml", "invalid-yaml")
    }

    @Test func jsonNested100000Deep() throws {
        let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let run = try Hostile.check(files: [
            "catalog/contracts/arrays.json": Array(arrays.utf8), "catalog/contracts/objects.json": Array(objects.utf8),
        ])
        run.expectFinding("catalog/contracts/arrays.json", "invalid-json")
        run.expectFinding("catalog/contracts/objects.json", "invalid-json")
    }

    @Test func twoHundredMegabyteFileIsSkippedFast() throws {
        for git in [false, true] {
            let root = try Hostile.folder(git: git, files: ["catalog/policies/ok.yaml": Array("ok: true\n".utf8)])
            defer { try? FileManager.default.removeItem(at: root) }
            // A sparse file: 200 MB long, no disk used, never read.
            let big = root.appendingPathComponent("catalog/contracts/huge.json")
            try FileManager.default.createDirectory(at: big.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: big.path, contents: Data("[".utf8))
            let handle = try FileHandle(forWritingTo: big)
            try handle.truncate(atOffset: 200 << 20)
            try handle.close()
            let run = try Hostile.run(root, timeout: 120)
            run.expectFinding("catalog/contracts/huge.json", "file-too-large")
            #expect(run.status == 0, "an info finding does not fail the run (git: \(git))")
            #expect(run.seconds < 120, "hang guard: took \(run.seconds) s (git: \(git))")
        }
    }

    @Test func oneMegabyteSingleLines() throws {
        let json = "[" + Array(repeating: "1", count: 500_000).joined(separator: ",") + "]\n"
        let markdown = "---\ntitle: x\n---\n\n" + String(repeating: "word [link](#x) `code` ", count: 45_000) + "\n"
        let yaml = "k: [" + Array(repeating: "v", count: 500_000).joined(separator: ",") + "]\n"
        let run = try Hostile.check(files: [
            "catalog/contracts/line.json": Array(json.utf8),
            "docs/line.md": Array(markdown.utf8),
            "catalog/policies/line.yaml": Array(yaml.utf8),
        ], timeout: 120)
        #expect(run.findings(in: "catalog/contracts/line.json").isEmpty, "\(run.concise)")
        #expect(run.findings(in: "catalog/policies/line.yaml").isEmpty, "\(run.concise)")
    }

    @Test func nulBytesInvalidUTF8AndUTF16() throws {
        let utf16LE: [UInt8] = [0xFF, 0xFE] + Self.utf16("key: value\n", bigEndian: false)
        let utf16BE: [UInt8] = [0xFE, 0xFF] + Self.utf16("{}", bigEndian: true)
        let run = try Hostile.check(files: [
            "catalog/policies/nul.yaml": Array("key: va".utf8) + [0] + Array("lue\n".utf8),
            "catalog/contracts/nul.json": Array("{\"a\": \"".utf8) + [0] + Array("\"}\n".utf8),
            "docs/nul.md": Array("# Title\n\nbody ".utf8) + [0, 0] + Array(" text\n".utf8),
            "catalog/policies/latin1.yaml": Array("name: caf".utf8) + [0xE9, 0x0A],
            "catalog/contracts/overlong.json": Array("{\"a\": \"".utf8) + [0xC0, 0xAF, 0xED, 0xA0, 0x80] + Array("\"}".utf8),
            "docs/truncated.md": Array("# Title\n\n".utf8) + [0xE2, 0x82],
            "catalog/policies/utf16.yaml": utf16LE,
            "catalog/contracts/utf16.json": utf16BE,
        ])
        for path in ["catalog/policies/latin1.yaml", "catalog/contracts/overlong.json", "docs/truncated.md",
                     "catalog/policies/utf16.yaml", "catalog/contracts/utf16.json"] {
            #expect(!run.findings(in: path).isEmpty, "no finding for \(path): \(run.concise)")
        }
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test func crlfAndLoneCarriageReturnsKeepPositions() throws {
        let run = try Hostile.check(files: [
            "catalog/contracts/crlf.json": Array("{\r\n  \"a\": 1,\r\n}\r\n".utf8),
            "catalog/policies/cr.yaml": Array("a: 1\rb: 2\ra: 3\r".utf8),
            "docs/cr.md": Array("---\rtitle: x\rtitle: y\r---\r# Heading\r".utf8),
        ])
        #expect(run.concise.contains("catalog/contracts/crlf.json:2:9: error[invalid-json]"), "\(run.concise)")
        #expect(run.concise.contains("catalog/policies/cr.yaml:3:1:"), "\(run.concise)")
        #expect(run.concise.contains("docs/cr.md:3:1:"), "\(run.concise)")
    }

    // MARK: - Paths

    @Test func fileNamesWithNewlinesAndControlCharacters() throws {
        let names = ["catalog/policies/new\nline.yaml", "catalog/policies/tab\there.yaml",
                     "catalog/policies/bell\u{7}esc\u{1B}[31m.yaml", "catalog/policies/cr\rname.yaml",
                     "catalog/contracts/ünï cödé.json"]
        var files: [String: [UInt8]] = [:]
        for name in names { files[name] = Array((name.hasSuffix(".json") ? "{\"a\": 1,}" : "a: 1\na: 2\n").utf8) }
        for git in [false, true] {
            let run = try Hostile.check(files: files, git: git)
            for name in names {
                #expect(!run.findings(in: name).isEmpty, "no finding for \(name.debugDescription) (git: \(git)): \(run.json)")
            }
            // JSON keeps the exact names; the text formats never let one drive the terminal or
            // split a diagnostic over two lines.
            #expect(!run.concise.contains("\u{1B}"), "a terminal escape in a file name reached the output")
            #expect(run.concise.split(separator: "\n").count == run.diagnostics.count, "\(run.concise)")
            #expect(run.concise.contains("catalog/policies/new\u{FFFD}line.yaml:2:1: error[duplicate-key]"), "\(run.concise)")
        }
    }

    @Test func symlinksOutOfTheRepositoryAndLoopsAreNotFollowed() throws {
        for git in [false, true] {
            let root = try Hostile.folder(git: git, files: [
                "catalog/policies/ok.yaml": Array("ok: true\n".utf8), "docs/ok.md": Array(Self.validDoc.utf8),
            ])
            defer { try? FileManager.default.removeItem(at: root) }
            let outside = try Hostile.folder(git: false, files: ["secret.yaml": Array("a: 1\na: SECRET-OUTSIDE\n".utf8)])
            defer { try? FileManager.default.removeItem(at: outside) }
            let links = [
                "catalog/policies/passwd.yaml": "/etc/passwd",
                "catalog/policies/secret.yaml": outside.appendingPathComponent("secret.yaml").path,
                "catalog/outside": outside.path,
                "catalog/root": "/",
                "catalog/policies/loop-a.yaml": "loop-b.yaml",
                "catalog/policies/loop-b.yaml": "loop-a.yaml",
                "catalog/self": ".",
                "catalog/up": "..",
                "docs/dangling.md": "../nowhere/at/all.md",
            ]
            for (path, target) in links {
                try FileManager.default.createSymbolicLink(
                    atPath: root.appendingPathComponent(path).path, withDestinationPath: target)
            }
            if git {
                // Half committed (git stores the link), half left untracked.
                let writer = try RepositoryWriter(openingAt: root.path)
                try writer.stage(["catalog/policies/passwd.yaml", "catalog/outside", "catalog/policies/loop-a.yaml",
                                  "catalog/policies/loop-b.yaml", "catalog/self"])
                _ = try writer.commit("links")
            }
            let run = try Hostile.run(root)
            #expect(run.status == 0, "links are not followed, so nothing is wrong (git: \(git)): \(run.concise)")
            #expect(!run.json.contains("SECRET-OUTSIDE") && !run.concise.contains("SECRET-OUTSIDE"))
            #expect(!run.json.contains("root:x:0:0") && !run.concise.contains("root:x:0:0"))
            #expect(!run.json.contains("secret.yaml"), "a file outside the repository was listed: \(run.json)")
        }
    }

    @Test func contractPathsOutOfTheRepository() throws {
        let yaml = """
            name: escape
            contracts:
              input_schema: ../../../etc/passwd
              output_schema: /etc/shadow
            iface:
              input_schema: ../../../../../../../../../../etc/passwd#/root
            $ref: file:///etc/passwd

            """
        let markdown = """
            ---
            title: Escape
            ---
            # Escape

            [passwd](../../../etc/passwd) [abs](/etc/passwd) [file](file:///etc/passwd)
            ![img](../../../../../../dev/zero) [anchor](../../../etc/passwd#root)
            """
        let schema = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "../../../etc/passwd", "properties": {"a": {"$ref": "/etc/passwd#/x"}}}"#
        let run = try Hostile.check(files: [
            "catalog/agents/main/escape-mag/agent.yaml": Array(yaml.utf8),
            "catalog/contracts/escape.schema.json": Array(schema.utf8),
            "docs/escape.md": Array(markdown.utf8),
        ])
        #expect(!run.json.contains("root:x:0:0") && !run.concise.contains("root:x:0:0"))
        let contracts = run.findings(in: "catalog/agents/main/escape-mag/agent.yaml")
            .filter { $0["rule"] as? String == "missing-contract-file" }
        #expect(contracts.count >= 2, "the escaping and the absolute contract paths are reported: \(run.concise)")
    }
}

/// Builds hostile folders and runs the CLI on them with a time bound.
enum Hostile {
    /// What one run printed, in both formats.
    struct Run {
        var status: Int32
        var json: String
        var concise: String
        var seconds: Double
        /// The JSON report's diagnostics.
        var diagnostics: [[String: Any]]

        /// Diagnostics whose path is `path`.
        func findings(in path: String) -> [[String: Any]] {
            diagnostics.filter { Hostile.path(of: $0) == path }
        }

        /// Expect a diagnostic of `rule` on `path`.
        func expectFinding(_ path: String, _ rule: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let rules = findings(in: path).compactMap { $0["rule"] as? String ?? $0["ruleId"] as? String }
            #expect(rules.contains(rule), "expected \(rule) on \(path): \(concise)", sourceLocation: sourceLocation)
        }
    }

    /// A temporary folder with `files` (bytes), optionally a git repository with them committed.
    static func folder(git: Bool, files: [String: [UInt8]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        if git {
            let writer = try RepositoryWriter.create(at: root.path)
            try writer.stage(Array(files.keys).sorted())
            _ = try writer.commit("hostile")
        }
        return root
    }

    /// Create the folder, run the CLI on it, remove it.
    static func check(files: [String: [UInt8]], git: Bool = false, timeout: Double = 120) throws -> Run {
        let root = try folder(git: git, files: files)
        defer { try? FileManager.default.removeItem(at: root) }
        return try run(root, timeout: timeout)
    }

    /// `magsag-lint check ROOT` in JSON and concise format; records an issue for a crash, a hang,
    /// an exit status other than 0/1, or a JSON report that does not parse.
    static func run(_ root: URL, timeout: Double = 120, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let start = Date()
        let json = try bounded(["check", "--format", "json", root.path], timeout: timeout, sourceLocation: sourceLocation)
        let seconds = Date().timeIntervalSince(start)
        let concise = try bounded(["check", "--format", "concise", root.path], timeout: timeout, sourceLocation: sourceLocation)
        #expect(json.status == concise.status, "the formats disagree on the exit status", sourceLocation: sourceLocation)
        var diagnostics: [[String: Any]] = []
        if let object = try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) {
            diagnostics = findDiagnostics(object)
        } else {
            Issue.record("the JSON report does not parse: \(json.stdout.prefix(2_000))", sourceLocation: sourceLocation)
        }
        return Run(status: json.status, json: json.stdout, concise: concise.stdout, seconds: seconds, diagnostics: diagnostics)
    }

    /// `CLI.run` with a deadline: the process is killed after `timeout` seconds (and that is an issue).
    static func bounded(_ arguments: [String], timeout: Double, sourceLocation: SourceLocation) throws -> CLI.Output {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        // Files, not pipes: nothing to drain while waiting, whatever the size of the output.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-hostile-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("magsag-lint \(arguments.joined(separator: " ")) did not finish in \(timeout) s", sourceLocation: sourceLocation)
        }
        process.waitUntilExit()
        let output = CLI.Output(status: process.terminationStatus,
                                stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                                stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
        #expect(process.terminationReason == .exit, "killed by a signal: \(output.stderr.suffix(2_000))", sourceLocation: sourceLocation)
        #expect(output.status == 0 || output.status == 1,
                "exit \(output.status): \(output.stderr.suffix(2_000))", sourceLocation: sourceLocation)
        #expect(!output.stderr.contains("Fatal error"), "\(output.stderr.suffix(2_000))", sourceLocation: sourceLocation)
        return output
    }

    /// The diagnostics array of a JSON report, wherever it sits.
    static func findDiagnostics(_ object: Any) -> [[String: Any]] {
        if let dictionary = object as? [String: Any] {
            if let list = dictionary["diagnostics"] as? [[String: Any]] { return list }
            return dictionary.values.flatMap(findDiagnostics)
        }
        if let array = object as? [Any] { return array.flatMap(findDiagnostics) }
        return []
    }

    /// The primary path of a JSON diagnostic.
    static func path(of diagnostic: [String: Any]) -> String? {
        if let path = diagnostic["path"] as? String { return path }
        if let location = diagnostic["location"] as? [String: Any] { return location["path"] as? String }
        return nil
    }
}
