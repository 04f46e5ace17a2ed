/// The agent → agent dependency graph of a catalog (resolved references only, templates excluded).
package struct DependencyGraph: Sendable {
    /// For each agent index, its targets in declaration order, with the reference field.
    package var edges: [[(target: Int, field: CatalogField)]]

    /// The graph of every agent, or of the agents reachable from `roots` (agent indices): only their
    /// descriptors are read, and every cycle through a root lies inside it.
    package init(_ catalog: CatalogModel, from roots: [Int]? = nil) {
        edges = Array(repeating: [], count: catalog.agents.count)
        var pending = roots ?? Array(catalog.agents.indices)
        var seen = Set(pending)
        while let i = pending.popLast() {
            let agent = catalog.agents[i]
            guard !agent.isTemplate else { continue }
            for dependency in agent.dependencies {
                guard let reference = dependency.parsed, reference.kind != .skill,
                      let target = catalog.resolve(reference)?.agentIndex,
                      !edges[i].contains(where: { $0.target == target }) else { continue }
                edges[i].append((target, dependency.field))
                if roots != nil, seen.insert(target).inserted { pending.append(target) }
            }
        }
    }

    /// The reference field of the edge `from → to`.
    package func edge(from: Int, to: Int) -> CatalogField? {
        edges[from].first { $0.target == to }?.field
    }

    /// Strongly connected components that contain a cycle (size > 1, or a self-loop), Tarjan's
    /// algorithm, iterative so deep chains cannot overflow the stack.
    package func cycles() -> [[Int]] {
        let count = edges.count
        var index = Array(repeating: -1, count: count)
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var stack: [Int] = []
        var next = 0
        var result: [[Int]] = []
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (node, edgeIndex) = work.last {
                if edgeIndex < edges[node].count {
                    work[work.count - 1].edge += 1
                    let target = edges[node][edgeIndex].target
                    if index[target] < 0 {
                        index[target] = next; low[target] = next; next += 1
                        stack.append(target); onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], index[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == index[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 || edges[node].contains(where: { $0.target == node }) {
                    result.append(component)
                }
            }
        }
        return result
    }

    /// A shortest cycle through `start` inside `component`, as nodes with `start` at both ends.
    package func cycle(from start: Int, within component: Set<Int>) -> [Int]? {
        var previous: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (target, _) in edges[node] where component.contains(target) {
                if target == start {
                    var path = [start]
                    var current = node
                    while current != start {
                        path.append(current)
                        guard let back = previous[current] else { return nil }
                        current = back
                    }
                    return [start] + Array(path[1...].reversed()) + [start]
                }
                if previous[target] == nil {
                    previous[target] = node
                    queue.append(target)
                }
            }
        }
        return nil
    }
}
