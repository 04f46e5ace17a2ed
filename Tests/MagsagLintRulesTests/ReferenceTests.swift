import MagsagCatalog
import MagsagLintRules
import Testing

@Suite struct ReferenceTests {
    @Test func parsesSchemeKindNameAndRange() throws {
        let full = try CatalogReference(parsing: "magsag://sub.offer-sag@>=1.0.0 <2.0.0", implied: .skill)
        #expect(full.scheme == "magsag" && full.kind == .sub && full.kindIsExplicit)
        #expect(full.name == "offer-sag" && full.rangeText == ">=1.0.0 <2.0.0" && full.key == "sub.offer-sag")
        let legacy = try CatalogReference(parsing: "agdd://skill.pg-query", implied: .sub)
        #expect(legacy.scheme == "agdd" && legacy.kind == .skill && legacy.rangeText == nil)
        let bare = try CatalogReference(parsing: "offer-sag", implied: .sub)
        #expect(bare.scheme == nil && bare.kind == .sub && !bare.kindIsExplicit && bare.name == "offer-sag")
        let bareSkill = try CatalogReference(parsing: "skill.lookup@^1.0.0", implied: .sub)
        #expect(bareSkill.kind == .skill && bareSkill.name == "lookup" && bareSkill.rangeText == "^1.0.0")
        let dotted = try CatalogReference(parsing: "skill.pg.query", implied: .skill)
        #expect(dotted.name == "pg.query")
    }

    @Test func rejectsMalformedReferences() {
        for (text, fragment) in [
            ("https://sub.x", "unknown reference scheme"), ("magsag://agent.x", "unknown reference kind"),
            ("magsag://sub.", "malformed name"), ("magsag://sub.x@", "empty version range"), ("magsag://sub.a b", "malformed name"),
            ("", "malformed name"),
        ] {
            do {
                _ = try CatalogReference(parsing: text, implied: .sub)
                Issue.record("'\(text)' should not parse")
            } catch {
                #expect(error.message.contains(fragment), "'\(text)': \(error.message)")
            }
        }
    }
}
