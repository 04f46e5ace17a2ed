/// The row order of each column of the agent graph, with edge crossings reduced by barycenter sweeps.
///
/// Start: one left-to-right pass ordering each column by the mean row of its predecessors in earlier
/// columns (ties and unconnected nodes by id). Then up to `sweeps` rounds of a right-to-left sweep (a
/// column by the mean row of its successors in later columns) followed by a left-to-right sweep (by its
/// predecessors); a node without neighbours on the side swept from keeps its row, and ties keep the
/// current order. After every sweep the crossings are counted and the best order so far is kept (the
/// earliest on a tie), so the result never has more crossings than the start. On graphs of up to
/// ``transposeLimit`` edges, adjacent swaps that lower the count follow. Deterministic.
package enum AgentGraphOrdering {
    /// Rounds of sweeps after the first pass.
    package static let sweeps = 6

    /// Node ids per layer (MAGs, SAGs, skills, contracts), top to bottom.
    package static func order(_ graph: AgentGraph, sweeps: Int = sweeps) -> [[String]] {
        let layerOf = Dictionary(graph.nodes.map { ($0.id, $0.layer.index) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.edges.compactMap { edge -> (String, String)? in
            guard let a = layerOf[edge.from], let b = layerOf[edge.to], a != b else { return nil }
            return a < b ? (edge.from, edge.to) : (edge.to, edge.from)
        }
        var best = initialOrder(graph, edges: edges)
        var bestCrossings = crossings(best, edges: edges)
        var current = best
        var round = 0
        while round < sweeps, bestCrossings > 0 {
            for downward in [false, true] {
                current = sweep(current, edges: edges, downward: downward)
                let count = crossings(current, edges: edges)
                if count < bestCrossings {
                    best = current
                    bestCrossings = count
                }
            }
            round += 1
        }
        if edges.count <= transposeLimit, bestCrossings > 0 { best = transpose(best, edges: edges, crossings: bestCrossings) }
        return best
    }

    /// Up to this many edges, sweeps are followed by adjacent swaps.
    package static let transposeLimit = 150

    /// Swap neighbours within a column while that lowers the crossings (the "transpose" refinement of
    /// Gansner et al.), column by column, until a pass changes nothing.
    static func transpose(_ layers: [[String]], edges: [(String, String)], crossings start: Int) -> [[String]] {
        var layers = layers
        var current = start
        var improved = true
        var passes = 0
        while improved, current > 0, passes < 20 {
            improved = false
            passes += 1
            for column in layers.indices where layers[column].count > 1 {
                for index in 0..<(layers[column].count - 1) {
                    layers[column].swapAt(index, index + 1)
                    let count = crossings(layers, edges: edges)
                    if count < current {
                        current = count
                        improved = true
                    } else {
                        layers[column].swapAt(index, index + 1)
                    }
                }
            }
        }
        return layers
    }

    /// The single left-to-right barycenter pass (the layout before crossing reduction).
    package static func initialOrder(_ graph: AgentGraph) -> [[String]] {
        let layerOf = Dictionary(graph.nodes.map { ($0.id, $0.layer.index) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.edges.compactMap { edge -> (String, String)? in
            guard let a = layerOf[edge.from], let b = layerOf[edge.to], a != b else { return nil }
            return a < b ? (edge.from, edge.to) : (edge.to, edge.from)
        }
        return initialOrder(graph, edges: edges)
    }

    static func initialOrder(_ graph: AgentGraph, edges: [(String, String)]) -> [[String]] {
        var predecessors: [String: [String]] = [:]
        for (from, to) in edges { predecessors[to, default: []].append(from) }
        var row: [String: Double] = [:]
        var layers: [[String]] = []
        for layer in AgentGraph.Layer.allCases {
            let keyed = graph.nodes.filter { $0.layer == layer }.map { node -> (Double, String) in
                let known = (predecessors[node.id] ?? []).compactMap { row[$0] }
                return (known.isEmpty ? Double.infinity : known.reduce(0, +) / Double(known.count), node.id)
            }
            let ordered = keyed.sorted { $0 < $1 }.map(\.1)
            for (index, id) in ordered.enumerated() { row[id] = Double(index) }
            layers.append(ordered)
        }
        return layers
    }

    /// One sweep: `downward` reorders columns 1... by their predecessors, otherwise columns ...0 (right
    /// to left) by their successors.
    static func sweep(_ layers: [[String]], edges: [(String, String)], downward: Bool) -> [[String]] {
        var layers = layers
        var row: [String: Int] = [:]
        var column: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            for (position, id) in layer.enumerated() {
                row[id] = position
                column[id] = index
            }
        }
        var neighbours: [String: [String]] = [:]
        for (from, to) in edges {
            if downward { neighbours[to, default: []].append(from) } else { neighbours[from, default: []].append(to) }
        }
        let indices = downward ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
        for index in indices {
            let keyed = layers[index].enumerated().map { position, id -> (Double, Int, String) in
                // Only neighbours in columns already placed in this sweep (or fixed) count.
                let rows = (neighbours[id] ?? []).compactMap { other -> Double? in
                    guard let otherColumn = column[other],
                        downward ? otherColumn < index : otherColumn > index
                    else { return nil }
                    return row[other].map(Double.init)
                }
                let center = rows.isEmpty ? Double(position) : rows.reduce(0, +) / Double(rows.count)
                return (center, position, id)
            }
            let ordered = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            layers[index] = ordered
            for (position, id) in ordered.enumerated() { row[id] = position }
        }
        return layers
    }

    /// Above this many edges, only edges joining the same two columns are compared (O(E log E) per
    /// column pair) instead of every pair of edges (O(E²)).
    package static let exactLimit = 1_500

    /// Edge crossings with every edge drawn as a straight line from (column, row) to (column, row):
    /// two edges cross when their vertical order differs at the two ends of the columns they share.
    /// Edges sharing an end never cross. Above ``exactLimit`` edges, only edges joining the same two
    /// columns are compared.
    package static func crossings(_ layers: [[String]], edges: [(String, String)]) -> Int {
        var row: [String: Int] = [:]
        var column: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            for (position, id) in layer.enumerated() {
                row[id] = position
                column[id] = index
            }
        }
        let segments = edges.compactMap { from, to -> (a: Int, ra: Int, b: Int, rb: Int)? in
            guard let a = column[from], let b = column[to], let ra = row[from], let rb = row[to], a < b else { return nil }
            return (a, ra, b, rb)
        }
        guard segments.count <= exactLimit else { return sameColumnCrossings(segments) }
        func y(_ s: (a: Int, ra: Int, b: Int, rb: Int), _ x: Int) -> Double {
            Double(s.ra) + Double(s.rb - s.ra) * Double(x - s.a) / Double(s.b - s.a)
        }
        var total = 0
        for i in segments.indices {
            for j in segments.indices where j > i {
                let (p, q) = (segments[i], segments[j])
                let low = max(p.a, q.a)
                let high = min(p.b, q.b)
                guard low < high else { continue }
                if (y(p, low) - y(q, low)) * (y(p, high) - y(q, high)) < 0 { total += 1 }
            }
        }
        return total
    }

    /// Crossings between edges joining the same two columns, by inversion counting.
    static func sameColumnCrossings(_ segments: [(a: Int, ra: Int, b: Int, rb: Int)]) -> Int {
        var groups: [Int: [(Int, Int)]] = [:]
        for s in segments { groups[s.a * 16 + s.b, default: []].append((s.ra, s.rb)) }
        var total = 0
        for pairs in groups.values {
            var targets = pairs.sorted { $0 < $1 }.map(\.1)
            total += inversions(&targets)
        }
        return total
    }

    /// Crossings of `graph` drawn with `layers`.
    package static func crossings(_ layers: [[String]], in graph: AgentGraph) -> Int {
        let layerOf = Dictionary(graph.nodes.map { ($0.id, $0.layer.index) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.edges.compactMap { edge -> (String, String)? in
            guard let a = layerOf[edge.from], let b = layerOf[edge.to], a != b else { return nil }
            return a < b ? (edge.from, edge.to) : (edge.to, edge.from)
        }
        return crossings(layers, edges: edges)
    }

    /// Pairs i < j with values[i] > values[j] (strictly), counted by merge sort; sorts `values`.
    static func inversions(_ values: inout [Int]) -> Int {
        guard values.count > 1 else { return 0 }
        let middle = values.count / 2
        var left = Array(values[..<middle])
        var right = Array(values[middle...])
        var count = inversions(&left) + inversions(&right)
        var (i, j, k) = (0, 0, 0)
        while i < left.count, j < right.count {
            if left[i] <= right[j] {
                values[k] = left[i]
                i += 1
            } else {
                values[k] = right[j]
                count += left.count - i
                j += 1
            }
            k += 1
        }
        while i < left.count { values[k] = left[i]; i += 1; k += 1 }
        while j < right.count { values[k] = right[j]; j += 1; k += 1 }
        return count
    }
}
