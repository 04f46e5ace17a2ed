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

/// `ContractStore.isSchemaPath` tests lowercase ASCII paths on their bytes; it must answer what the
/// lowered-string definition answers, for capitals, non-ASCII letters (the Kelvin sign lowers to `k`)
/// and near misses.
@Suite struct SchemaPathTests {
    /// The definition, on the lowered text.
    static func reference(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".schema.json") || lower.hasSuffix(".schema.yaml") || lower.hasSuffix(".schema.yml") { return true }
        let underSchemas = lower.hasPrefix("_schemas/") || lower.contains("/_schemas/")
        return underSchemas && (lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"))
    }

    @Test func bytesAgreeWithTheDefinition() {
        let folders = ["", "catalog/contracts/", "_schemas/", "catalog/_schemas/", "catalog/_Schemas/", "x_schemas/", "a/_schemas/b/",
                       "_schemas", "é/_schemas/", "docs/"]
        let names = ["a.schema.json", "a.schema.yaml", "a.schema.yml", "a.SCHEMA.JSON", "a.json", "a.yaml", "a.yml", "a.Json",
                     "a.schema.json.bak", "schema.json", ".json", "a.jsonl", "a.ymll", "\u{212A}.json", "a.schem\u{212A}.json", "ü.schema.json", "",
                     "README.md", "A.YAML", "B.Schema.Yml", "C.JSON.md"]
        var checked = 0
        for folder in folders {
            for name in names {
                let path = folder + name
                #expect(ContractStore.isSchemaPath(path) == Self.reference(path), "\(path)")
                checked += Self.reference(path) ? 1 : 0
            }
        }
        #expect(checked > 20)
    }
}
