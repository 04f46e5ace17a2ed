import MagsagSource

/// The cross-file index outgrew `limits.index-memory`: where, and by how much.
public struct IndexOverflow: Sendable, Hashable {
    /// The linted file the finding is reported on (the file at which the bound was crossed when it is
    /// linted, else the last linted file).
    public var path: String
    /// The file at which the running estimate crossed the bound.
    public var crossedAt: String
    /// Estimated memory of the whole index, in bytes.
    public var estimatedBytes: Int
    /// The bound, in bytes.
    public var boundBytes: Int
}

extension Linter {
    /// The documents of a run and the file-rule findings of its linted files.
    struct BoundedParse: Sendable {
        var documents: [LintDocument]
        /// File-rule findings by linted index (each linted file is checked as it is parsed).
        var findings: [[Diagnostic]?]
        var overflow: IndexOverflow?
    }

    /// Files per parallel batch: the most parsed documents held beyond the bound.
    static let parseBatch = 1024

    /// Parse `files` in batches (in parallel within a batch), checking each linted file with the file
    /// rules right after parsing it, and adding up each parsed document's estimated memory. Once the
    /// total passes `budget`, the index is over its bound: every document parsed so far and every later
    /// one is kept unparsed (the file only), so memory stays near the bound whatever the snapshot holds;
    /// repository rules then skip.
    static func parseBounded(
        _ files: [SourceFile], lintedCount: Int, budget: Int,
        fileFindings: @escaping @Sendable (Int, LintDocument) -> [Diagnostic],
        parse: @escaping @Sendable (Int) -> LintDocument
    ) -> BoundedParse {
        var result = BoundedParse(documents: [], findings: Array(repeating: nil, count: lintedCount), overflow: nil)
        result.documents.reserveCapacity(files.count)
        var estimated = 0
        var start = 0
        while start < files.count {
            let end = min(start + parseBatch, files.count)
            let streaming = result.overflow != nil
            // A linted file's file rules run as soon as it is parsed, on the same core, while its tree is
            // still in the cache (a pass of their own afterwards read every tree again).
            let batch: [(LintDocument, Int, [Diagnostic]?)] = parallelMap(Array(start..<end)) { i in
                let document = parse(i)
                let size = document.estimatedMemory
                let findings = i < lintedCount ? fileFindings(i, document) : nil
                guard streaming else { return (document, size, findings) }
                return (LintDocument(unparsed: document.file), size, findings)
            }
            for (offset, (document, size, findings)) in batch.enumerated() {
                estimated += size
                if result.overflow == nil, estimated > budget {
                    let path = files[start + offset].path
                    result.overflow = IndexOverflow(path: path, crossedAt: path, estimatedBytes: 0, boundBytes: budget)
                }
                result.documents.append(document)
                if let findings { result.findings[start + offset] = findings }
            }
            if !streaming, result.overflow != nil {
                // The bound was crossed in this batch: what is held was checked already; let it go.
                for i in result.documents.indices { result.documents[i] = LintDocument(unparsed: result.documents[i].file) }
            }
            start = end
        }
        result.overflow?.estimatedBytes = estimated
        Timings.note("cross-file index estimate \(estimated >> 20) MiB of \(budget >> 20) MiB allowed")
        return result
    }
}

extension RepositoryIndex {
    /// Commands that need the whole parsed snapshot (graph, audit, contract diffs) stop with a usage
    /// error when it outgrew `limits.index-memory`, instead of answering from an incomplete index.
    public func requireComplete(for command: String) throws(LintError) {
        guard let overflow else { return }
        let mib = { (bytes: Int) in (bytes + (1 << 20) - 1) >> 20 }
        throw LintError(code: "limit", message: "`\(command)` needs the whole parsed snapshot, which needs about "
            + "\(mib(overflow.estimatedBytes)) MiB, over `limits.index-memory` (\(mib(overflow.boundBytes)) MiB); "
            + "raise the bound in .magsag-lint.yaml or exclude generated folders")
    }
}
