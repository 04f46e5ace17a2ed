import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagSource

extension CheckCommand {
    /// `--fix` / `--diff`: apply fixes round after round in memory, then print them as a diff (returns
    /// true: the run is over) or write them to the work tree (returns false: lint again and report).
    ///
    /// Nothing is ever written to the index. When the linted content came from the index or a commit
    /// (`--staged`, `--since`, `--range`, `--rev`), a fixed file is written only if its work-tree copy
    /// holds exactly the linted bytes; other files are named in a note and left alone.
    func applyFixes(_ fileSet: FileSet, configuration: Configuration, root: String, workTree: Bool) throws -> Bool {
        let linter = Linter(rules: BuiltInRules.all, configuration: configuration)
        let outcome = FixApplier.fixAll(fileSet, includeUnsafe: unsafeFixes) { linter.lint($0).diagnostics }
        if !outcome.converged {
            Terminal.printError("note: fixes did not settle after \(FixApplier.maxRounds) rounds; run --fix again and report this as a bug")
        }
        var sources: [String: SourceFile] = [:]
        for file in fileSet.linted { sources[file.path] = file }
        let base = URL(fileURLWithPath: fileSet.root ?? root)
        if diff {
            for path in outcome.files.keys.sorted() {
                if let old = sources[path]?.bytes, let new = outcome.files[path] {
                    Terminal.write(FixApplier.unifiedDiff(path: path, old: old, new: new))
                }
            }
            return true
        }
        var written: [String] = []
        var skipped: [String] = []
        var notRegular: [String] = []
        for (path, bytes) in outcome.files.sorted(by: { $0.key < $1.key }) {
            let url = base.appendingPathComponent(path)
            if !workTree {
                guard let linted = sources[path]?.bytes, let onDisk = try? Data(contentsOf: url), [UInt8](onDisk) == linted else {
                    skipped.append(path)
                    continue
                }
            }
            switch WorkTreeFile.rewrite(url.path, with: bytes) {
            case .written:
                written.append(path)
            case .notARegularFile:
                notRegular.append(path)
            case .failed(let reason):
                throw LintError(code: "io", message: "cannot write the fix to \(path)", cause: reason)
            }
        }
        if !written.isEmpty {
            Terminal.printError("note: applied \(outcome.applied) fix\(outcome.applied == 1 ? "" : "es") in \(written.count) file\(written.count == 1 ? "" : "s")")
            if !workTree {
                Terminal.printError("note: fixes were written to the work tree only; the index and commits are unchanged (stage them with `git add`)")
            }
        }
        for path in skipped {
            Terminal.printError("note: not fixed: \(path) differs in the work tree from the linted content; run --fix without --staged/--since on it")
        }
        for path in notRegular {
            Terminal.printError("note: not fixed: \(path) is not a regular file in the work tree (a symlink or missing); fix it by hand")
        }
        return false
    }
}
