import Foundation
import MagsagLintCore
import MagsagSource
import Testing

/// Parses JSON text with Foundation (an independent parser) into a dictionary.
func parseObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
    do {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        if let object = value as? [String: Any] { return object }
        Issue.record("top level is not an object", sourceLocation: sourceLocation)
    } catch {
        Issue.record("invalid JSON: \(error)", sourceLocation: sourceLocation)
    }
    return [:]
}

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func string(_ key: String) -> String? { self[key] as? String }
}

@Suite struct SARIFReporterTests {
    func fingerprints(_ diagnostics: [Diagnostic]) -> [String] {
        let log = parseObject(SARIFReporter().render(diagnostics, context: Fixtures.context()))
        return log.array("runs").first?.array("results").map {
            $0.object("partialFingerprints").string("magsagLint/v1") ?? ""
        } ?? []
    }

    @Test func wellFormed() throws {
        let context = Fixtures.context()
        let log = parseObject(SARIFReporter().render(Fixtures.diagnostics, context: context))
        #expect(log.string("version") == "2.1.0")
        #expect(log.string("$schema") == "https://json.schemastore.org/sarif-2.1.0.json")
        let runs = log.array("runs")
        try #require(runs.count == 1)
        let run = runs[0]
        #expect(run.string("columnKind") == "unicodeCodePoints")
        #expect(run.object("originalUriBaseIds")["%SRCROOT%"] != nil)
        let driver = run.object("tool").object("driver")
        #expect(driver.string("name") == "magsag-lint")
        #expect(driver.string("version") == "1.2.3-test")
        let rules = driver.array("rules")
        #expect(rules.compactMap { $0.string("id") } == context.rules.map(\.id))
        for (rule, description) in zip(rules, context.rules) {
            #expect(rule.object("shortDescription").string("text") == description.summary)
            #expect(rule.object("fullDescription").string("text") == description.rationale)
            #expect(rule.object("help").string("text") == description.fix)
            #expect(["error", "warning", "note"].contains(rule.object("defaultConfiguration").string("level") ?? ""))
            #expect(rule.string("name")?.isEmpty == false)
        }
        let results = run.array("results")
        #expect(results.count == Fixtures.diagnostics.count)
        for result in results {
            let index = try #require(result.int("ruleIndex"))
            try #require(rules.indices.contains(index))
            #expect(rules[index].string("id") == result.string("ruleId"))
            #expect(["error", "warning", "note"].contains(result.string("level") ?? ""))
            #expect(result.object("message").string("text")?.isEmpty == false)
            let locations = result.array("locations") + result.array("relatedLocations")
            #expect(!locations.isEmpty)
            for location in locations {
                let physical = location.object("physicalLocation")
                #expect(physical.object("artifactLocation").string("uriBaseId") == "%SRCROOT%")
                #expect(physical.object("artifactLocation").string("uri")?.isEmpty == false)
                for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                    let value = physical.object("region").int(key)
                    #expect(value.map { $0 >= 1 } == true, "\(key) must be a positive integer")
                }
            }
            for related in result.array("relatedLocations") {
                #expect(related.object("message").string("text")?.isEmpty == false)
            }
            #expect(result.object("partialFingerprints").string("magsagLint/v1")?.isEmpty == false)
        }
    }

    @Test func sourceRootIsDeclaredWhenKnown() {
        let log = parseObject(SARIFReporter(sourceRootURI: "file:///work/repo").render([], context: Fixtures.context()))
        let root = log.array("runs").first?.object("originalUriBaseIds").object("%SRCROOT%") ?? [:]
        #expect(root.string("uri") == "file:///work/repo/")
        #expect(log.array("runs").first?.array("results").isEmpty == true)
    }

    @Test func pathsArePercentEncoded() {
        #expect(SARIFReporter.percentEncode("docs/my notes:1.md") == "docs/my%20notes%3A1.md")
        #expect(SARIFReporter.percentEncode("a/é#?%.md") == "a/%C3%A9%23%3F%25.md")
        #expect(SARIFReporter.percentEncode("catalog/a-b_c~d.yaml") == "catalog/a-b_c~d.yaml")
    }

    @Test func fingerprintsAreStable() {
        let first = fingerprints(Fixtures.diagnostics)
        #expect(first == fingerprints(Fixtures.diagnostics))
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func fingerprintFieldMakesItIndependentOfLineAndMessage() {
        func finding(line: Int, message: String, fingerprint: String?) -> Diagnostic {
            let position = SourcePosition(offset: line * 10, line: line, column: 2)
            return Diagnostic(ruleID: "leaked-secret", severity: .error, message: message,
                              primary: Location(path: "a.env", range: SourceRange(at: position)),
                              fingerprint: fingerprint)
        }
        let before = fingerprints([finding(line: 3, message: "secret on line 3", fingerprint: "sha:1")])
        let after = fingerprints([finding(line: 9, message: "secret on line 9", fingerprint: "sha:1")])
        #expect(before == after)
        let other = fingerprints([finding(line: 3, message: "secret on line 3", fingerprint: "sha:2")])
        #expect(before != other)
        // Without the field, the message is the identity; line still does not matter.
        #expect(fingerprints([finding(line: 3, message: "m", fingerprint: nil)])
                == fingerprints([finding(line: 8, message: "m", fingerprint: nil)]))
        // Repeats within one run stay distinct.
        let twice = fingerprints([finding(line: 1, message: "m", fingerprint: nil), finding(line: 2, message: "m", fingerprint: nil)])
        #expect(twice.count == 2 && twice[1] == twice[0] + ":2")
    }

    @Test func undeclaredRulesStillGetAValidIndex() {
        let context = Fixtures.context(rules: [])
        let log = parseObject(SARIFReporter().render(Fixtures.diagnostics, context: context))
        let run = log.array("runs").first ?? [:]
        let rules = run.object("tool").object("driver").array("rules")
        for result in run.array("results") {
            let index = result.int("ruleIndex") ?? -1
            #expect(rules.indices.contains(index) && rules[index].string("id") == result.string("ruleId"))
        }
    }
}

