@testable import MagsagLintCore
import MagsagLintRules
import Testing

/// Repository rules start in their start order, and their results go back to rule order.
@Suite struct RuleStartOrderTests {
    @Test func startSequenceSortsByStartOrderThenRuleOrder() {
        #expect(Linter.startSequence([]) == [])
        #expect(Linter.startSequence([0, 0, 0]) == [0, 1, 2])
        #expect(Linter.startSequence([1, -1, 0, 1, -1, 0]) == [1, 4, 2, 5, 0, 3])
        let orders = (0..<50).map { ($0 * 7) % 3 - 1 }
        let sequence = Linter.startSequence(orders)
        #expect(sequence.sorted() == Array(orders.indices), "a permutation of the rules")
        #expect(zip(sequence, sequence.dropFirst()).allSatisfy { (orders[$0], $0) < (orders[$1], $1) })
    }

    static func startOrder<R: RepositoryRule>(of rule: R) -> Int { R.startOrder }

    /// The runner's rules wait for its shared report: one starts it first, the others start last; the
    /// schema store's long build starts first too.
    @Test func sharedModelBuildersStartFirstAndTheirReadersLast() {
        var orders: [String: Int] = [:]
        for rule in BuiltInRules.all {
            guard let repositoryRule = rule.init() as? any RepositoryRule else { continue }
            orders[rule.description.id] = Self.startOrder(of: repositoryRule)
        }
        #expect(Set(orders.filter { $0.value < 0 }.keys) == ["budget-exceeded", "invalid-schema"])
        #expect(orders["fixture-drift"] == 1 && orders["contract-edge-violation"] == 1)
        #expect(orders.values.filter { $0 == 0 }.count > 20)
    }
}
