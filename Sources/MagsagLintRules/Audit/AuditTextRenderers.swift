/// Plain-text rendering for the terminal (no colour, so it reads the same in a pipe).
package enum AuditTerminalRenderer {
    /// Cells longer than this are cut with `…` so tables stay readable.
    static let maxCell = 60

    package static func render(_ report: AuditReport) -> String {
        var out = ""
        for block in AuditDocument.blocks(report) {
            switch block {
            case .heading(1, let text):
                out += text + "\n" + String(repeating: "=", count: text.count) + "\n"
            case .heading(2, let text):
                out += "\n" + text + "\n" + String(repeating: "-", count: text.count) + "\n"
            case .heading(_, let text):
                out += "\n" + text + ":\n"
            case .paragraph(let text):
                out += text + "\n"
            case .list(let items):
                for item in items { out += "  - " + item + "\n" }
            case .table(let table):
                out += render(table)
            case .graph(let graph):
                let counts = AgentGraph.Layer.allCases.map { layer in "\(graph.nodes.filter { $0.layer == layer }.count) \(layer.title)" }
                out += "\(counts.joined(separator: ", ")), \(graph.edges.count) edges (magsag-lint graph prints it as dot, mermaid or json)\n"
                for edge in graph.edges { out += "  \(edge.from) -> \(edge.to) (\(edge.kind))\n" }
                for node in graph.nodes where node.missing { out += "  missing: \(node.id)\n" }
            case .trend(let entries):
                out += trend(entries)
            case .commitTrend(let points):
                out += commitTrend(points)
            }
        }
        return out
    }

    static func trend(_ entries: [AuditHistoryEntry]) -> String {
        var out = ""
        let series: [(String, (AuditScores) -> Int)] = [("overall", \.overall), ("plans", \.plans), ("docs", \.docs), ("catalog", \.catalog)]
        for (name, value) in series {
            let values = entries.map { value($0.scores) }
            let first = values.first ?? 0
            let last = values.last ?? 0
            let delta = last - first
            out += "  \(name + String(repeating: " ", count: max(0, 8 - name.count))) \(AuditHistory.sparkline(values))  \(first) -> \(last) (\(delta >= 0 ? "+" : "")\(delta))\n"
        }
        return out + "  \(entries.count) runs, \(entries.first?.date ?? "") to \(entries.last?.date ?? "")\n"
    }

    /// Sparklines of the headline series, then the table of commits.
    static func commitTrend(_ points: [AuditTrendPoint]) -> String {
        var out = ""
        let series: [(String, [Int])] = [
            ("findings", points.map(\.findings)), ("stale docs", points.map(\.staleDocs)),
            ("open to-dos", points.map(\.openTodos)), ("overall", points.map(\.scores.overall)),
        ]
        for (name, values) in series {
            let top = name == "overall" ? 100 : max(1, values.max() ?? 1)
            let scaled = values.map { $0 * 100 / top }
            out += "  \(name + String(repeating: " ", count: max(0, 12 - name.count))) \(AuditHistory.sparkline(scaled))  "
                + "\(values.first ?? 0) -> \(values.last ?? 0)\n"
        }
        return out + render(AuditTrend.table(points))
    }

    static func render(_ table: AuditTable) -> String {
        func cut(_ text: String) -> String {
            let flat = text.replacing("\n", with: " ")
            return flat.count > maxCell ? String(flat.prefix(maxCell - 1)) + "…" : flat
        }
        let rows = [table.headers] + table.rows.map { $0.map(cut) }
        var widths = Array(repeating: 0, count: table.headers.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for (index, row) in rows.enumerated() {
            var line = " "
            for (i, cell) in row.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += " " + (table.numeric.contains(i) ? pad + cell : cell + pad) + " "
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
            if index == 0 {
                out += "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return out
    }
}

/// GitHub-flavoured Markdown rendering (the graph as a Mermaid block).
package enum AuditMarkdownRenderer {
    package static func render(_ report: AuditReport) -> String {
        var parts: [String] = []
        for block in AuditDocument.blocks(report) {
            switch block {
            case .heading(let level, let text):
                parts.append(String(repeating: "#", count: level) + " " + text)
            case .paragraph(let text):
                parts.append(text)
            case .list(let items):
                parts.append(items.map { "- " + escape($0) }.joined(separator: "\n"))
            case .table(let table):
                parts.append(Self.table(table))
            case .graph(let graph):
                parts.append(graph.nodes.isEmpty ? "No agents, skills or contracts." : "```mermaid\n" + graph.mermaid + "```")
            case .trend(let entries):
                var lines = ["`overall \(AuditHistory.sparkline(entries.map(\.scores.overall)))`", "",
                             "| Date | Commit | Overall | Plans | Docs | Catalog |", "| --- | --- | ---: | ---: | ---: | ---: |"]
                for entry in entries {
                    let s = entry.scores
                    lines.append("| \(entry.date) | \(entry.commit.map { String($0.prefix(12)) } ?? "-") | \(s.overall) | \(s.plans) | \(s.docs) | \(s.catalog) |")
                }
                parts.append(lines.joined(separator: "\n"))
            case .commitTrend(let points):
                parts.append(table(AuditTrend.table(points)))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func table(_ table: AuditTable) -> String {
        var lines = ["| " + table.headers.map(cell).joined(separator: " | ") + " |"]
        lines.append("|" + table.headers.indices.map { table.numeric.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in table.rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    static func cell(_ text: String) -> String {
        escape(text).replacing("|", with: "\\|").replacing("\n", with: "<br>")
    }

    /// Keep `<`, `>` and `*`/`_` from being read as HTML or emphasis.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "*", "_", "`", "[", "]": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