@Suite struct JSONReporterTests {
    /// Checks that `value` has every key `schema` requires and none it does not define, recursing
    /// through `properties`, `items` and local `$ref`s.
    func check(_ value: Any, against schema: [String: Any], root: [String: Any], at path: String) {
        var schema = schema
        if let ref = schema.string("$ref"), ref.hasPrefix("#/$defs/") {
            schema = root.object("$defs").object(String(ref.dropFirst("#/$defs/".count)))
        }
        if let items = schema["items"] as? [String: Any], let array = value as? [Any] {
            for (i, element) in array.enumerated() { check(element, against: items, root: root, at: "\(path)/\(i)") }
        }
        guard let properties = schema["properties"] as? [String: Any] else { return }
        guard let object = value as? [String: Any] else {
            Issue.record("\(path) is not an object")
            return
        }
        for key in schema["required"] as? [String] ?? [] where object[key] == nil {
            Issue.record("\(path) lacks required key \(key)")
        }
        for (key, member) in object {
            guard let subschema = properties[key] as? [String: Any] else {
                Issue.record("\(path) has undocumented key \(key)")
                continue
            }
            check(member, against: subschema, root: root, at: "\(path)/\(key)")
        }
    }

    @Test func outputMatchesPublishedSchema() {
        let schema = parseObject(JSONReporter.outputSchema)
        #expect(schema.string("$schema") == "https://json-schema.org/draft/2020-12/schema")
        let output = parseObject(JSONReporter().render(Fixtures.diagnostics, context: Fixtures.context()))
        check(output, against: schema, root: schema, at: "")
        #expect(output.int("version") == 1)
        #expect(output.object("summary").int("errors") == 2)
        #expect(output.object("summary").int("warnings") == 2)
        #expect(output.object("summary").int("infos") == 1)
        #expect(output.object("summary").int("files") == 3)
        #expect(output.array("diagnostics").count == Fixtures.diagnostics.count)
    }

