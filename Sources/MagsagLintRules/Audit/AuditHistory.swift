internal import Foundation

/// The score history file: one JSON object per line (`{"commit":…,"date":…,"scores":{…}}`), oldest first.
package enum AuditHistory {
    /// The entries of a history file's text; lines that do not parse are skipped and counted.
    package static func parse(_ text: String) -> (entries: [AuditHistoryEntry], skipped: Int) {
        var entries: [AuditHistoryEntry] = []
        var skipped = 0
        let decoder = JSONDecoder()
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            if let entry = try? decoder.decode(AuditHistoryEntry.self, from: Data(line.utf8)) {
                entries.append(entry)
            } else {
                skipped += 1
            }
        }
        return (entries, skipped)
    }

    /// One history line for `entry`, ending in a newline (keys sorted).
    package static func line(_ entry: AuditHistoryEntry) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entry) else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A Unicode block sparkline of scores 0–100 (`▁` … `█`).
    package static func sparkline(_ values: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(values.map { blocks[min(7, max(0, $0) * 8 / 101)] })
    }
}

/// The JSON rendering of the report.
package enum AuditJSONRenderer {
    package static func render(_ report: AuditReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The graph alone.
    package static func render(_ graph: AgentGraph) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(graph) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
