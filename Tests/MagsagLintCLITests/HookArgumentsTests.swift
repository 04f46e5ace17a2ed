import ArgumentParser
import Foundation
import MagsagGit
@testable import magsag_lint
import MagsagTestSupport
import Testing

/// The hooks' direct argument reader against ArgumentParser: whatever it accepts, ArgumentParser
/// parses to the same command; whatever it declines goes to ArgumentParser.
@Suite struct HookArgumentsTests {
    /// Every field of a hook command, in one line (a field the reader forgot to set would trap here).
    static func describe(_ command: any ParsableCommand) -> String? {
        func options(_ options: HookOptions) -> String {
            let settings = options.settings
            let fields: [String] = [
                options.repository, options.format.rawValue, options.maxFileSize.map(String.init) ?? "nil",
                "\(options.all)", settings.config ?? "nil", settings.failLevel?.rawValue ?? "nil", "\(settings.strict)",
                settings.today ?? "nil", settings.baseline ?? "nil", settings.writeBaseline ?? "nil",
                "\(settings.strictBaseline)", "\(settings.noCache)",
            ]
            return fields.joined(separator: "|")
        }
        switch command {
        case let command as PreCommitHookCommand: return "pre-commit " + options(command.options)
        case let command as PrePushHookCommand:
            return "pre-push \(command.remote) \(command.url ?? "nil") " + options(command.options)
        default: return nil
        }
    }

    static func parsed(_ arguments: [String]) -> String? {
        (try? MagsagLint.parseAsRoot(arguments)).flatMap(describe)
    }

    static func direct(_ arguments: [String]) -> String? {
        HookArguments.command(["magsag-lint"] + arguments).flatMap(describe)
    }

    /// The forms the installed scripts and CI steps use are read directly, to the same command.
    @Test func plainFormsAreReadDirectly() throws {
        let plain: [[String]] = [
            ["hook", "pre-commit"],
            ["hook", "pre-commit", "--format", "json"],
            ["hook", "pre-commit", "--format=sarif", "--no-cache", "--all"],
            ["hook", "pre-commit", "--repository", "sub/dir", "--max-file-size", "4096", "--fail-on", "warning"],
            ["hook", "pre-commit", "--fail-level=info", "--strict", "--today", "2026-01-31", "--config", "lint.yaml"],
            ["hook", "pre-commit", "--baseline", "b.json", "--strict-baseline", "--write-baseline=w.json"],
            ["hook", "pre-push", "origin", "https://example.invalid/repo.git"],
            ["hook", "pre-push", "origin"],
            ["hook", "pre-push", "--format", "github", "origin", "git@example.invalid:repo.git", "--no-cache"],
        ]
        for arguments in plain {
            let direct = Self.direct(arguments)
            #expect(direct != nil, "not read directly: \(arguments)")
            #expect(direct == Self.parsed(arguments), "\(arguments)")
        }
    }

    /// What ArgumentParser rejects, explains or reads differently is never read directly.
    @Test func otherFormsGoToArgumentParser() {
        let declined: [[String]] = [
            ["hook"], ["hook", "--help"], ["hook", "pre-commit", "--help"], ["hook", "pre-commit", "-h"],
            ["hook", "pre-commit", "--format", "xml"], ["hook", "pre-commit", "--format"],
            ["hook", "pre-commit", "--format", "json", "--format", "human"],
            ["hook", "pre-commit", "--fail-on", "error", "--fail-level", "error"],
            ["hook", "pre-commit", "--max-file-size", "0"], ["hook", "pre-commit", "--max-file-size", "x"],
            ["hook", "pre-commit", "--today", "2026-13-45"], ["hook", "pre-commit", "--strict-baseline"],
            ["hook", "pre-commit", "--no-cache=true"], ["hook", "pre-commit", "--repository", "-x"],
            ["hook", "pre-commit", "--", "--all"], ["hook", "pre-commit", "extra"], ["hook", "pre-commit", "--bogus"],
            ["hook", "pre-push"], ["hook", "pre-push", "a", "b", "c"], ["hook", "pre-push", "--version", "a"],
            ["hook", "pre-commit", "--generate-completion-script", "bash"], ["check", "--format", "json"],
            ["hook", "post-commit"], ["hook", "pre-commit", "--repository="],
        ]
        for arguments in declined {
            #expect(Self.direct(arguments) == nil, "read directly: \(arguments)")
        }
    }

    /// Random argument lists from valid and invalid pieces: a list read directly parses the same way.
    @Test func randomListsAgreeWithArgumentParser() {
        var random = SeededGenerator(seed: 0x4A11)
        let pieces: [[String]] = [
            ["--format", "json"], ["--format=human"], ["--format", "xml"], ["--format", "concise"],
            ["--repository", "."], ["--repository=other"], ["--max-file-size", "100"], ["--max-file-size=-1"],
            ["--max-file-size", "+7"], ["--config", "c.yaml"], ["--fail-on", "warning"], ["--fail-level", "info"],
            ["--fail-on=bad"], ["--strict"], ["--today", "2025-02-28"], ["--today=2025-02-30"], ["--baseline", "b"],
            ["--write-baseline", "w"], ["--strict-baseline"], ["--no-cache"], ["--all"], ["--all=false"],
            ["-x"], ["--"], ["--unknown"], ["origin"], ["url"], ["-"], ["--help"], ["--format"],
        ]
        var read = 0
        for round in 0..<600 {
            var arguments = ["hook", round % 3 == 0 ? "pre-push" : "pre-commit"]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                arguments += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
            guard let direct = Self.direct(arguments) else { continue }
            read += 1
            #expect(direct == Self.parsed(arguments), "\(arguments)")
        }
        // The generator reaches both outcomes.
        #expect(read > 60)
        #expect(read < 540)
    }

    /// End to end: the fail level the hook's options set decides the exit status (a staged changelog
    /// without an Unreleased section is a warning).
    @Test func theFailLevelDecidesTheHooksStatus() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-hook-fail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("a.yaml", "ok: true\n")
        try writer.stage("a.yaml")
        _ = try writer.commit("initial")
        try writer.write("CHANGELOG.md", "# notes\n\nsome text\n")
        try writer.stage("CHANGELOG.md")
        let plain = try CLI.run(["hook", "pre-commit", "--format", "concise"], in: root)
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("warning[changelog-format]"), "\(plain.stdout)")
        for options in [["--fail-on", "warning"], ["--fail-level=info"], ["--strict"]] {
            let failing = try CLI.run(["hook", "pre-commit"] + options, in: root)
            #expect(failing.status == 1, "\(options): \(failing.stdout)\(failing.stderr)")
        }
        // A configuration file's fail level counts too.
        try Data("version: 1\nfail-level: warning\n".utf8).write(to: root.appendingPathComponent("strict.yaml"))
        let configured = try CLI.run(["hook", "pre-commit", "--config", "strict.yaml"], in: root)
        #expect(configured.status == 1, "\(configured.stdout)\(configured.stderr)")
    }
}
