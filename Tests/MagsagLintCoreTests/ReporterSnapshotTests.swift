import MagsagLintCore
import Testing

/// Every reporter renders the fixed diagnostic set; the outputs are pinned by snapshots.
@Suite struct ReporterSnapshotTests {
    let diagnostics = Fixtures.diagnostics

    @Test func human() {
        assertSnapshot(HumanReporter().render(diagnostics, context: Fixtures.context()), named: "human")
    }

    @Test func humanColour() {
        let text = HumanReporter().render(diagnostics, context: Fixtures.context(color: true))
        // Escape characters are made visible so the snapshot reads as text.
        assertSnapshot(text.replacing("\u{1B}", with: "\\e"), named: "human-color")
    }

    @Test func concise() {
        assertSnapshot(ConciseReporter().render(diagnostics, context: Fixtures.context()), named: "concise")
    }

    @Test func json() {
        assertSnapshot(JSONReporter().render(diagnostics, context: Fixtures.context()), named: "json")
    }

    @Test func sarif() {
        assertSnapshot(SARIFReporter().render(diagnostics, context: Fixtures.context()), named: "sarif")
    }

    @Test func github() {
        assertSnapshot(GitHubReporter().render(diagnostics, context: Fixtures.context()), named: "github")
    }

    @Test func factoryCoversEveryFormat() {
        let context = Fixtures.context()
        #expect(Reporters.reporter(for: .human) is HumanReporter)
        #expect(Reporters.reporter(for: .concise) is ConciseReporter)
        #expect(Reporters.reporter(for: .json) is JSONReporter)
        #expect(Reporters.reporter(for: .sarif) is SARIFReporter)
        #expect(Reporters.reporter(for: .github) is GitHubReporter)
        for format in ReportFormat.allCases {
            let output = Reporters.reporter(for: format).render(diagnostics, context: context)
            let again = Reporters.reporter(for: format).render(diagnostics, context: context)
            #expect(output == again, "\(format) output is not deterministic")
        }
    }
}
