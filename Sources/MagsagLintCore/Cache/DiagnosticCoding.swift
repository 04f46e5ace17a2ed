import MagsagSource

/// A compact binary form of diagnostics for the result cache: LEB128 integers and length-prefixed
/// UTF-8 strings. The reader checks every bound and returns nil on anything malformed, so a damaged
/// cache entry is recomputed, never trusted.
enum DiagnosticCoding {
    static func encode(_ diagnostics: [Diagnostic]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.int(diagnostics.count)
        for diagnostic in diagnostics { writer.diagnostic(diagnostic) }
        return writer.bytes
    }

    /// A whole run's outcome: active and suppressed findings (with their suppression) and the number
    /// of files checked.
    static func encodeRun(active: [Diagnostic], suppressed: [Diagnostic], filesChecked: Int, notes: [String]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.int(filesChecked)
        writer.int(notes.count)
        for note in notes { writer.string(note) }
        for list in [active, suppressed] {
            writer.int(list.count)
            for diagnostic in list {
                writer.diagnostic(diagnostic)
                if let suppression = diagnostic.suppression {
                    writer.bytes.append(1)
                    writer.string(suppression.kind.rawValue)
                    writer.optionalString(suppression.justification)
                } else {
                    writer.bytes.append(0)
                }
            }
        }
        return writer.bytes
    }

    static func decodeRun(_ bytes: ArraySlice<UInt8>) -> (active: [Diagnostic], suppressed: [Diagnostic], filesChecked: Int, notes: [String])? {
        var reader = BinaryReader(bytes)
        guard let filesChecked = reader.int(), filesChecked >= 0, let noteCount = reader.count() else { return nil }
        var notes: [String] = []
        for _ in 0..<noteCount {
            guard let note = reader.string() else { return nil }
            notes.append(note)
        }
        var lists: [[Diagnostic]] = []
        for _ in 0..<2 {
            guard let count = reader.count() else { return nil }
            var list: [Diagnostic] = []
            for _ in 0..<count {
                guard var diagnostic = reader.diagnostic() else { return nil }
                switch reader.byte() {
                case 0: break
                case 1:
                    guard let name = reader.string(), let kind = SuppressionInfo.Kind(rawValue: name),
                          let justification = reader.optionalString() else { return nil }
                    diagnostic.suppression = SuppressionInfo(kind: kind, justification: justification)
                default: return nil
                }
                list.append(diagnostic)
            }
            lists.append(list)
        }
        return reader.atEnd ? (lists[0], lists[1], filesChecked, notes) : nil
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> [Diagnostic]? {
        var reader = BinaryReader(bytes)
        guard let count = reader.count() else { return nil }
        var result: [Diagnostic] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard let diagnostic = reader.diagnostic() else { return nil }
            result.append(diagnostic)
        }
        return reader.atEnd ? result : nil
    }
}

/// The diagnostics' part of the form, over the shared primitives.
extension BinaryWriter {
    mutating func location(_ location: Location) {
        string(location.path)
        range(location.range)
        if let pointer = location.pointer {
            bytes.append(1)
            int(pointer.tokens.count)
            for token in pointer.tokens { string(token) }
        } else {
            bytes.append(0)
        }
        optionalString(location.label)
    }

    mutating func diagnostic(_ d: Diagnostic) {
        string(d.ruleID)
        string(d.severity.rawValue)
        string(d.message)
        location(d.primary)
        int(d.related.count)
        for location in d.related { self.location(location) }
        int(d.notes.count)
        for note in d.notes { string(note) }
        optionalString(d.help)
        if let fix = d.fix {
            bytes.append(1)
            string(fix.message)
            string(fix.applicability.rawValue)
            int(fix.edits.count)
            for edit in fix.edits {
                string(edit.path); int(edit.startOffset); int(edit.endOffset); string(edit.replacement)
            }
        } else {
            bytes.append(0)
        }
        optionalString(d.fingerprint)
        int(d.redactions.count)
        for redaction in d.redactions { range(redaction) }
    }
}

extension BinaryReader {
    mutating func location() -> Location? {
        guard let path = string(), let range = range() else { return nil }
        var pointer: JSONPointer?
        switch byte() {
        case 0: pointer = nil
        case 1:
            guard let n = count() else { return nil }
            var tokens: [String] = []
            for _ in 0..<n {
                guard let token = string() else { return nil }
                tokens.append(token)
            }
            pointer = JSONPointer(tokens: tokens)
        default: return nil
        }
        guard let label = optionalString() else { return nil }
        return Location(path: path, range: range, pointer: pointer, label: label)
    }

    mutating func diagnostic() -> Diagnostic? {
        guard let rule = string(), let severityName = string(), let severity = Severity(rawValue: severityName),
              let message = string(), let primary = location(), let relatedCount = count() else { return nil }
        var related: [Location] = []
        for _ in 0..<relatedCount {
            guard let location = location() else { return nil }
            related.append(location)
        }
        guard let noteCount = count() else { return nil }
        var notes: [String] = []
        for _ in 0..<noteCount {
            guard let note = string() else { return nil }
            notes.append(note)
        }
        guard let help = optionalString() else { return nil }
        var fix: Fix?
        switch byte() {
        case 0: fix = nil
        case 1:
            guard let fixMessage = string(), let applicabilityName = string(),
                  let applicability = Fix.Applicability(rawValue: applicabilityName), let editCount = count() else { return nil }
            var edits: [Fix.Edit] = []
            for _ in 0..<editCount {
                guard let path = string(), let start = int(), let end = int(), let replacement = string() else { return nil }
                edits.append(Fix.Edit(path: path, startOffset: start, endOffset: end, replacement: replacement))
            }
            fix = Fix(message: fixMessage, applicability: applicability, edits: edits)
        default: return nil
        }
        guard let fingerprint = optionalString(), let redactionCount = count() else { return nil }
        var redactions: [SourceRange] = []
        for _ in 0..<redactionCount {
            guard let range = range() else { return nil }
            redactions.append(range)
        }
        return Diagnostic(ruleID: rule, severity: severity, message: message, primary: primary, related: related,
                          notes: notes, help: help, fix: fix, fingerprint: fingerprint, redactions: redactions)
    }
}
