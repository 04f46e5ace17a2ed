import MagsagLintCore
import MagsagSource

/// One problem with one front-matter field, located at the offending value.
struct FrontMatterProblem {
    var message: String
    var range: SourceRange
    var pointer: JSONPointer
    var help: String
    /// How `--fix` repairs it, when it can.
    var repair: FrontMatterRepair?
}

/// A mechanical repair of one front-matter value.
enum FrontMatterRepair {
    /// Write `text` instead of the value; `safe` when only the letter case changes.
    case replace(with: String, safe: Bool)
    /// Remove item `index` of the sequence `list` (a repeated tag).
    case removeItem(Int, of: SourceValue)
}

/// The MAGSAG front-matter specification, field by field (the same constraints as
/// `FrontMatterSchema.json`, with messages that name the field and the value).
enum FrontMatterFields {
    /// Fields every document must have, in specification order.
    static let required = ["title", "slug", "status", "last_updated", "last_synced", "tags", "summary", "description"]
    static let statuses = ["draft", "living", "stable", "deprecated"]
    static let dateFields = ["last_updated", "last_synced"]
    static let slugPattern = "^[a-z0-9]+(-[a-z0-9]+)*$"

    /// The front-matter mapping of a checked Markdown document, nil when there is none.
    static func object(of document: LintDocument, roots: Configuration.Roots = .init()) -> SourceObject? {
        guard document.kind == .markdown, FrontMatterScope.isChecked(document.path, roots: roots) else { return nil }
        return document.frontMatter?.objectValue
    }

