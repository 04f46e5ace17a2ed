import MagsagLintCore
import MagsagSource

/// The "Active Plans" / "Completed Plans" lists of the plan indexes, computed once per run.
struct PlanIndex: Sendable {
    /// One link of an index list.
    struct Entry: Sendable {
        var indexPath: String
        var destination: String
        var range: SourceRange
        /// The resolved repository path.
        var target: String
        var isCompleted: Bool
    }

    /// Indexes that have plan lists, with the range of their first list heading.
    var indexes: [(path: String, heading: SourceRange)] = []
    var entries: [Entry] = []

    static func of(_ repository: RepositoryIndex, settings: ExecPlanSettings = ExecPlanSettings()) -> PlanIndex {
        let paths = ExecPlanLayout.indexPaths(settings)
        return repository.memoized("execplans.PlanIndex|" + paths.joined(separator: "|")) { build($0, paths: paths) }
    }

    private static func build(_ repository: RepositoryIndex, paths: [String]) -> PlanIndex {
        var index = PlanIndex()
        for path in paths {
            guard let document = repository.documents[path], let markdown = document.markdown else { continue }
            let headings = markdown.headings
            var firstHeading: SourceRange?
            for (position, heading) in headings.enumerated() {
                let text = heading.text.lowercased()
                let isActive = text.utf8Contains("active plans")
                let isCompleted = text.utf8Contains("completed plans")
                guard isActive || isCompleted else { continue }
                if firstHeading == nil { firstHeading = heading.range }
                let next = headings[(position + 1)...].first { $0.level <= heading.level }
                let start = heading.range.end.offset
                let end = next?.range.start.offset ?? Int.max
                for link in markdown.links where link.range.start.offset >= start && link.range.start.offset < end {
                    guard case .path(let target, _, _) = LinkTarget.resolve(link.destination, from: path) else { continue }
                    index.entries.append(Entry(
                        indexPath: path, destination: link.destination,
                        range: LinkOccurrence.destinationRange(of: link, in: document.file), target: target,
                        isCompleted: isCompleted))
                }
            }
            if let firstHeading { index.indexes.append((path, firstHeading)) }
        }
        return index
    }
}
