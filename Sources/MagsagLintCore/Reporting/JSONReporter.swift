/// Machine-readable output with a versioned, documented schema (see `outputSchema`).
///
/// Shape (keys always in this order; optional keys are omitted, never `null`, except `help`):
///
/// - `version`: schema version, currently `1`; bumped only on incompatible changes.
/// - `tool`: `{ "name": "magsag-lint", "version": <tool version> }`.
/// - `summary`: `{ "files", "errors", "warnings", "infos" }`: files checked and counts by severity.
/// - `diagnostics`: array, in report order, of
///   - `rule`: the kebab-case rule id;
///   - `severity`: `"error"`, `"warning"` or `"info"`;
///   - `message`: the problem, one line;
///   - `location`: `{ "path", "line", "column", "endLine", "endColumn", "pointer"?, "label"? }` where
///     `path` is repository-relative with `/`, lines and columns are 1-based, columns count Unicode
///     scalars, the end is exclusive, and `pointer` is the RFC 6901 pointer of the value (JSON/YAML);
///   - `related`: array of locations of the same shape, usually with a `label`;
///   - `notes`: array of one-line strings;
///   - `help`: string or `null`;
///   - `fix`? : `{ "message", "applicability": "safe"|"unsafe", "edits": [{ "path", "startOffset",
///     "endOffset", "replacement" }] }`, offsets being 0-based UTF-8 byte offsets, end exclusive;
///   - `fingerprint`: stable identity of the finding across line moves (16 hex digits, with `:N`
///     appended for the N-th repeat of the same identity in one run); the same value SARIF reports
///     as `partialFingerprints["magsagLint/v1"]`.
///
/// The output is pretty-printed with two-space indentation and ends with a newline.
public struct JSONReporter: Reporter {
    /// The value of the top-level `version` key.
    public static let schemaVersion = 1

    /// A JSON reporter (it has no options).
    public init() {}

    /// The whole report as a JSON document.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        document(diagnostics, context: context).rendered(indent: 2) + "\n"
    }

    /// The report as a `JSONValue`, for callers that embed it.
    public func document(_ diagnostics: [Diagnostic], context: ReportContext) -> JSONValue {
        let counts = ReportSupport.Counts(diagnostics)
        let fingerprints = ReportSupport.fingerprints(diagnostics)
        return .object([
            ("version", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string("magsag-lint")), ("version", .string(context.toolVersion))])),
            ("summary", .object([
                ("files", .int(context.filesChecked)),
                ("errors", .int(counts.errors)),
                ("warnings", .int(counts.warnings)),
                ("infos", .int(counts.infos)),
            ])),
            ("diagnostics", .array(zip(diagnostics, fingerprints).map { diagnostic, fingerprint in
                Self.encode(diagnostic, fingerprint: fingerprint)
            })),
        ])
    }

    static func encode(_ diagnostic: Diagnostic, fingerprint: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("rule", .string(diagnostic.ruleID)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            ("location", encode(diagnostic.primary)),
            ("related", .array(diagnostic.related.map(encode))),
            ("notes", .array(diagnostic.notes.map(JSONValue.string))),
            ("help", .string(diagnostic.help)),
        ]
        if let fix = diagnostic.fix {
            members.append(("fix", .object([
                ("message", .string(fix.message)),
                ("applicability", .string(fix.applicability.rawValue)),
                ("edits", .array(fix.edits.map { edit in
                    .object([
                        ("path", .string(edit.path)),
                        ("startOffset", .int(edit.startOffset)),
                        ("endOffset", .int(edit.endOffset)),
                        ("replacement", .string(edit.replacement)),
                    ])
                })),
            ])))
        }
        members.append(("fingerprint", .string(fingerprint)))
        return .object(members)
    }

    static func encode(_ location: Location) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(location.path)),
            ("line", .int(location.range.start.line)),
            ("column", .int(location.range.start.column)),
            ("endLine", .int(location.range.end.line)),
            ("endColumn", .int(location.range.end.column)),
        ]
        if let pointer = location.pointer { members.append(("pointer", .string(pointer.description))) }
        if let label = location.label { members.append(("label", .string(label))) }
        return .object(members)
    }
}
