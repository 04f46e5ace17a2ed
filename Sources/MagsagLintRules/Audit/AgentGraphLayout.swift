/// A deterministic layered layout of the agent graph, drawn as inline SVG: one column per layer (MAGs,
/// SAGs, skills, contracts); within a column, nodes ordered by barycenter sweeps that reduce edge
/// crossings (``AgentGraphOrdering``). No Graphviz involved.
package struct AgentGraphLayout {
    package struct Box: Equatable {
        package var x: Int
        package var y: Int
    }

    package static let nodeWidth = 210
    package static let nodeHeight = 30
    package static let columnGap = 60
    package static let rowStep = 42
    package static let top = 50
    package static let margin = 16

    package var graph: AgentGraph
    /// Node id → top-left corner.
    package var boxes: [String: Box] = [:]
    package var width: Int
    package var height: Int

    package init(_ graph: AgentGraph) {
        self.graph = graph
        let layers = AgentGraphOrdering.order(graph)
        for (column, ids) in layers.enumerated() {
            for (index, id) in ids.enumerated() {
                boxes[id] = Box(x: Self.margin + column * (Self.nodeWidth + Self.columnGap), y: Self.top + index * Self.rowStep)
            }
        }
        let rows = layers.map(\.count).max() ?? 0
        width = Self.margin * 2 + 4 * Self.nodeWidth + 3 * Self.columnGap
        height = Self.top + max(1, rows) * Self.rowStep + Self.margin
    }

    /// The SVG element (no XML prolog), with `<title>`s for tooltips and classes for styling.
    package var svg: String {
        let w = Self.nodeWidth
        let h = Self.nodeHeight
        var out = "<svg class=\"graph\" role=\"img\" aria-label=\"Agent graph\" "
            + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n"
        for layer in AgentGraph.Layer.allCases {
            let x = Self.margin + layer.index * (w + Self.columnGap) + w / 2
            out += "<text class=\"col\" x=\"\(x)\" y=\"28\" text-anchor=\"middle\">\(layer.title)</text>\n"
        }
        if graph.nodes.isEmpty {
            out += "<text x=\"\(Self.margin)\" y=\"\(Self.top + 20)\">No agents, skills or contracts.</text>\n"
        }
        for edge in graph.edges {
            guard let a = boxes[edge.from], let b = boxes[edge.to] else { continue }
            let path: String
            if a.x == b.x {
                let x = a.x + w
                path = "M \(x) \(a.y + h / 2) C \(x + 40) \(a.y + h / 2), \(x + 40) \(b.y + h / 2), \(x) \(b.y + h / 2)"
            } else {
                let (x1, y1, x2, y2) = (a.x + w, a.y + h / 2, b.x, b.y + h / 2)
                let dx = max(30, (x2 - x1) / 2)
                path = "M \(x1) \(y1) C \(x1 + dx) \(y1), \(x2 - dx) \(y2), \(x2) \(y2)"
            }
            out += "<path class=\"edge \(edge.kind)\" d=\"\(path)\" marker-end=\"url(#arrow)\">"
                + "<title>\(HTML.escape(edge.from)) \(edge.kind) \(HTML.escape(edge.to))</title></path>\n"
        }
        for node in graph.nodes {
            guard let box = boxes[node.id] else { continue }
            let classes = "node \(node.layer.rawValue)\(node.missing ? " missing" : "")"
            let label = node.label.count > 28 ? String(node.label.prefix(27)) + "…" : node.label
            let tip = node.missing ? "\(node.id) (missing)" : node.path ?? node.id
            out += "<g class=\"\(classes)\"><title>\(HTML.escape(tip))</title>"
                + "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(w)\" height=\"\(h)\" rx=\"5\"/>"
                + "<text x=\"\(box.x + 10)\" y=\"\(box.y + 20)\">\(HTML.escape(label))</text></g>\n"
        }
        return out + "</svg>"
    }
}

/// HTML text escaping.
package enum HTML {
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
