import MagsagSource

/// The unchanged files of a snapshot that may still refer to paths a change removed (deleted files and
/// the old paths of renamed ones), found by searching their bytes for names of the removed paths.
///
/// Repository rules look at these files as if they were linted; a finding on one is reported as a
/// consequence of the change only when it names a removed path (`isNamed(in:)`), so the descriptor that
/// still declares a deleted contract, or the document linking to a deleted page, stops the commit while
/// the file's older, unrelated findings stay out of the report.
struct RemovalReferrers: Sendable {
    /// Paths of unchanged files whose bytes contain a name of a removed path.
    let referrers: Set<String>
    /// The names searched for (UTF-8).
    let names: [[UInt8]]
    private let removed: Set<String>

    /// A removed path is searched for by its file name when no other file of the snapshot has that name,
    /// else by its last two path components; a descriptor (`agent.yaml`, `skill.yaml`, `SKILL.md`) also by
    /// its folder name, which references to the agent or skill use.
    init(gone: Set<String>, documents: [String: LintDocument], excluding linted: Set<String>) {
        removed = gone
        var counts: [Substring: Int] = [:]
        for path in documents.keys { counts[Self.lastComponent(path), default: 0] += 1 }
        var needles: Set<String> = []
        for path in gone {
            let components = path.split(separator: "/")
            guard let name = components.last else { continue }
            if counts[name, default: 0] == 0 || components.count < 2 {
                needles.insert(String(name))
            } else {
                needles.insert(components.suffix(2).joined(separator: "/"))
            }
            if ["agent.yaml", "agent.yml", "skill.yaml", "skill.yml", "SKILL.md"].contains(name), components.count >= 2 {
                needles.insert(String(components[components.count - 2]))
            }
        }
        let names = needles.sorted().map { Array($0.utf8) }
        self.names = names
        let candidates = documents.values.filter { !linted.contains($0.path) && !gone.contains($0.path) && $0.kind != .other }
        let hits = Parallel.map(candidates) { document in
            let bytes = document.file.bytes[...]
            return names.contains { ByteSearch.contains(bytes, $0) }
        }
        referrers = Set(zip(candidates, hits).compactMap { $1 ? $0.path : nil })
    }

    /// Whether a finding names a removed path: in its message, notes or help, or as a related location.
    func isNamed(in diagnostic: Diagnostic) -> Bool {
        if diagnostic.related.contains(where: { removed.contains($0.path) }) { return true }
        let texts = [diagnostic.message, diagnostic.help ?? ""] + diagnostic.notes
        return texts.contains { text in
            let bytes = Array(text.utf8)[...]
            return names.contains { ByteSearch.contains(bytes, $0) }
        }
    }

    private static func lastComponent(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }
}
