import MagsagCatalog
import MagsagLintCore
import MagsagSource

extension Runner {
    /// When only part of the snapshot is linted (a hook, a change set, `check` with paths), the runner's
    /// rules keep only findings located in linted files; this selects every fixture whose replay can put a
    /// finding there, or nil when everything is linted.
    ///
    /// A fixture's findings lie in the fixture itself, except a drift finding that also lands on the
    /// callee's own case. So the scope is: the linted fixtures; every fixture of an agent or skill the linted
    /// or deleted paths affect (their folders, contracts and the schemas those `$ref`, global registries and policies),
    /// and of its callers, transitively (`affected(by:)`); and every fixture that records a call naming the
    /// owner of a linted fixture (undeclared callers included), for the drift finding on that fixture.
    /// Lint sets above 2,000 files replay everything.
    func replayScope(linted: Set<String>) -> Set<String>? {
        // Large lint sets replay everything: the selection costs more than it saves there.
        guard linted.count <= Self.partialLimit, linted.count < repository.documents.count else { return nil }
        if let presetScope { return presetScope }
        let fixturePaths = Set(fixtures.map(\.path))
        var scope = linted.intersection(fixturePaths)
        let owners = Set(affected(by: linted.union(repository.deleted)))
        var providers: Set<String> = []
        for fixture in fixtures where linted.contains(fixture.path) {
            guard let node = nodesByFolder[fixture.owner] else { continue }
            providers.insert(String(node.key.drop { $0 != "." }.dropFirst()))
        }
        for fixture in fixtures {
            if let node = nodesByFolder[fixture.owner], owners.contains(node.key) {
                scope.insert(fixture.path)
            } else if !providers.isEmpty, fixture.calls.contains(where: { call in
                guard let text = call.targetText else { return false }
                return providers.contains { text.utf8Contains($0) }
            }) {
                scope.insert(fixture.path)
            }
        }
        return scope
    }
}
