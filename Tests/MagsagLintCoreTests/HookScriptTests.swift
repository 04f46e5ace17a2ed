import Foundation
import MagsagLintCore
import Testing

/// Runs the hook scripts with `/bin/sh` (never git) against a stand-in binary.
@Suite struct HookScriptTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A folder with our script for `kind`, optionally a chained foreign hook, and a fake magsag-lint
    /// that prints its arguments and standard input.
    final class Fixture {
        let folder: String
        let hook: String
        let fake: String

        init(_ kind: HookKind, chained: String? = nil) throws {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-script-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            folder = url.path
            hook = folder + "/" + kind.rawValue
            fake = folder + "/fake-magsag-lint"
            try Self.write(HookScript.text(for: kind), to: hook)
            try Self.write("#!/bin/sh\necho \"lint: $* [$(cat)]\"\nexit ${FAKE_STATUS:-0}\n", to: fake)
            if let chained { try Self.write(chained, to: hook + HookScript.chainedSuffix) }
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        static func write(_ text: String, to path: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        func run(_ arguments: [String], stdin: String, environment: [String: String]) throws -> Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [hook] + arguments
            var env = ProcessInfo.processInfo.environment
            env["MAGSAG_LINT"] = fake
            env["MAGSAG_LINT_SKIP"] = nil
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let input = Pipe()
            let output = Pipe()
            let error = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = error
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self))
        }
    }

    static let foreign = "#!/bin/sh\necho \"foreign: $* [$(cat)]\"\nexit ${FOREIGN_STATUS:-0}\n"

    @Test func prePushGivesStdinToTheChainedHookAndToMagsagLint() throws {
        let fixture = try Fixture(.prePush, chained: Self.foreign)
        let run = try fixture.run(["origin", "url"], stdin: "refs/heads/a 1 refs/heads/a 2\n", environment: [:])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "foreign: origin url [refs/heads/a 1 refs/heads/a 2]\nlint: hook pre-push origin url [refs/heads/a 1 refs/heads/a 2]\n")
    }

    @Test func aFailingChainedHookStopsWithItsStatus() throws {
        let fixture = try Fixture(.prePush, chained: Self.foreign)
        let run = try fixture.run(["origin", "url"], stdin: "x\n", environment: ["FOREIGN_STATUS": "3"])
        #expect(run.status == 3)
        #expect(!run.stdout.contains("lint:"))
    }

    @Test func magsagLintStatusIsTheHookStatus() throws {
        let fixture = try Fixture(.preCommit, chained: Self.foreign)
        let run = try fixture.run([], stdin: "", environment: ["FAKE_STATUS": "1"])
        #expect(run.status == 1)
        #expect(run.stdout == "foreign:  []\nlint: hook pre-commit []\n")
    }

    @Test func missingBinaryFailsWithAHintAndSkipBypasses() throws {
        let fixture = try Fixture(.preCommit)
        let missing = try fixture.run([], stdin: "", environment: ["MAGSAG_LINT": fixture.folder + "/nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("not found"))
        #expect(missing.stderr.contains("MAGSAG_LINT_SKIP=1"))
        let skipped = try fixture.run([], stdin: "", environment: ["MAGSAG_LINT": fixture.folder + "/nope", "MAGSAG_LINT_SKIP": "1"])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("skipped"))
    }

    @Test func markerRecognisesOnlyOurScripts() {
        #expect(HookScript.isManaged(Array("#!/bin/sh\n\(HookScript.marker): pre-commit\n".utf8)))
        #expect(!HookScript.isManaged(Array("#!/bin/sh\necho '\(HookScript.marker)'\n".utf8)))
        #expect(!HookScript.isManaged([0xFF, 0xFE, 0x00]))
    }
}
