@testable import MagsagLintRules
import Testing

/// Crossing reduction in the agent graph layout.
@Suite struct AgentGraphOrderingTests {
    static func node(_ id: String, _ layer: AgentGraph.Layer) -> AgentGraph.Node {
        AgentGraph.Node(id: id, label: id, layer: layer, path: nil, missing: false)
    }

    static func edge(_ from: String, _ to: String, _ kind: String = "delegates") -> AgentGraph.Edge {
        AgentGraph.Edge(from: from, to: to, kind: kind)
    }

    /// MAGs a, b, c (ordered by id in the first pass); a and c delegate to y, b to x. The single
    /// left-to-right pass ties x and y (mean row 1 each) and orders them by id, so a→y crosses b→x.
    /// Sweeping back moves b above a and c: no crossing.
    static let crossed = AgentGraph(
        nodes: [node("a", .mag), node("b", .mag), node("c", .mag), node("x", .sag), node("y", .sag)],
        edges: [edge("a", "y"), edge("b", "x"), edge("c", "y")])

    @Test func sweepsRemoveTheCrossingTheFirstPassLeaves() {
        let naive = AgentGraphOrdering.initialOrder(Self.crossed)
        #expect(naive == [["a", "b", "c"], ["x", "y"], [], []])
        #expect(AgentGraphOrdering.crossings(naive, in: Self.crossed) == 1)
        let ordered = AgentGraphOrdering.order(Self.crossed)
        #expect(AgentGraphOrdering.crossings(ordered, in: Self.crossed) == 0)
        #expect(ordered[0] == ["b", "a", "c"])
        let layout = AgentGraphLayout(Self.crossed)
        #expect((layout.boxes["b"]?.y ?? 0) < (layout.boxes["a"]?.y ?? 0))
    }

    /// A larger graph across four columns: crossings drop and never rise, and the order is stable.
    @Test func crossingsDropOnAFourColumnGraph() {
        let graph = AgentGraph(
            nodes: [Self.node("m1", .mag), Self.node("m2", .mag),
                    Self.node("s1", .sag), Self.node("s2", .sag), Self.node("s3", .sag),
                    Self.node("k1", .skill), Self.node("k2", .skill), Self.node("k3", .skill),
                    Self.node("c1", .contract), Self.node("c2", .contract), Self.node("c3", .contract)],
            edges: [Self.edge("m1", "s3"), Self.edge("m1", "s1"), Self.edge("m2", "s2"),
                    Self.edge("s1", "k3", "uses"), Self.edge("s2", "k1", "uses"), Self.edge("s3", "k2", "uses"), Self.edge("s2", "k3", "uses"),
                    Self.edge("k1", "c3", "input"), Self.edge("k2", "c1", "input"), Self.edge("k3", "c2", "output")])
        let naive = AgentGraphOrdering.crossings(AgentGraphOrdering.initialOrder(graph), in: graph)
        let ordered = AgentGraphOrdering.order(graph)
        let reduced = AgentGraphOrdering.crossings(ordered, in: graph)
        #expect(reduced <= naive)
        #expect(reduced < naive || naive == 0)
        #expect(AgentGraphOrdering.order(graph) == ordered, "deterministic")
        #expect(Set(ordered.flatMap { $0 }) == Set(graph.nodes.map(\.id)), "every node placed once")
    }

    /// An edge skipping columns (MAG → contract) is compared with the edges of the columns it spans.
    @Test func edgesSpanningColumnsAreCompared() {
        let edges = [("m", "c2"), ("k2", "c1")]
        #expect(AgentGraphOrdering.crossings([["m"], [], ["k1", "k2"], ["c1", "c2"]], edges: edges) == 1)
        #expect(AgentGraphOrdering.crossings([["m"], [], ["k1", "k2"], ["c2", "c1"]], edges: edges) == 0)
        // Edges sharing an end never cross.
        #expect(AgentGraphOrdering.crossings([["m"], ["s1", "s2"], [], []], edges: [("m", "s1"), ("m", "s2")]) == 0)
    }

    @Test func inversionsCountStrictPairs() {
        var values = [3, 1, 2, 2, 0]
        #expect(AgentGraphOrdering.inversions(&values) == 7)
        #expect(values == [0, 1, 2, 2, 3])
        var empty: [Int] = []
        #expect(AgentGraphOrdering.inversions(&empty) == 0)
    }
}
