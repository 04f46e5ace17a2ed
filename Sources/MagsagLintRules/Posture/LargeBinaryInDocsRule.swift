import MagsagLintCore
import MagsagSource

/// Reports binary files over a size threshold under the catalog and docs folders.
public struct LargeBinaryInDocsRule: RepositoryRule {
    public init() {}

    /// The default threshold: 1 MiB.
    static let defaultMaxBytes = 1 << 20

    /// Extensions of text files, for files too large to have been read.
    private static let textExtensions: Set<String> = [
        "md", "markdown", "txt", "json", "yaml", "yml", "csv", "tsv", "svg", "html", "htm", "xml", "jsonl", "ndjson", "toml", "rst",
    ]

    public static let description = RuleDescription(
        id: "large-binary-in-docs",
        name: "Large binary in docs",
        category: .security,
        defaultSeverity: .warning,
        summary: "A large binary file is committed under the catalog or docs folders",
        rationale: """
            Every clone, hook and CI run pays for a binary forever, even after it is deleted, and binaries \
            cannot be reviewed: a screenshot or a model file can carry data nobody meant to publish. The rule \
            reports files under the catalog and docs roots that are binary (a NUL byte in the first 8000 \
            bytes, as git decides) and larger than the option `max-bytes` (default 1 MiB, 1048576), and files \
            too large to be read at all whose extension is not a text format. Its trigger is a size, which \
            examples cannot carry; a dedicated test covers it.
            """,
        fix: "Shrink the file, move it to Git LFS or an artifact store and link to it, or raise `max-bytes` for this rule.",
        triggeringExamples: [],
        nonTriggeringExamples: [
            Example("docs/guide.md", "# Guide\n\n![diagram](diagram.svg)\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let maxBytes = sink.intOption("max-bytes", default: Self.defaultMaxBytes)
        let roots = [sink.settings.roots.catalog, sink.settings.roots.docs].map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for path in repository.sortedLinted where roots.contains(where: { path.hasPrefix($0) }) {
            if let document = repository.documents[path] {
                let file = document.file
                guard file.isBinary, file.bytes.count > maxBytes else { continue }
                report(path, size: file.bytes.count, maxBytes: maxBytes, into: &sink)
            } else if let size = repository.oversized[path], size > maxBytes {
                let name = path.asciiSplit("/").last.map(String.init) ?? path
                let ext = name.utf8Contains(".") ? String(name.asciiSplit(".").last ?? "").lowercased() : ""
                guard !Self.textExtensions.contains(ext) else { continue }
                report(path, size: size, maxBytes: maxBytes, into: &sink)
            }
        }
    }

    private func report(_ path: String, size: Int, maxBytes: Int, into sink: inout DiagnosticSink) {
        sink.report("binary file is \(size) bytes, over the \(maxBytes)-byte limit for the catalog and docs", path: path,
                    range: .fileStart, label: "large binary",
                    help: "move it to Git LFS or an artifact store, or raise `max-bytes` for large-binary-in-docs")
    }
}