    /// Whether `text` is lowercase kebab-case (`^[a-z0-9]+(-[a-z0-9]+)*$`).
    static func isKebab(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.utf8Contains("--") else { return false }
        return text.utf8AllBytes { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// Required fields absent or without a value, in specification order.
    static func missing(in object: SourceObject) -> [String] {
        required.filter { object[$0]?.isNull ?? true }
    }

    /// Every constraint violated by present fields (missing fields are another rule's).
    static func problems(in object: SourceObject) -> [FrontMatterProblem] {
        var found: [FrontMatterProblem] = []
        func add(_ message: String, _ value: SourceValue, _ pointer: JSONPointer, _ help: String) {
            found.append(FrontMatterProblem(message: message, range: value.range, pointer: pointer, help: help))
        }
        func string(_ key: String, _ value: SourceValue) -> String? {
            if let text = value.stringValue { return text }
            add("`\(key)` must be a string, found \(value.typeName)", value, JSONPointer(tokens: [key]),
                "write `\(key)` as a string (quote it if YAML reads it as another type)")
            return nil
        }
        for member in object.members {
            let key = member.key
            let value = member.value
            let pointer = JSONPointer(tokens: [key])
            // A required field without a value is reported as missing.
            if value.isNull, required.contains(key) { continue }
            switch key {
            case "title":
                guard let text = string(key, value) else { continue }
                let length = text.trimmingBlanks().characterCount
                if length == 0 || text.characterCount > 100 {
                    add("`title` must be 1 to 100 characters long, found \(length == 0 ? 0 : text.characterCount)", value, pointer,
                        "write a title of at most 100 characters")
                }
            case "slug":
                guard let text = string(key, value) else { continue }
                if !isKebab(text) {
                    add("`slug` \"\(text)\" is not lowercase kebab-case (\(slugPattern))", value, pointer,
                        "use lowercase letters, digits and single hyphens, e.g. `\(kebabSuggestion(text))`")
                } else if text.utf8.count < 3 || text.utf8.count > 64 {
                    // A kebab-case slug is ASCII: a byte a character.
                    add("`slug` must be 3 to 64 characters long, found \(text.utf8.count)", value, pointer,
                        "use a slug of 3 to 64 characters")
                }
            case "status":
                guard let text = string(key, value) else { continue }
                if !statuses.contains(text) {
                    add("`status` \"\(text)\" is not one of \(statuses.joined(separator: ", "))", value, pointer,
                        "set `status` to draft, living, stable or deprecated")
                }
            case "last_updated", "last_synced":
                guard let text = string(key, value) else { continue }
                if let problem = dateProblem(text) {
                    add("`\(key)` \(problem)", value, pointer, "write the date as `YYYY-MM-DD`")
                }
            case "tags":
                found += tagProblems(value)
            case "summary":
                guard let text = string(key, value) else { continue }
                let trimmed = text.trimmingBlanks()
                if trimmed.containsNewline {
                    add("`summary` must be a single line", value, pointer, "write the summary on one line")
                } else if trimmed.characterCount > 160 {
                    add("`summary` must be at most 160 characters long, found \(trimmed.characterCount)", value, pointer,
                        "shorten the summary to 160 characters; longer text belongs in `description`")
                } else if trimmed.isEmpty {
                    add("`summary` is empty", value, pointer, "write a one-line summary")
                }
            case "description":
                guard let text = string(key, value) else { continue }
                let trimmed = text.trimmingBlanks()
                if trimmed.characterCount > 240 {
                    add("`description` must be at most 240 characters long, found \(trimmed.characterCount)", value, pointer,
                        "shorten the description to 240 characters")
                } else if trimmed.isEmpty {
                    add("`description` is empty", value, pointer, "write a description of the document")
                }
            case "authors":
                if value.stringValue != nil || value.isNull { continue }
                guard let items = value.arrayValue else {
                    add("`authors` must be a list of names, found \(value.typeName)", value, pointer,
                        "list the authors' display names")
                    continue
                }
                for (index, item) in items.enumerated() where item.stringValue == nil {
                    add("`authors` entries must be strings, found \(item.typeName)", item, pointer.appending(index),
                        "write each author as a display name")
                }
            case "sources":
                found += sourceProblems(value)
            default:
                continue
            }
        }
        return found
    }

    /// `text` lowercased with every run of other characters turned into one hyphen.
    static func kebabSuggestion(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: "-")
    }

    /// Why `text` is not an ISO date, nil when it is one.
    static func dateProblem(_ text: String) -> String? {
        if CalendarDate.parse(text) != nil { return nil }
        if CalendarDate.hasShape(text) { return "\"\(text)\" is not a real calendar date" }
        return "\"\(text)\" is not an ISO date (YYYY-MM-DD)"
    }

    private static func tagProblems(_ value: SourceValue) -> [FrontMatterProblem] {
        let pointer = JSONPointer(tokens: ["tags"])
        guard let items = value.arrayValue else {
            return [FrontMatterProblem(
                message: "`tags` must be a list, found \(value.typeName)", range: value.range, pointer: pointer,
                help: "write the tags as a YAML list, e.g. `tags: [governance, plans]`")]
        }
        var found: [FrontMatterProblem] = []
        if items.isEmpty || items.count > 7 {
            found.append(FrontMatterProblem(
                message: "`tags` must have 1 to 7 entries, found \(items.count)", range: value.range, pointer: pointer,
                help: "keep between one and seven tags"))
        }
        // A handful of tags: a scan finds a repeat sooner than hashing each one.
        var seen: [String] = []
        seen.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            var itemPointer: JSONPointer { pointer.appending(index) }
            guard let tag = item.stringValue else {
                found.append(FrontMatterProblem(
                    message: "tag must be a string, found \(item.typeName)", range: item.range, pointer: itemPointer,
                    help: "write each tag as a lowercase kebab-case string"))
                continue
            }
            if !isKebab(tag) {
                let suggestion = kebabSuggestion(tag)
                // Only ASCII tags: `kebabSuggestion` drops other letters, which would mangle the tag.
                let repair: FrontMatterRepair? = suggestion.isEmpty || suggestion.count > 20 || !tag.allSatisfy(\.isASCII)
                    ? nil : .replace(with: suggestion, safe: suggestion == tag.lowercased())
                found.append(FrontMatterProblem(
                    message: "tag \"\(tag)\" is not lowercase kebab-case", range: item.range, pointer: itemPointer,
                    help: "use lowercase letters, digits and single hyphens" + (suggestion.isEmpty ? "" : ": `\(suggestion)`"),
                    repair: repair))
            } else if tag.utf8.count > 20 {  // kebab-case: ASCII, a byte a character
                found.append(FrontMatterProblem(
                    message: "tag \"\(tag)\" is longer than 20 characters", range: item.range, pointer: itemPointer,
                    help: "use a tag of at most 20 characters"))
            }
            if seen.contains(tag) {
                found.append(FrontMatterProblem(
                    message: "tag \"\(tag)\" is repeated", range: item.range, pointer: itemPointer,
                    help: "remove the duplicate tag", repair: .removeItem(index, of: value)))
            }
            seen.append(tag)
        }
        return found
    }

