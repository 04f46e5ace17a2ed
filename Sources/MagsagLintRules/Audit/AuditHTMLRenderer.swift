/// One self-contained HTML page: inline CSS (screen and print), inline SVG for the graph and the trend,
/// and a few lines of inline JavaScript that make tables sortable (the page reads the same without it).
/// Nothing is loaded from the network.
package enum AuditHTMLRenderer {
    package static func render(_ report: AuditReport) -> String {
        let blocks = AuditDocument.blocks(report)
        var body = ""
        var toc: [(String, String)] = []
        var used: [String: Int] = [:]
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                var id = slug(text)
                if let count = used[id] { used[id] = count + 1; id += "-\(count + 1)" } else { used[id] = 0 }
                if level == 2 { toc.append((id, text)) }
                body += "<h\(level) id=\"\(id)\">\(HTML.escape(text))</h\(level)>\n"
                if level == 1 { body += "<!--toc-->\n" }
            case .paragraph(let text):
                body += "<p>\(HTML.escape(text))</p>\n"
            case .list(let items):
                body += "<ul>\n" + items.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                body += render(table)
            case .graph(let graph):
                body += "<div class=\"scroll\">\(AgentGraphLayout(graph).svg)</div>\n"
                body += "<p class=\"legend\"><span class=\"key mag\">MAG</span> <span class=\"key sag\">SAG</span> "
                    + "<span class=\"key skill\">skill</span> <span class=\"key contract\">contract</span> "
                    + "<span class=\"key missing\">missing</span> Hover a node for its file.</p>\n"
            case .trend(let entries):
                body += trend(entries)
            case .commitTrend(let points):
                body += AuditTrend.svg(points) + render(AuditTrend.table(points))
            }
        }
        let nav = "<nav><ul>" + toc.map { "<li><a href=\"#\($0.0)\">\(HTML.escape($0.1))</a></li>" }.joined() + "</ul></nav>"
        body = body.replacing("<!--toc-->", with: nav)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>magsag-lint audit \(HTML.escape(report.today))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            <script>
            \(script)
            </script>
            </body>
            </html>

            """
    }

    static func render(_ table: AuditTable) -> String {
        let scoreColumns = Set(table.headers.indices.filter { table.headers[$0] == "Score" })
        var out = "<div class=\"scroll\"><table class=\"sortable\(table.nowrap ? " nowrap" : "")\">\n<thead><tr>"
        for (index, header) in table.headers.enumerated() {
            out += "<th scope=\"col\" data-type=\"\(table.numeric.contains(index) ? "num" : "text")\">\(HTML.escape(header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric = table.numeric.contains(index)
                var content = HTML.escape(cell).replacing("\n", with: "<br>")
                if scoreColumns.contains(index), let value = Int(cell) {
                    content = "<span class=\"score \(grade(value))\">\(value)</span>"
                }
                out += numeric ? "<td class=\"num\">\(content)</td>" : "<td>\(content)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// `good` (90+), `fair` (70+) or `poor`.
    static func grade(_ score: Int) -> String {
        score >= 90 ? "good" : score >= 70 ? "fair" : "poor"
    }

    /// One line per area over the runs, 0–100 on the vertical axis, plus the table of runs.
    static func trend(_ entries: [AuditHistoryEntry]) -> String {
        let width = 480
        let height = 120
        let series: [(String, (AuditScores) -> Int)] = [("overall", \.overall), ("plans", \.plans), ("docs", \.docs), ("catalog", \.catalog)]
        var svg = "<svg class=\"trend\" role=\"img\" aria-label=\"Score trend\" viewBox=\"0 0 \(width + 90) \(height + 20)\" "
            + "width=\"\(width + 90)\" height=\"\(height + 20)\">\n"
        for mark in [0, 50, 100] {
            let y = 10 + (100 - mark) * height / 100
            svg += "<line class=\"grid\" x1=\"30\" x2=\"\(width)\" y1=\"\(y)\" y2=\"\(y)\"/><text class=\"axis\" x=\"0\" y=\"\(y + 4)\">\(mark)</text>\n"
        }
        let step = entries.count > 1 ? (width - 40) / (entries.count - 1) : 0
        for (position, (name, value)) in series.enumerated() {
            let points = entries.enumerated().map { index, entry in
                "\(35 + index * step),\(10 + (100 - min(100, max(0, value(entry.scores)))) * height / 100)"
            }
            svg += "<polyline class=\"line \(name)\" points=\"\(points.joined(separator: " "))\"/>\n"
            let current = entries.last.map { value($0.scores) } ?? 0
            svg += "<text class=\"label \(name)\" x=\"\(width + 8)\" y=\"\(22 + position * 18)\">\(name) \(current)</text>\n"
        }
        svg += "</svg>\n"
        let table = AuditTable(
            headers: ["Date", "Commit", "Overall", "Plans", "Docs", "Catalog"],
            rows: entries.map { entry in
                let s = entry.scores
                return [entry.date, entry.commit.map { String($0.prefix(12)) } ?? "-", String(s.overall), String(s.plans), String(s.docs), String(s.catalog)]
            }, numeric: [2, 3, 4, 5])
        return "<div class=\"scroll\">\(svg)</div>\n" + render(table)
    }

    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, out.last != "-" {
                out += "-"
            }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}
