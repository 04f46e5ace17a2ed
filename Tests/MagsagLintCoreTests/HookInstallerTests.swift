import Foundation
import MagsagGit
import MagsagLintCore
import Testing

@Suite struct HookInstallerTests {
    @Test func installsBothHooksWithMode0755AndIsIdempotent() throws {
        let repo = try HookRepository()
        let installer = try HookInstaller.forRepository(containing: repo.root)
        #expect(installer.directory == repo.root + "/.git/hooks")
        try? FileManager.default.removeItem(atPath: installer.directory)

        let first = try installer.install(HookKind.allCases)
        #expect(first.map(\.action) == [.installed, .installed])
        for kind in HookKind.allCases {
            let path = installer.path(for: kind)
            #expect(FileManager.default.contents(atPath: path) == Data(HookScript.text(for: kind).utf8))
            #expect(HookRepository.mode(path) == 0o755)
        }
        let before = repo.snapshot(of: installer.directory)
        let dates = try installer.directory.modificationDates()
        let second = try installer.install(HookKind.allCases)
        #expect(second.map(\.action) == [.unchanged, .unchanged])
        #expect(repo.snapshot(of: installer.directory) == before)
        #expect(try installer.directory.modificationDates() == dates)
    }

    @Test func foreignHookIsChainedThenRestored() throws {
        let repo = try HookRepository()
        let installer = try HookInstaller.forRepository(containing: repo.root)
        let foreign = "#!/bin/sh\necho foreign\n"
        try FileManager.default.createDirectory(atPath: installer.directory, withIntermediateDirectories: true)
        let hook = installer.path(for: .preCommit)
        _ = FileManager.default.createFile(atPath: hook, contents: Data(foreign.utf8), attributes: [.posixPermissions: 0o750])

        #expect(try installer.install([.preCommit]).map(\.action) == [.chained])
        #expect(FileManager.default.contents(atPath: hook + ".pre-magsag-lint") == Data(foreign.utf8))
        #expect(HookRepository.mode(hook + ".pre-magsag-lint") == 0o750)
        #expect(FileManager.default.contents(atPath: hook) == Data(HookScript.text(for: .preCommit).utf8))
        // A second install neither chains our own script nor touches the chained one.
        #expect(try installer.install([.preCommit]).map(\.action) == [.unchanged])

        #expect(try installer.uninstall([.preCommit]).map(\.action) == [.restored])
        #expect(FileManager.default.contents(atPath: hook) == Data(foreign.utf8))
        #expect(HookRepository.mode(hook) == 0o750)
        #expect(!FileManager.default.fileExists(atPath: hook + ".pre-magsag-lint"))
        #expect(try installer.uninstall([.preCommit]).map(\.action) == [.keptForeign])
        #expect(FileManager.default.contents(atPath: hook) == Data(foreign.utf8))
    }

    @Test func forceReplacesAndAnOccupiedChainSlotRefuses() throws {
        let repo = try HookRepository()
        let installer = try HookInstaller.forRepository(containing: repo.root)
        try FileManager.default.createDirectory(atPath: installer.directory, withIntermediateDirectories: true)
        let hook = installer.path(for: .prePush)
        _ = FileManager.default.createFile(atPath: hook, contents: Data("#!/bin/sh\nexit 0\n".utf8))
        _ = FileManager.default.createFile(atPath: hook + ".pre-magsag-lint", contents: Data("#!/bin/sh\n".utf8))

        let error = #expect(throws: LintError.self) { try installer.install([.prePush]) }
        #expect(error?.message.contains("--force") == true)
        #expect(FileManager.default.contents(atPath: hook) == Data("#!/bin/sh\nexit 0\n".utf8))

        #expect(try installer.install([.prePush], force: true).map(\.action) == [.replaced])
        #expect(FileManager.default.contents(atPath: hook) == Data(HookScript.text(for: .prePush).utf8))
    }

    @Test func outdatedScriptIsUpdatedAndUninstallRemovesOnlyOurs() throws {
        let repo = try HookRepository()
        let installer = try HookInstaller.forRepository(containing: repo.root)
        try FileManager.default.createDirectory(atPath: installer.directory, withIntermediateDirectories: true)
        let hook = installer.path(for: .preCommit)
        let old = "#!/bin/sh\n\(HookScript.marker): pre-commit\nexec magsag-lint check --staged\n"
        _ = FileManager.default.createFile(atPath: hook, contents: Data(old.utf8), attributes: [.posixPermissions: 0o644])

        #expect(try installer.install([.preCommit]).map(\.action) == [.updated])
        #expect(HookRepository.mode(hook) == 0o755)
        #expect(try installer.uninstall(HookKind.allCases).map(\.action) == [.removed, .notInstalled])
        #expect(!FileManager.default.fileExists(atPath: hook))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: installer.directory).filter { !$0.hasSuffix(".sample") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func coreHooksPathIsRespected() throws {
        let repo = try HookRepository()
        try repo.writer.setConfig("core.hooksPath", "tools/githooks")
        let installer = try HookInstaller.forRepository(containing: repo.root)
        #expect(installer.directory == repo.root + "/tools/githooks")
        #expect(try installer.install([.prePush]).map(\.action) == [.installed])
        #expect(HookRepository.mode(repo.root + "/tools/githooks/pre-push") == 0o755)
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.git/hooks/pre-push"))

        let absolute = repo.base + "/shared-hooks"
        try repo.writer.setConfig("core.hooksPath", absolute)
        #expect(try HookInstaller.forRepository(containing: repo.root + "/tools").directory == absolute)
    }

    @Test func linkedWorktreeSharesTheMainHooks() throws {
        let repo = try HookRepository()
        try repo.add("README.md", "# r\n")
        try repo.writer.commit("first")
        try repo.writer.addWorktree(named: "side", at: repo.base + "/side")
        let installer = try HookInstaller.forRepository(containing: repo.base + "/side")
        #expect(installer.directory == repo.root + "/.git/hooks")
        #expect(try installer.install([.preCommit]).map(\.action) == [.installed])
    }

    @Test func outsideARepositoryIsAUsageError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-nohooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: LintError.self) { try HookInstaller.forRepository(containing: folder.path) }
        #expect(error?.code == "usage")
    }

    @Test(arguments: HookKind.allCases)
    func projectHooksFolderHoldsTheInstalledScripts(kind: HookKind) throws {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = project.appendingPathComponent("hooks/" + kind.rawValue).path
        #expect(
            FileManager.default.contents(atPath: path) == Data(HookScript.text(for: kind).utf8),
            "hooks/\(kind.rawValue) differs from HookScript.text(for: .\(kind)); copy it from `magsag-lint install`")
        #expect(HookRepository.mode(path).map { $0 & 0o111 == 0o111 } == true, "hooks/\(kind.rawValue) must be executable")
        #expect(HookScript.isManaged(Array(HookScript.text(for: kind).utf8)))
    }
}

extension String {
    /// Modification dates of the entries of this folder.
    fileprivate func modificationDates() throws -> [String: Date] {
        var result: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: self) {
            result[name] = try FileManager.default.attributesOfItem(atPath: self + "/" + name)[.modificationDate] as? Date
        }
        return result
    }
}