    private static func sourceProblems(_ value: SourceValue) -> [FrontMatterProblem] {
        let pointer = JSONPointer(tokens: ["sources"])
        if value.isNull { return [] }
        guard let items = value.arrayValue else {
            return [FrontMatterProblem(
                message: "`sources` must be a list, found \(value.typeName)", range: value.range, pointer: pointer,
                help: "write sources as a list of {id, title, url, accessed} mappings")]
        }
        var found: [FrontMatterProblem] = []
        if items.count > 10 {
            found.append(FrontMatterProblem(
                message: "`sources` must have at most 10 entries, found \(items.count)", range: value.range,
                pointer: pointer, help: "keep the ten most relevant sources"))
        }
        for (index, item) in items.enumerated() {
            let itemPointer = pointer.appending(index)
            guard let entry = item.objectValue else {
                found.append(FrontMatterProblem(
                    message: "source must be a mapping with id, title, url and accessed, found \(item.typeName)",
                    range: item.range, pointer: itemPointer, help: "write the source as {id, title, url, accessed}"))
                continue
            }
            let missing = ["id", "title", "url", "accessed"].filter { entry[$0] == nil || entry[$0]?.isNull == true }
            if !missing.isEmpty {
                found.append(FrontMatterProblem(
                    message: "source is missing \(missing.map { "`\($0)`" }.joined(separator: ", "))",
                    range: item.range, pointer: itemPointer, help: "give every source an id, title, url and accessed date"))
            }
            if let accessed = entry["accessed"], !accessed.isNull {
                if let text = accessed.stringValue {
                    if let problem = dateProblem(text) {
                        found.append(FrontMatterProblem(
                            message: "`accessed` \(problem)", range: accessed.range,
                            pointer: itemPointer.appending("accessed"), help: "write the date as `YYYY-MM-DD`"))
                    }
                } else {
                    found.append(FrontMatterProblem(
                        message: "`accessed` must be a string, found \(accessed.typeName)", range: accessed.range,
                        pointer: itemPointer.appending("accessed"), help: "write the date as `YYYY-MM-DD`"))
                }
            }
            if let url = entry["url"], !url.isNull, url.stringValue == nil {
                found.append(FrontMatterProblem(
                    message: "`url` must be a string, found \(url.typeName)", range: url.range,
                    pointer: itemPointer.appending("url"), help: "write the URL or repository path as a string"))
            }
        }
        return found
    }
}

extension String {
    /// The number of Characters, counted from the bytes when all are ASCII (each ASCII byte is a
    /// Character of its own, but LF after CR joins it), by walking the Characters otherwise.
    var characterCount: Int {
        let ascii: Int? = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var count = bytes.count
            var previous: UInt8 = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x0A, previous == 0x0D { count -= 1 }
                previous = byte
            }
            return count
        } ?? nil
        return ascii ?? count
    }

    /// Whether a Character is a line break (`Character.isNewline`); in ASCII text, a byte from LF to CR.
    var containsNewline: Bool {
        var nonASCII = false
        let found = utf8.contains { byte in
            if byte >= 0x80 { nonASCII = true }
            return byte >= 0x0A && byte <= 0x0D
        }
        return found || (nonASCII && contains(where: \.isNewline))
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingBlanks() -> String {
        // Most texts start and end with an ASCII non-blank byte: nothing to trim, no Character walk.
        // (An ASCII byte always ends its own Character, except LF after CR, which is blank.)
        let isBlankOrNonASCII = { (byte: UInt8) in byte >= 0x80 || byte == 0x20 || (0x09...0x0D).contains(byte) }
        var slice = Substring(self)
        if let first = slice.utf8.first, let last = slice.utf8.last, !isBlankOrNonASCII(first), !isBlankOrNonASCII(last) { return String(slice) }
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
