import MagsagLintCore
import MagsagSource

/// Values a missing front-matter field can be given without asking anyone, and whether doing so is
/// safe (the value is what the field must say) or unsafe (a plausible default someone should review).
enum FrontMatterDerivation {
    struct Field {
        var key: String
        var value: String
        var safe: Bool
    }

    /// The derivable values of `missing` fields, in specification order:
    /// - `title`: the document's first level-1 heading (safe);
    /// - `slug`: the file name, when it is a valid slug; safe for ExecPlans (the layout names a plan's
    ///   file after its slug), unsafe elsewhere (documents often use another slug); none for
    ///   conventional names (`README.md`, `SKILL.md`, `index.md`) that repeat across folders;
    /// - `last_updated`: today (safe: the fix itself updates the document today);
    /// - `last_synced`: today (unsafe: it claims someone checked the document against the code);
    /// - `status`: `draft` (unsafe: the least committal status, still a judgement).
    /// `tags`, `summary` and `description` need a person.
    static func fields(for missing: [String], in document: LintDocument, settings: LintSettings) -> [Field] {
        var found: [Field] = []
        for key in missing {
            switch key {
            case "title":
                if let heading = document.markdown?.headings.first(where: { $0.level == 1 }) {
                    let text = heading.text.trimmingBlanks()
                    if !text.isEmpty, text.count <= 100 { found.append(Field(key: key, value: text, safe: true)) }
                }
            case "slug":
                let name = document.path.split(separator: "/").last.map(String.init) ?? ""
                let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
                let slug = FrontMatterFields.kebabSuggestion(stem)
                // Conventional names (`README`, `SKILL`, `PERSONA`, `index`) repeat across folders: a slug
                // made from them would collide, so they get none.
                guard stem.allSatisfy(\.isASCII), stem.contains(where: \.isLowercase), stem.lowercased() != "index",
                      FrontMatterFields.isKebab(slug), (3...64).contains(slug.count) else { continue }
                let plans = settings.roots.plans.hasSuffix("/") ? settings.roots.plans : settings.roots.plans + "/"
                let isPlan = document.path.hasPrefix(plans) && !document.path.dropFirst(plans.count).utf8Contains("/")
                found.append(Field(key: key, value: slug, safe: isPlan && slug == stem))
            case "last_updated":
                found.append(Field(key: key, value: settings.today, safe: true))
            case "last_synced":
                found.append(Field(key: key, value: settings.today, safe: false))
            case "status":
                found.append(Field(key: key, value: "draft", safe: false))
            default:
                continue
            }
        }
        return found
    }

    /// The fix for the missing fields: the safe ones when there are any (`--fix`), otherwise the
    /// unsafe ones (`--unsafe-fixes` then adds them in a second round).
    static func fix(for missing: [String], in document: LintDocument, settings: LintSettings) -> Fix? {
        let all = fields(for: missing, in: document, settings: settings)
        let safe = all.filter(\.safe)
        let chosen = safe.isEmpty ? all : safe
        guard !chosen.isEmpty,
              let edits = FrontMatterEdit.setFields(chosen.map { ($0.key, $0.value) }, in: document) else { return nil }
        let names = chosen.map { "`\($0.key): \($0.value)`" }.joined(separator: ", ")
        return Fix(message: "add \(names)", applicability: safe.isEmpty ? .unsafe : .safe, edits: edits)
    }
}
