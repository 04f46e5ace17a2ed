import MagsagSource

/// Recorded findings that a run reports no more: adopt magsag-lint on an existing repository without
/// fixing everything first.
///
/// Entries are keyed by rule, repository-relative path and a fingerprint of the finding's content
/// (rule, path, and the diagnostic's own fingerprint or its message) — never its line — so moving code
/// neither resurrects nor hides findings. A count per key handles identical findings in one file. The
/// file is JSON, sorted and relative-path only, so it diffs well and is the same on every machine.
public struct Baseline: Sendable, Equatable {
    /// One key with the number of findings it covers.
    public struct Entry: Sendable, Hashable {
        public var rule: String
        public var path: String
        public var fingerprint: String
        public var count: Int
        /// The message, for readers of the file (secrets are already redacted in messages).
        public var message: String

        public init(rule: String, path: String, fingerprint: String, count: Int, message: String) {
            self.rule = rule
            self.path = path
            self.fingerprint = fingerprint
            self.count = count
            self.message = message
        }
    }

    public static let version = 1
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
    }

    /// The key of a diagnostic: the same identity SARIF's `partialFingerprints` use.
    public static func fingerprint(of diagnostic: Diagnostic) -> String {
        StableHash.fnv1a64Hex([diagnostic.ruleID, diagnostic.primary.path, diagnostic.fingerprint ?? diagnostic.message].joined(separator: "\u{0}"))
    }

    /// A baseline covering exactly `diagnostics`.
    public init(recording diagnostics: [Diagnostic]) {
        var counts: [String: Entry] = [:]
        for diagnostic in diagnostics {
            let hash = Self.fingerprint(of: diagnostic)
            let key = diagnostic.ruleID + "\u{0}" + diagnostic.primary.path + "\u{0}" + hash
            if var entry = counts[key] {
                entry.count += 1
                counts[key] = entry
            } else {
                counts[key] = Entry(rule: diagnostic.ruleID, path: diagnostic.primary.path, fingerprint: hash, count: 1, message: diagnostic.message)
            }
        }
        self.init(entries: Array(counts.values))
    }

    /// Split `diagnostics` into new ones and baselined ones (marked); also return the entries (with
    /// their unmatched counts) that matched nothing — debt that was paid.
    public func apply(to diagnostics: [Diagnostic]) -> (active: [Diagnostic], baselined: [Diagnostic], stale: [Entry]) {
        var remaining: [String: Int] = [:]
        for entry in entries { remaining[entry.rule + "\u{0}" + entry.path + "\u{0}" + entry.fingerprint, default: 0] += entry.count }
        var active: [Diagnostic] = []
        var baselined: [Diagnostic] = []
        for diagnostic in diagnostics {
            let key = diagnostic.ruleID + "\u{0}" + diagnostic.primary.path + "\u{0}" + Self.fingerprint(of: diagnostic)
            if let left = remaining[key], left > 0 {
                remaining[key] = left - 1
                var copy = diagnostic
                copy.suppression = SuppressionInfo(kind: .baseline, justification: "recorded in the baseline")
                baselined.append(copy)
            } else {
                active.append(diagnostic)
            }
        }
        let stale = entries.compactMap { entry -> Entry? in
            let left = remaining[entry.rule + "\u{0}" + entry.path + "\u{0}" + entry.fingerprint] ?? 0
            guard left > 0 else { return nil }
            remaining[entry.rule + "\u{0}" + entry.path + "\u{0}" + entry.fingerprint] = 0
            var copy = entry
            copy.count = left
            return copy
        }
        return (active, baselined, stale)
    }

    /// The file text.
    public func serialized() -> String {
        var out = "{\n  \"version\": \(Self.version),\n  \"entries\": ["
        for (i, entry) in entries.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"rule\": \(quote(entry.rule)), \"path\": \(quote(entry.path)), \"fingerprint\": \(quote(entry.fingerprint)), "
            out += "\"count\": \(entry.count), \"message\": \(quote(entry.message))}"
        }
        out += entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// Read a baseline file; errors name the file and the problem.
    public static func parse(_ file: SourceFile) throws(LintError) -> Baseline {
        let result = JSONParser.parse(file)
        guard let root = result.value?.objectValue else {
            let detail = result.issues.first.map { "\($0.range.start): \($0.message)" } ?? "not a JSON object"
            throw LintError(code: "baseline", message: "cannot read the baseline \(file.path): \(detail)")
        }
        guard root["version"]?.numberValue?.intValue == version else {
            throw LintError(code: "baseline", message: "unsupported baseline version in \(file.path); expected \(version)")
        }
        var entries: [Entry] = []
        for value in root["entries"]?.arrayValue ?? [] {
            guard let rule = value["rule"]?.stringValue, let path = value["path"]?.stringValue,
                  let fingerprint = value["fingerprint"]?.stringValue, let count = value["count"]?.numberValue?.intValue, count > 0 else {
                throw LintError(code: "baseline", message: "malformed baseline entry at \(file.path):\(value.range.start)")
            }
            entries.append(Entry(rule: rule, path: path, fingerprint: fingerprint, count: count, message: value["message"]?.stringValue ?? ""))
        }
        return Baseline(entries: entries)
    }

    private func quote(_ text: String) -> String { JSONValue.string(text).rendered(indent: 0) }
}

/// Hashes that are the same in every process and on every platform (unlike `Hasher`).
public enum StableHash {
    /// FNV-1a 64 of the UTF-8 bytes, as 16 lowercase hex digits.
    public static func fnv1a64Hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16, uppercase: false)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
