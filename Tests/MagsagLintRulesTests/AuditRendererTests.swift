import Foundation
import MagsagLintCore
@testable import MagsagLintRules
import Testing

@Suite struct AuditRendererTests {
    static let history = [
        AuditHistoryEntry(date: "2026-10-01", commit: nil, scores: AuditScores(plans: 40, docs: 60, catalog: 80, overall: 60)),
    ]

    @Test func htmlIsSelfContained() throws {
        let html = AuditHTMLRenderer.render(AuditFixture.report(history: Self.history))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg class=\"graph\""))
        #expect(html.contains("<svg class=\"trend\""))
        #expect(html.contains("@media print"))
        #expect(html.contains("<table class=\"sortable\">"))
        // No network: nothing loaded by URL, no external stylesheets, fonts or scripts.
        #expect(!html.contains("http://") && !html.contains("https://"))
        let external = try Regex(#"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*="#)
        #expect(html.firstMatch(of: external) == nil)
        #expect(!html.contains("@import"))
        #expect(html.firstMatch(of: try Regex(#"url\((?!#)"#)) == nil)
        #expect(html.contains("Graphviz not used"))
    }

    @Test func htmlEscapesText() {
        var report = AuditFixture.report()
        report.plans[0].title = "<script>alert(1)</script>"
        let html = AuditHTMLRenderer.render(report)
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func graphLayoutPutsLayersInColumns() throws {
        let graph = AuditFixture.report().graph
        let layout = AgentGraphLayout(graph)
        let mag = try #require(layout.boxes["main.a-mag"])
        let sag = try #require(layout.boxes["sub.b-sag"])
        let skill = try #require(layout.boxes["skill.used"])
        let contract = try #require(layout.boxes["catalog/contracts/a_input.schema.json"])
        #expect(mag.x < sag.x && sag.x < skill.x && skill.x < contract.x)
        #expect(graph.nodes.first { $0.id == "sub.ghost-sag" }?.missing == true)
        #expect(layout.svg.contains("class=\"node sag missing\""))
        #expect(AgentGraphLayout(graph).svg == layout.svg)
    }

    @Test func graphFormats() {
        let graph = AuditFixture.report().graph
        #expect(graph.dot.hasPrefix("digraph magsag {"))
        #expect(graph.dot.contains("\"main.a-mag\" -> \"sub.b-sag\" [label=\"delegates\"];"))
        #expect(graph.dot.contains("\"main.a-mag\" -> \"skill.used\" [label=\"uses\"];"))
        #expect(graph.mermaid.hasPrefix("flowchart LR\n"))
        #expect(graph.mermaid.contains("-->|delegates|"))
        let json = AuditJSONRenderer.render(graph)
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        #expect((object?["nodes"] as? [Any])?.count == graph.nodes.count)
    }

    @Test func markdownAndTerminal() {
        let report = AuditFixture.report(history: Self.history)
        let markdown = AuditMarkdownRenderer.render(report)
        #expect(markdown.hasPrefix("# magsag-lint audit\n"))
        #expect(markdown.contains("## ExecPlans (1)"))
        #expect(markdown.contains("```mermaid\nflowchart LR"))
        #expect(markdown.contains("| Date | Commit | Overall |"))
        let terminal = AuditTerminalRenderer.render(report)
        #expect(terminal.contains("overall  ▅"))
        #expect(terminal.contains("WITHOUT FIXTURES: sub.b-sag"))
        #expect(terminal.contains("audit/stale-plan"))
    }

    @Test func jsonParses() throws {
        let json = AuditJSONRenderer.render(AuditFixture.report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["today"] as? String == "2026-11-25")
        #expect((object["scores"] as? [String: Any])?["overall"] != nil)
        #expect((object["findings"] as? [String: Any])?["plans"] != nil)
    }
}
