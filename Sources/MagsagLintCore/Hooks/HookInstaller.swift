import Foundation
import MagsagGit

/// What `install` or `uninstall` did to one hook.
public struct HookChange: Sendable, Hashable, CustomStringConvertible {
    /// The outcome for one hook file.
    public enum Action: Sendable, Hashable {
        /// Our script was written where there was none.
        case installed
        /// An older or edited copy of our script was rewritten.
        case updated
        /// Our script was already there, byte for byte, with mode 0755.
        case unchanged
        /// A foreign hook was moved to `<hook>.pre-magsag-lint`; our script runs it first.
        case chained
        /// A foreign hook was overwritten (`--force`).
        case replaced
        /// Our script was removed.
        case removed
        /// Our script was removed and the chained foreign hook moved back.
        case restored
        /// Nothing to uninstall: no hook of ours is there.
        case notInstalled
        /// `uninstall` left a foreign hook alone.
        case keptForeign
    }

    /// Which hook.
    public var kind: HookKind
    /// What happened.
    public var action: Action
    /// The hook file's path.
    public var path: String

    /// Creates a value.
    public init(kind: HookKind, action: Action, path: String) {
        self.kind = kind
        self.action = action
        self.path = path
    }

    /// One line for the terminal.
    public var description: String {
        switch action {
        case .installed: "\(kind.rawValue): installed \(path)"
        case .updated: "\(kind.rawValue): updated \(path)"
        case .unchanged: "\(kind.rawValue): already installed at \(path)"
        case .chained: "\(kind.rawValue): installed \(path); the existing hook was kept as \(path)\(HookScript.chainedSuffix) and runs first"
        case .replaced: "\(kind.rawValue): replaced the existing hook at \(path) (--force)"
        case .removed: "\(kind.rawValue): removed \(path)"
        case .restored: "\(kind.rawValue): removed \(path) and restored the previous hook"
        case .notInstalled: "\(kind.rawValue): not installed at \(path), nothing to remove"
        case .keptForeign: "\(kind.rawValue): \(path) was not installed by magsag-lint, left alone"
        }
    }
}

/// Installs and removes our hook scripts in one hooks directory.
///
/// Never silently overwrites: a foreign hook is chained (renamed to `<hook>.pre-magsag-lint`, run
/// first by our script) unless `force` is given; `uninstall` removes only files carrying
/// ``HookScript/marker`` and moves a chained hook back. Re-running either changes nothing.
public struct HookInstaller: Sendable {
    /// The directory git runs hooks from.
    public var directory: String

    /// An installer for `directory` (created on install when missing).
    public init(directory: String) {
        self.directory = directory
    }

    /// The installer for the hooks directory git uses for the repository containing `path`
    /// (`core.hooksPath` honoured; linked worktrees share the main repository's hooks).
    public static func forRepository(containing path: String) throws(LintError) -> HookInstaller {
        let repository: Repository?
        do {
            repository = try Repository.discover(startingAt: path)
        } catch {
            throw LintError(code: "git", message: "cannot open the repository at \(path)", cause: error.description)
        }
        guard let repository else {
            throw LintError(code: "usage", message: "\(path) is not inside a git repository; hooks need one")
        }
        return HookInstaller(directory: repository.hooksDirectory)
    }

    /// The path of the hook file for `kind`.
    public func path(for kind: HookKind) -> String { directory + "/" + kind.rawValue }

    /// Writes our scripts for `kinds`.
    public func install(_ kinds: [HookKind], force: Bool = false) throws(LintError) -> [HookChange] {
        guard HookFile.makeDirectory(directory) else {
            throw LintError(code: "io", message: "cannot create the hooks directory \(directory)", cause: HookFile.lastError)
        }
        var changes: [HookChange] = []
        for kind in kinds {
            changes.append(try install(kind, force: force))
        }
        return changes
    }

    /// Removes our scripts for `kinds`, restoring chained hooks.
    public func uninstall(_ kinds: [HookKind]) throws(LintError) -> [HookChange] {
        var changes: [HookChange] = []
        for kind in kinds {
            changes.append(try uninstall(kind))
        }
        return changes
    }

    private func install(_ kind: HookKind, force: Bool) throws(LintError) -> HookChange {
        let hook = path(for: kind)
        let chained = hook + HookScript.chainedSuffix
        let script = Array(HookScript.text(for: kind).utf8)
        switch HookFile.state(hook) {
        case .missing:
            try write(script, to: hook)
            return HookChange(kind: kind, action: .installed, path: hook)
        case .file(let bytes, let mode) where HookScript.isManaged(bytes):
            if bytes == script && mode == 0o755 { return HookChange(kind: kind, action: .unchanged, path: hook) }
            try write(script, to: hook)
            return HookChange(kind: kind, action: .updated, path: hook)
        case .file, .other:
            if force {
                try write(script, to: hook)
                return HookChange(kind: kind, action: .replaced, path: hook)
            }
            guard HookFile.state(chained) == .missing else {
                throw LintError(
                    code: "usage",
                    message: "\(hook) is not a magsag-lint hook and \(chained) already exists, so it cannot be "
                        + "chained; merge them by hand or rerun with --force to replace \(hook)")
            }
            guard HookFile.rename(hook, to: chained) else {
                throw LintError(code: "io", message: "cannot move \(hook) to \(chained)", cause: HookFile.lastError)
            }
            try write(script, to: hook)
            return HookChange(kind: kind, action: .chained, path: hook)
        }
    }

    private func uninstall(_ kind: HookKind) throws(LintError) -> HookChange {
        let hook = path(for: kind)
        let chained = hook + HookScript.chainedSuffix
        switch HookFile.state(hook) {
        case .file(let bytes, _) where HookScript.isManaged(bytes):
            guard HookFile.remove(hook) else {
                throw LintError(code: "io", message: "cannot remove \(hook)", cause: HookFile.lastError)
            }
            return try restore(chained, to: hook, kind: kind, removed: .removed)
        case .missing:
            return try restore(chained, to: hook, kind: kind, removed: .notInstalled)
        case .file, .other:
            return HookChange(kind: kind, action: .keptForeign, path: hook)
        }
    }

    /// Moves a chained hook back to `hook` when there is one.
    private func restore(_ chained: String, to hook: String, kind: HookKind, removed: HookChange.Action)
        throws(LintError) -> HookChange
    {
        guard HookFile.state(chained) != .missing else { return HookChange(kind: kind, action: removed, path: hook) }
        guard HookFile.rename(chained, to: hook) else {
            throw LintError(code: "io", message: "cannot move \(chained) back to \(hook)", cause: HookFile.lastError)
        }
        return HookChange(kind: kind, action: .restored, path: hook)
    }

    private func write(_ bytes: [UInt8], to path: String) throws(LintError) {
        guard HookFile.writeExecutable(bytes, to: path) else {
            throw LintError(code: "io", message: "cannot write the hook \(path)", cause: HookFile.lastError)
        }
    }
}
