import MagsagCatalog
import MagsagLintCore

/// The MAG → SAG → skill → contract graph of a catalog (templates excluded). Unresolved references
/// become `missing` nodes so that the gap shows.
package struct AgentGraph: Sendable, Codable, Equatable {
    /// The column a node is drawn in.
    package enum Layer: String, Sendable, Codable, CaseIterable {
        case mag, sag, skill, contract

        package var index: Int { Layer.allCases.firstIndex(of: self) ?? 0 }
        package var title: String {
            switch self {
            case .mag: "MAGs"
            case .sag: "SAGs"
            case .skill: "Skills"
            case .contract: "Contracts"
            }
        }
    }

    package struct Node: Sendable, Codable, Equatable {
        /// `main.<slug>`, `sub.<slug>`, `skill.<name>` or the contract's path.
        package var id: String
        package var label: String
        package var layer: Layer
        /// The file describing it, nil for missing nodes.
        package var path: String?
        /// Referenced but not found in the catalog.
        package var missing: Bool
    }

    package struct Edge: Sendable, Codable, Equatable {
        package var from: String
        package var to: String
        /// `delegates`, `uses`, `input` or `output`.
        package var kind: String
    }

    /// Nodes sorted by layer, then id.
    package var nodes: [Node]
    /// Edges sorted by source, target, kind.
    package var edges: [Edge]

    package init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The graph of `catalog`.
    package init(_ catalog: CatalogModel, repository: RepositoryIndex) {
        var nodes: [String: Node] = [:]
        var edges: Set<String> = []
        var edgeList: [Edge] = []
        func add(_ edge: Edge) {
            if edges.insert("\(edge.from)\u{0}\(edge.to)\u{0}\(edge.kind)").inserted { edgeList.append(edge) }
        }
        func addContracts(_ root: CatalogField?, key: String, owner: String) {
            for (name, field) in root?.child(key)?.members ?? [] {
                guard field.string != nil,
                      let path = ContractPath(field: field, member: "\(key).\(name)").resolved(in: repository) else { continue }
                if nodes[path] == nil {
                    let label = Self.contractLabel(path)
                    nodes[path] = Node(id: path, label: label, layer: .contract, path: path, missing: !repository.fileExists(path))
                }
                add(Edge(from: owner, to: path, kind: name.hasPrefix("input") ? "input" : name.hasPrefix("output") ? "output" : name))
            }
        }
        for agent in catalog.agents where !agent.isTemplate {
            guard let key = agent.key else { continue }
            let layer: Layer = agent.folderKind == .sub ? .sag : .mag
            nodes[key] = Node(id: key, label: agent.folderName, layer: layer, path: agent.path, missing: false)
        }
        for skill in catalog.skills where !skill.isTemplate {
            let key = "skill.\(skill.name)"
            if nodes[key] == nil { nodes[key] = Node(id: key, label: skill.name, layer: .skill, path: skill.primaryPath, missing: false) }
        }
        for agent in catalog.agents where !agent.isTemplate {
            guard let key = agent.key else { continue }
            for dependency in agent.dependencies {
                guard let reference = dependency.parsed else { continue }
                let target = catalog.resolve(reference)
                let id = target.map { "\($0.kind.rawValue).\($0.name)" } ?? reference.key
                if nodes[id] == nil {
                    let layer: Layer = reference.kind == .skill ? .skill : reference.kind == .sub ? .sag : .mag
                    nodes[id] = Node(id: id, label: reference.name, layer: layer, path: target?.path, missing: target == nil)
                }
                add(Edge(from: key, to: id, kind: reference.kind == .skill ? "uses" : "delegates"))
            }
            addContracts(agent.root, key: "contracts", owner: key)
        }
        for skill in catalog.skills where !skill.isTemplate {
            addContracts(skill.manifest, key: "contracts", owner: "skill.\(skill.name)")
        }
        self.nodes = nodes.values.sorted { ($0.layer.index, $0.id) < ($1.layer.index, $1.id) }
        self.edges = edgeList.sorted { ($0.from, $0.to, $0.kind) < ($1.from, $1.to, $1.kind) }
    }

    /// Graphviz `dot` source.
    package var dot: String {
        var out = "digraph magsag {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
        for layer in Layer.allCases {
            out += "  subgraph cluster_\(layer.rawValue) {\n    label=\"\(layer.title)\";\n"
            for node in nodes where node.layer == layer {
                let style = node.missing ? ", style=dashed, color=red" : ""
                out += "    \(Self.quoted(node.id)) [label=\(Self.quoted(node.label))\(style)];\n"
            }
            out += "  }\n"
        }
        for edge in edges {
            out += "  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to)) [label=\(Self.quoted(edge.kind))];\n"
        }
        return out + "}\n"
    }

    /// A Mermaid `flowchart LR`.
    package var mermaid: String {
        var ids: [String: String] = [:]
        for (index, node) in nodes.enumerated() { ids[node.id] = "n\(index)" }
        var out = "flowchart LR\n"
        for layer in Layer.allCases where nodes.contains(where: { $0.layer == layer }) {
            out += "  subgraph \(layer.rawValue)[\"\(layer.title)\"]\n"
            for node in nodes where node.layer == layer {
                let label = node.label.replacing("\"", with: "#quot;")
                out += "    \(ids[node.id] ?? "n")[\"\(label)\(node.missing ? " (missing)" : "")\"]\n"
            }
            out += "  end\n"
        }
        for edge in edges {
            out += "  \(ids[edge.from] ?? "n") -->|\(edge.kind)| \(ids[edge.to] ?? "n")\n"
        }
        for node in nodes where node.missing { out += "  style \(ids[node.id] ?? "n") stroke-dasharray: 4 4\n" }
        return out
    }

    /// A contract's short name: the file name without `.schema.json`, prefixed with the skill or agent
    /// folder when the name alone (`input`, `output`) would be ambiguous.
    static func contractLabel(_ path: String) -> String {
        let parts = path.asciiSplit("/").map(String.init)
        var name = parts.last ?? path
        for suffix in [".schema.json", ".json"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
            break
        }
        if let at = parts.lastIndex(of: "contracts"), at >= 1, parts[at - 1] != "catalog" { return parts[at - 1] + "/" + name }
        return name
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
