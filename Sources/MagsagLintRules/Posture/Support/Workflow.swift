import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// A GitHub Actions workflow file read as far as the posture rules need.
struct Workflow {
    var root: CatalogField
    /// Event names from `on:` (a string, a list, or a mapping's keys).
    var triggers: Set<String>
    /// `jobs.<id>` in source order.
    var jobs: [(id: String, field: CatalogField)]

    /// The workflow of `document`, when it is a workflow file with a mapping at its root.
    init?(_ document: LintDocument) {
        guard PosturePaths.isWorkflow(document.path), let value = document.root, value.objectValue != nil else { return nil }
        root = CatalogField(path: document.path, value: value)
        // YAML 1.1 loaders read `on` as a boolean; the core schema keeps it a string. Accept both spellings.
        let on = root.child("on") ?? root.child("true")
        var triggers: Set<String> = []
        if let text = on?.string { triggers.insert(text) }
        for element in on?.elements ?? [] { if let text = element.string { triggers.insert(text) } }
        for member in on?.members ?? [] { triggers.insert(member.key) }
        self.triggers = triggers
        jobs = (root.child("jobs")?.members ?? []).map { ($0.key, $0.field) }
    }

    /// The steps of a job.
    static func steps(_ job: CatalogField) -> [CatalogField] {
        job.child("steps")?.elements ?? []
    }

    /// Whether a `uses:` reference is pinned to a full commit SHA (local actions count as pinned);
    /// first-party owners (`actions/`, `github/`) count as pinned when `allowFirstParty`.
    static func usesProblem(_ uses: String, allowFirstParty: Bool) -> String? {
        if uses.hasPrefix("./") || uses.hasPrefix(".\\") { return nil }
        if let image = uses.dropPrefix("docker://") {
            if image.utf8Contains("@sha256:") { return nil }
            return "uses a container image without a @sha256: digest"
        }
        guard let at = uses.lastIndex(of: "@") else { return "has no ref" }
        let ref = uses[uses.index(after: at)...]
        if ref.count == 40, ref.allSatisfy(\.isHexDigit) { return nil }
        let owner = uses.prefix { $0 != "/" }.lowercased()
        if allowFirstParty, owner == "actions" || owner == "github" { return nil }
        return "is pinned to '\(ref)', not to a full 40-character commit SHA"
    }

    /// `${{ … }}` expressions of `text`: UTF-8 byte range of the whole expression and its inner text.
    static func expressions(in text: String) -> [(range: Range<Int>, body: String)] {
        let bytes = Array(text.utf8)
        var result: [(range: Range<Int>, body: String)] = []
        var i = 0
        while i + 2 < bytes.count {
            guard bytes[i] == UInt8(ascii: "$"), bytes[i + 1] == UInt8(ascii: "{"), bytes[i + 2] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            var j = i + 3
            while j + 1 < bytes.count, !(bytes[j] == UInt8(ascii: "}") && bytes[j + 1] == UInt8(ascii: "}")) { j += 1 }
            guard j + 1 < bytes.count else { break }
            result.append((i..<(j + 2), String(decoding: bytes[(i + 3)..<j], as: UTF8.self)))
            i = j + 2
        }
        return result
    }

    /// Context paths in an expression that an outside contributor controls (issue and PR titles and
    /// bodies, comments, commit messages and authors, branch names), as GitHub's hardening guide lists.
    static func untrustedContexts(in expression: String) -> [String] {
        var normalized = ""
        var inBracket = false
        for character in expression {
            if character == "[" { inBracket = true; normalized.append("."); normalized.append("*"); continue }
            if character == "]" { inBracket = false; continue }
            if !inBracket { normalized.append(character) }
        }
        let tokens = normalized.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "*" || $0 == "-") }
        return tokens.map(String.init).filter(isUntrusted)
    }

    private static func isUntrusted(_ token: String) -> Bool {
        let lowered = token.lowercased()
        if lowered == "github.head_ref" { return true }
        guard lowered.hasPrefix("github.event.") else { return false }
        let segments = lowered.asciiSplit(".").map(String.init)
        guard let last = segments.last, segments.count >= 4 else { return false }
        let previous = segments[segments.count - 2]
        if ["title", "body", "message", "page_name", "head_branch", "default_branch"].contains(last) { return true }
        if ["email", "name"].contains(last), ["author", "committer"].contains(previous) { return true }
        if ["ref", "label"].contains(last), previous == "head" { return true }
        return false
    }

    /// Whether a string passes a secret (`${{ secrets.X }}`).
    static func passesSecret(_ text: String) -> Bool {
        expressions(in: text).contains { $0.body.utf8Contains("secrets.") || $0.body.utf8Contains("secrets[") }
    }

    /// Whether a step checks out the pull request's head (`actions/checkout` with a head `ref` or
    /// `repository`, or `gh pr checkout`); returns the field to report.
    static func headCheckout(_ step: CatalogField) -> CatalogField? {
        if let uses = step.child("uses")?.string, uses.lowercased().hasPrefix("actions/checkout@") {
            for key in ["ref", "repository"] {
                guard let field = step.descendant("with", key), let text = field.string else { continue }
                let markers = ["github.event.pull_request.head.", "github.head_ref", "refs/pull/", "github.event.pull_request.merge_commit_sha"]
                if markers.contains(where: { text.contains($0) }) { return field }
            }
        }
        if let run = step.child("run"), let text = run.string, text.utf8Contains("gh pr checkout") { return run }
        return nil
    }
}

extension DiagnosticSink {
    /// Report at the `${{ … }}` expression `range` (UTF-8 offsets of `text`) inside `field`, located in
    /// the file; falls back to the field's range when the scalar was escaped.
    mutating func reportExpression(
        _ message: String, text: String, range: Range<Int>, field: CatalogField, in document: LintDocument,
        from: inout Int, label: String, help: String
    ) {
        let snippet = String(decoding: Array(text.utf8)[range], as: UTF8.self)
        let located = SourceText.locate(snippet, in: field.range, of: document.file, from: from)
        if let located { from = located.upperBound }
        let sourceRange = located.map { document.file.range(from: $0.lowerBound, to: $0.upperBound) } ?? field.range
        report(message, path: document.path, range: sourceRange, pointer: field.pointer, label: label, help: help)
    }
}
