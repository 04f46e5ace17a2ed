import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

@Suite struct ExecPlanTests {
    static let planRules: [any Rule.Type] = [
        ExecplanMissingSectionRule.self, ExecplanSectionOrderRule.self, ExecplanUnknownSectionRule.self,
        ExecplanEntryTimestampRule.self, ExecplanTodoFormatRule.self, CompletedPlanOpenTodoRule.self,
        PlanIndexMismatchRule.self,
    ]

    /// A long-form plan with the sections in `order`.
    static func plan(_ order: [String], todo: String = "- [ ] Open.") -> String {
        var text = "---\nstatus: living\n---\n# Plan\n"
        for name in order {
            text += "\n## \(name)\n\n"
            switch name {
            case "To-do": text += todo + "\n"
            case "Progress", "Decision Log": text += "- 2025-01-01T10:00:00Z — First.\n- 2025-01-02T10:00:00Z — Second.\n"
            case "Validation and Acceptance": text += "- [ ] `swift test` passes.\n"
            case "Concrete Steps": text += "1. Build.\n2. Test.\n"
            default: text += "Text.\n"
            }
        }
        return text
    }

    @Test func longFormPlanIsClean() {
        let files = [
            "docs/development/plans/a.md": Self.plan(ExecPlanLayout.longForm),
            "docs/development/PLANS.md": "# Plans\n\n## Active Plans\n\n- [A](plans/a.md)\n",
        ]
        #expect(DocsLint.run(Self.planRules, files).isEmpty)
    }

    @Test func repositoryTemplateDefinesTheOrder() {
        var order = ExecPlanLayout.longForm
        order.swapAt(3, 4)  // Decision Log before Surprises & Discoveries, as some repositories do
        let template = "# Template\n\n```markdown\n" + order.map { "## \($0)\n\n- ...\n" }.joined(separator: "\n") + "```\n"
        let plan = Self.plan(order)
        #expect(DocsLint.run([ExecplanSectionOrderRule.self], ["docs/development/plans/a.md": plan]).count == 1)
        let files = ["docs/development/plans/a.md": plan, "docs/development/PLANS.md": template]
        #expect(DocsLint.run(Self.planRules, files, linted: ["docs/development/plans/a.md"]).isEmpty)
    }

    @Test func missingSectionsAreReportedAtTheTitle() {
        let order = ExecPlanLayout.longForm.filter { $0 != "Decision Log" && $0 != "Artifacts and Notes" }
        let diagnostics = DocsLint.run([ExecplanMissingSectionRule.self], ["docs/development/plans/a.md": Self.plan(order)])
        #expect(DocsLint.places(diagnostics) == ["docs/development/plans/a.md:4:1 execplan-missing-section"])
        #expect(diagnostics.first?.message == "plan is missing sections `Decision Log`, `Artifacts and Notes`")
    }

    @Test func onlyPlansInThePlansFolderAreChecked() {
        let files = ["docs/development/plans/sub/a.md": "# A\n", "docs/development/plans/README.md": "# Plans\n",
                     "docs/plans/a.md": "# A\n"]
        #expect(DocsLint.run(Self.planRules, files).isEmpty)
    }

    @Test func timestamps() {
        #expect(EntryTimestamp.parse("[2025-10-20 15:30 UTC] Did it")?.format == .bracketed)
        #expect(EntryTimestamp.parse("2025-11-01T12:00:00Z — Did it")?.format == .iso8601)
        #expect(EntryTimestamp.parse("[2025-10-20 25:30 UTC] Bad hour") == nil)
        #expect(EntryTimestamp.parse("[2025-02-30 10:30 UTC] Bad day") == nil)
        #expect(EntryTimestamp.parse("2025-11-01 12:00 — no T") == nil)
        #expect(EntryTimestamp.parse("[2025-10-20 15:30] no UTC") == nil)
        let early = EntryTimestamp.parse("[2025-10-20 15:30 UTC]")
        let late = EntryTimestamp.parse("2025-10-20T15:31:00Z")
        #expect((early?.seconds ?? 0) + 60 == late?.seconds)
    }

    @Test func eachLogKeepsItsOwnDirection() {
        let text = "# P\n\n## Progress\n\n- [2025-01-02 10:00 UTC] b\n- [2025-01-01 10:00 UTC] a\n\n"
            + "## Decision Log\n\n- [2025-01-01 10:00 UTC] a\n- [2025-01-01 10:00 UTC] same\n- [2025-01-03 10:00 UTC] c\n"
        #expect(DocsLint.run([ExecplanEntryTimestampRule.self], ["docs/development/plans/p.md": text]).isEmpty)
    }

    @Test func completedThroughTheIndexOrTheStatusSection() {
        let open = "# P\n\n## To-do\n\n- [ ] Open.\n- [x] Done.\n"
        let index = "# Plans\n\n## Active Plans\n\n- [B](plans/b.md)\n\n## Completed Plans\n\n- [A](plans/a.md)\n"
        let files = [
            "docs/development/plans/a.md": open, "docs/development/plans/b.md": open,
            "docs/development/plans/c.md": open + "\n## Status\n\n**Status:** Completed on 2025-01-01.\n",
            "docs/development/PLANS.md": index,
        ]
        let diagnostics = DocsLint.run([CompletedPlanOpenTodoRule.self], files)
        #expect(DocsLint.places(diagnostics) == [
            "docs/development/plans/a.md:5:1 completed-plan-open-todo", "docs/development/plans/c.md:5:1 completed-plan-open-todo",
        ])
    }

    @Test func bothIndexesMustListEveryPlan() {
        let files = [
            "docs/development/plans/a.md": "# A\n", "docs/development/plans/b.md": "# B\n",
            "docs/development/PLANS.md": "# Plans\n\n## Active Plans\n\n- [A](plans/a.md)\n- [B](plans/b.md)\n",
            "docs/architecture/plans.md": "# Plans\n\n## Active Plans\n\n- [A](../development/plans/a.md)\n",
        ]
        let diagnostics = DocsLint.run([PlanIndexMismatchRule.self], files)
        #expect(DocsLint.places(diagnostics) == ["docs/development/plans/b.md:1:1 plan-index-mismatch"])
        #expect(diagnostics.first?.message == "plan is not listed in docs/architecture/plans.md")
        #expect(diagnostics.first?.related.first?.path == "docs/architecture/plans.md")
    }

    @Test func sectionKeys() {
        #expect(ExecPlanLayout.key("To-do") == ExecPlanLayout.key("TODO"))
        #expect(ExecPlanLayout.key("Surprises & Discoveries") == ExecPlanLayout.key("Surprises and Discoveries"))
        #expect(ExecPlanLayout.key("Purpose / Big Picture") == "purposebigpicture")
        // The byte-by-byte path for ASCII names gives what the Unicode-property path gives.
        var generator = SystemRandomNumberGenerator()
        let ascii = (0..<128).map { UInt8($0) }
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let name = String(decoding: (0..<length).map { _ in ascii.randomElement(using: &generator)! }, as: UTF8.self)
            #expect(ExecPlanLayout.key(name) == ExecPlanLayout.unicodeKey(name), "\(Array(name.utf8))")
        }
        #expect(ExecPlanLayout.key("Résumé & Notes") == ExecPlanLayout.unicodeKey("Résumé & Notes"))
    }
}
