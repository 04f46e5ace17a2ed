import Testing
import MagsagRunner
import MagsagSource

/// `FixtureFormat.owner` works on bytes; it must answer what the component-by-component definition
/// answers, for fixtures, near misses and odd catalog roots.
@Suite struct FixtureOwnerTests {
    /// The definition, spelled out on path components.
    static func reference(_ path: String, catalog: String) -> String? {
        guard path.hasSuffix(".json") || path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let base = catalog.split(separator: "/").count
        guard parts.count == base + 5 || parts.count == base + 4, parts[0..<base].joined(separator: "/") == catalog else { return nil }
        if parts.count == base + 5, parts[base] == "agents", parts[base + 3] == "fixtures", ["main", "sub", "_template"].contains(parts[base + 1]) {
            return parts[0..<(base + 3)].joined(separator: "/")
        }
        if parts.count == base + 4, parts[base] == "skills", parts[base + 2] == "fixtures" {
            return parts[0..<(base + 2)].joined(separator: "/")
        }
        return nil
    }

    @Test func bytesAgreeWithTheDefinition() {
        let catalogs = ["catalog", "magsag/catalog", ""]
        let middles = [
            "agents/main/a-mag/fixtures/", "agents/sub/b-sag/fixtures/", "agents/_template/t/fixtures/", "agents/other/x/fixtures/",
            "skills/s/fixtures/", "skills/s/x/fixtures/", "agents/main/a-mag/fixture/", "agents/main//fixtures/",
            "agents/main/a-mag/fixtures/deeper/", "skills//fixtures/", "agents/main/é-mag/fixtures/",
        ]
        let names = ["case.json", "case.yaml", "case.yml", "case.JSON", "case.json.bak", ".json", "c.yamll", ""]
        var checked = 0
        for catalog in catalogs {
            for root in [catalog, "other", catalog + "x", ""] {
                for middle in middles {
                    for name in names {
                        let prefix = root.isEmpty ? "" : root + "/"
                        let path = prefix + middle + name
                        #expect(FixtureFormat.owner(of: path, catalog: catalog) == Self.reference(path, catalog: catalog), "\(path) under \(catalog)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1_000)
        #expect(FixtureFormat.owner(of: "catalog/agents/main/a-mag/fixtures/case.json") == "catalog/agents/main/a-mag")
        #expect(FixtureFormat.owner(of: "catalog/skills/s/fixtures/case.yaml") == "catalog/skills/s")
    }
}
