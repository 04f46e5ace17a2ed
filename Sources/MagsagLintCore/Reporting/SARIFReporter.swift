/// SARIF 2.1.0 output for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).
///
/// One run whose `tool.driver.rules` declares every rule of `ReportContext.rules` (in that order;
/// a diagnostic of an undeclared rule gets a minimal descriptor appended, so every result's
/// `ruleIndex` is valid). Columns are Unicode scalars, declared with `columnKind:
/// "unicodeCodePoints"`. Artifact URIs are the repository-relative paths, percent-encoded, relative
/// to `uriBaseId` `%SRCROOT%`. `partialFingerprints["magsagLint/v1"]` is the stable fingerprint
/// also reported by `JSONReporter`. Fixes become SARIF `fixes` with byte-offset regions.
public struct SARIFReporter: Reporter {
    /// The `$schema` URI written at the top.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The tool's home page, written as `tool.driver.informationUri`.
    public static let informationURI = "https://github.com/magsag/magsag-lint"
    /// The `partialFingerprints` key.
    public static let fingerprintKey = "magsagLint/v1"

    /// Absolute URI of the repository root (`file:///work/repo/`), written as the `uri` of
    /// `originalUriBaseIds["%SRCROOT%"]`; when nil, only a description is written and consumers
    /// resolve paths against their checkout.
    public var sourceRootURI: String?

    /// - Parameter sourceRootURI: absolute URI of the repository root; a missing final `/` is added.
    public init(sourceRootURI: String? = nil) {
        if let uri = sourceRootURI, !uri.hasSuffix("/") {
            self.sourceRootURI = uri + "/"
        } else {
            self.sourceRootURI = sourceRootURI
        }
    }

    /// The SARIF log, pretty-printed, ending with a newline.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        document(diagnostics, context: context).rendered(indent: 2) + "\n"
    }

    /// The SARIF log as a `JSONValue`.
    public func document(_ diagnostics: [Diagnostic], context: ReportContext) -> JSONValue {
        var descriptors: [JSONValue] = []
        var ruleIndex: [String: Int] = [:]
        for rule in context.rules where ruleIndex[rule.id] == nil {
            ruleIndex[rule.id] = descriptors.count
            descriptors.append(Self.descriptor(for: rule))
        }
        for diagnostic in diagnostics where ruleIndex[diagnostic.ruleID] == nil {
            ruleIndex[diagnostic.ruleID] = descriptors.count
            descriptors.append(.object([
                ("id", .string(diagnostic.ruleID)), ("name", .string(Self.pascalCase(diagnostic.ruleID))),
            ]))
        }
        let fingerprints = ReportSupport.fingerprints(diagnostics)
        let results = zip(diagnostics, fingerprints).map { diagnostic, fingerprint in
            Self.result(for: diagnostic, ruleIndex: ruleIndex[diagnostic.ruleID] ?? 0, fingerprint: fingerprint)
        }
        var srcRoot: [(String, JSONValue)] = []
        if let sourceRootURI { srcRoot.append(("uri", .string(sourceRootURI))) }
        srcRoot.append(("description", .object([("text", .string("The root of the linted repository."))])))
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", .string("magsag-lint")),
                ("version", .string(context.toolVersion)),
                ("informationUri", .string(Self.informationURI)),
                ("rules", .array(descriptors)),
            ]))])),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object(srcRoot))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        return .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    static func descriptor(for rule: RuleDescription) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("name", .string(pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.rationale))])),
            ("help", .object([("text", .string(rule.fix))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
            ("properties", .object([("tags", .array([.string(rule.category.rawValue)]))])),
        ])
    }

    static func result(for diagnostic: Diagnostic, ruleIndex: Int, fingerprint: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(diagnostic.ruleID)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(diagnostic.severity))),
            ("message", .object([("text", .string(diagnostic.message))])),
            ("locations", .array([location(diagnostic.primary, id: nil, defaultLabel: nil)])),
        ]
        if !diagnostic.related.isEmpty {
            members.append(("relatedLocations", .array(diagnostic.related.enumerated().map { index, related in
                location(related, id: index + 1, defaultLabel: "related location")
            })))
        }
        members.append(("partialFingerprints", .object([(fingerprintKey, .string(fingerprint))])))
        if let fix = diagnostic.fix { members.append(("fixes", .array([self.fix(fix)]))) }
        if let suppression = diagnostic.suppression {
            var entry: [(String, JSONValue)] = [("kind", .string(suppression.kind == .inline ? "inSource" : "external"))]
            if let reason = suppression.justification { entry.append(("justification", .string(reason))) }
            members.append(("suppressions", .array([.object(entry)])))
            if suppression.kind == .baseline { members.append(("baselineState", .string("unchanged"))) }
        }
        var properties: [(String, JSONValue)] = []
        if !diagnostic.notes.isEmpty { properties.append(("notes", .array(diagnostic.notes.map(JSONValue.string)))) }
        if let help = diagnostic.help { properties.append(("help", .string(help))) }
        if !properties.isEmpty { members.append(("properties", .object(properties))) }
        return .object(members)
    }

    static func location(_ location: Location, id: Int?, defaultLabel: String?) -> JSONValue {
        let start = location.range.start
        let end = location.range.end < start ? start : location.range.end
        var members: [(String, JSONValue)] = []
        if let id { members.append(("id", .int(id))) }
        members.append(("physicalLocation", .object([
            ("artifactLocation", artifact(location.path)),
            ("region", .object([
                ("startLine", .int(max(1, start.line))),
                ("startColumn", .int(max(1, start.column))),
                ("endLine", .int(max(1, end.line))),
                ("endColumn", .int(max(1, end.column))),
            ])),
        ])))
        if let text = location.label ?? defaultLabel {
            members.append(("message", .object([("text", .string(text))])))
        }
        return .object(members)
    }

    static func fix(_ fix: Fix) -> JSONValue {
        var paths: [String] = []
        var editsByPath: [String: [Fix.Edit]] = [:]
        for edit in fix.edits {
            if editsByPath[edit.path] == nil { paths.append(edit.path) }
            editsByPath[edit.path, default: []].append(edit)
        }
        return .object([
            ("description", .object([("text", .string(fix.message))])),
            ("artifactChanges", .array(paths.map { path in
                .object([
                    ("artifactLocation", artifact(path)),
                    ("replacements", .array((editsByPath[path] ?? []).map { edit in
                        .object([
                            ("deletedRegion", .object([
                                ("byteOffset", .int(edit.startOffset)),
                                ("byteLength", .int(max(0, edit.endOffset - edit.startOffset))),
                            ])),
                            ("insertedContent", .object([("text", .string(edit.replacement))])),
                        ])
                    })),
                ])
            })),
        ])
    }

    static func artifact(_ path: String) -> JSONValue {
        .object([("uri", .string(percentEncode(path))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    /// SARIF level of a severity: `error`, `warning`, `note`.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// Percent-encodes a relative path for use as a URI reference: every UTF-8 byte outside the
    /// RFC 3986 unreserved set and `/` becomes `%XX` (so `:` never reads as a scheme separator).
    public static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `duplicate-key` → `DuplicateKey`, the identifier-like `name` SARIF recommends.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}
