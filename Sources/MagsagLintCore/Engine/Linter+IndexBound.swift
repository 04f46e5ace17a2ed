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
    /// The documents of a run and, when the index overflowed, the file-rule findings already computed.
    struct BoundedParse: Sendable {
        var documents: [LintDocument]
        /// File-rule findings by linted index, for documents whose parse was dropped.
        var findings: [Int: [Diagnostic]]
        var overflow: IndexOverflow?
    }

    /// Files per parallel batch: the most parsed documents held beyond the bound.
    static let parseBatch = 1024

    /// Parse `files` in batches (in parallel within a batch), adding up each parsed document's estimated
    /// memory. Once the total passes `budget`, the index is over its bound: every document parsed so far
    /// and every later one is checked by the file rules right after parsing and kept unparsed (the file
    /// only), so memory stays near the bound whatever the snapshot holds; repository rules then skip.
    static func parseBounded(
        _ files: [SourceFile], lintedCount: Int, budget: Int,
        fileFindings: @escaping @Sendable (Int, LintDocument) -> [Diagnostic],
        parse: @escaping @Sendable (Int) -> LintDocument
    ) -> BoundedParse {
        var result = BoundedParse(documents: [], findings: [:], overflow: nil)
        result.documents.reserveCapacity(files.count)
        var estimated = 0
        var start = 0
        while start < files.count {
            let end = min(start + parseBatch, files.count)
            let streaming = result.overflow != nil
            let batch: [(LintDocument, Int, [Diagnostic]?)] = parallelMap(Array(start..<end)) { i in
                let document = parse(i)
                let size = document.estimatedMemory
                guard streaming else { return (document, size, nil) }
                return (LintDocument(unparsed: document.file), size, i < lintedCount ? fileFindings(i, document) : nil)
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
                // The bound was crossed in this batch: check what is held, then let it go.
                let held = result.documents
                let checked: [(LintDocument, [Diagnostic]?)] = parallelMap(Array(held.indices)) { i in
                    (LintDocument(unparsed: held[i].file), i < lintedCount ? fileFindings(i, held[i]) : nil)
                }
                for (i, (document, findings)) in checked.enumerated() {
                    result.documents[i] = document
                    if let findings { result.findings[i] = findings }
                }
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