    @Test func structuralCheckCatchesMissingAndExtraKeys() {
        let schema = parseObject(JSONReporter.outputSchema)
        var output = parseObject(JSONReporter().render(Fixtures.diagnostics, context: Fixtures.context()))
        var diagnostics = output.array("diagnostics")
        diagnostics[0]["fingerprint"] = nil
        diagnostics[0]["extra"] = true
        output["diagnostics"] = diagnostics
        withKnownIssue {
            check(output, against: schema, root: schema, at: "")
        } matching: { issue in
            let text = String(describing: issue)
            return text.contains("lacks required key fingerprint") || text.contains("undocumented key extra")
        }
    }

    @Test func emptyRunIsValid() {
        let schema = parseObject(JSONReporter.outputSchema)
        let output = parseObject(JSONReporter().render([], context: Fixtures.context()))
        check(output, against: schema, root: schema, at: "")
        #expect(output.array("diagnostics").isEmpty)
    }

    @Test func stringsAreEscaped() {
        let tricky = "q\"b\\n\nt\tc\u{01}\u{1F}l\u{2028}é😀"
        let text = JSONValue.array([.string(tricky)]).rendered(indent: 0)
        #expect(text == #"["q\"b\\n\nt\tc\u0001\u001fl\u2028é😀"]"#)
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(parsed == [tricky])
    }

    @Test func keyOrderIsInsertionOrder() {
        let value = JSONValue.object([("z", .int(1)), ("a", .null), ("m", .object([])), ("b", .array([]))])
        #expect(value.rendered(indent: 0) == #"{"z":1,"a":null,"m":{},"b":[]}"#)
        #expect(value.rendered(indent: 2) == "{\n  \"z\": 1,\n  \"a\": null,\n  \"m\": {},\n  \"b\": []\n}")
    }
}

@Suite struct GitHubReporterTests {
    func error(_ line: Int, severity: Severity = .error) -> Diagnostic {
        let position = SourcePosition(offset: 0, line: line, column: 1)
        return Diagnostic(ruleID: "r", severity: severity, message: "problem \(line)",
                          primary: Location(path: "a.yaml", range: SourceRange(at: position)))
    }

    @Test func escaping() {
        #expect(GitHubReporter.escapeData("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b")
        #expect(GitHubReporter.escapeProperty("docs/a:b,c%.md") == "docs/a%3Ab%2Cc%25.md")
        var diagnostic = error(3)
        diagnostic.primary.path = "my dir/a,b:c.yaml"
        diagnostic.message = "bad: 50%,\nreally"
        diagnostic.help = "fix it"
        #expect(GitHubReporter().command(for: diagnostic)
                == "::error file=my dir/a%2Cb%3Ac.yaml,line=3,col=1,endLine=3,endColumn=1,title=r::bad: 50%25,%0Areally%0Ahelp: fix it")
    }

    @Test func annotationLimitPerSeverity() {
        let output = GitHubReporter().render((1...15).map { error($0) }, context: ReportContext(toolVersion: "0", rules: [], filesChecked: 1))
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 12)
        #expect(lines.prefix(10).allSatisfy { $0.hasPrefix("::error ") })
        #expect(lines[9].hasSuffix("::problem 10"))
        #expect(lines[10] == "5 errors not annotated: GitHub shows at most 10 annotations of each severity per step")
        #expect(lines[11] == "found 15 errors in 1 file")
    }

    @Test func mostSevereFirstAndTotalLimit() {
        let diagnostics = (1...12).map { error($0, severity: .info) } + (1...12).map { error($0, severity: .warning) }
            + [error(1)]
        let context = ReportContext(toolVersion: "0", rules: [], filesChecked: 2)
        let lines = GitHubReporter().render(diagnostics, context: context).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("::error "))
        #expect(lines[1...10].allSatisfy { $0.hasPrefix("::warning ") })
        #expect(lines[11...20].allSatisfy { $0.hasPrefix("::notice ") })
        #expect(lines[21] == "2 warnings and 2 infos not annotated: GitHub shows at most 10 annotations of each severity per step")
        #expect(lines[22] == "found 1 error, 12 warnings and 12 infos in 2 files")
        let capped = GitHubReporter(maxPerSeverity: 10, maxTotal: 5).render(diagnostics, context: context)
        #expect(capped.split(separator: "\n").filter { $0.hasPrefix("::") }.count == 5)
        #expect(!capped.split(separator: "\n").contains { !$0.hasPrefix("::") && $0.hasPrefix(":") })
    }
}
