import MagsagLintCore
import MagsagSource

/// Where ExecPlans and their indexes live, and the section skeletons they follow (defaults of the
/// MAGSAG seed layout, kept in one place for configuration).
enum ExecPlanLayout {
    /// Folder whose direct `*.md` children are ExecPlans.
    static let folder = "docs/development/plans/"
    /// Plan indexes, read when they have "Active Plans" / "Completed Plans" sections.
    static let indexPaths = ["docs/development/PLANS.md", "docs/architecture/plans.md"]
    /// The file whose fenced template (if any) defines the repository's long-form section order.
    static let templatePath = "docs/development/PLANS.md"

    /// The long form, in the documented order.
    static let longForm = [
        "Purpose / Big Picture", "To-do", "Progress", "Surprises & Discoveries", "Decision Log",
        "Outcomes & Retrospective", "Context and Orientation", "Plan of Work", "Concrete Steps",
        "Validation and Acceptance", "Idempotence and Recovery", "Artifacts and Notes", "Interfaces and Dependencies",
    ]
    /// The short form of `docs/_templates/execplan.md`.
    static let shortForm = ["Purpose", "Context", "Plan of Work", "Validation", "Status", "Follow-up"]
    /// Sections either form may add.
    static let optionalSections = ["Update Log"]

    /// Whether `path` is an ExecPlan.
    static func isPlan(_ path: String) -> Bool { isPlan(path, folder: folder) }

    /// Whether `path` is an ExecPlan of `folder` (the configuration's `roots.plans`).
    static func isPlan(_ path: String, folder configured: String) -> Bool {
        // Called for every path of a snapshot: the folder's bytes first, before any string is made.
        guard path.hasPrefix(configured), path.hasLowercaseSuffix(".md") else { return false }
        let folder = configured.hasSuffix("/") ? configured : configured + "/"
        guard path.hasPrefix(folder) else { return false }
        let name = path.dropFirst(folder.count)
        return !name.utf8Contains("/") && !name.hasPrefix("_") && name.lowercased() != "readme.md"
    }

    /// A section name reduced to letters and digits, `&` read as "and" ("To-do" = "TODO" = "todo").
    static func key(_ name: String) -> String {
        // Plain ASCII names (nearly all) are reduced byte by byte; the rest go through Unicode properties.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count + 2)
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case UInt8(ascii: "&"): bytes += "and".utf8
            case 0x80...: return unicodeKey(name)
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `key` for names with non-ASCII characters.
    static func unicodeKey(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().replacing("&", with: " and ").unicodeScalars
        where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The configured long form (`execplans.sections`), else as the repository's own template orders it,
    /// else the documented order.
    static func longForm(in repository: RepositoryIndex, settings: ExecPlanSettings) -> [String] {
        if let sections = settings.sections { return sections }
        return longForm(in: repository)
    }

    /// The configured short form (`execplans.short-sections`), else the documented one.
    static func shortForm(_ settings: ExecPlanSettings) -> [String] { settings.shortSections ?? shortForm }

    /// The configured plan indexes (`execplans.indexes`), else the MAGSAG ones.
    static func indexPaths(_ settings: ExecPlanSettings) -> [String] { settings.indexes ?? indexPaths }

    /// The long form as the repository's own template orders it, else the documented order.
    static func longForm(in repository: RepositoryIndex) -> [String] {
        repository.memoized("execplans.longForm") { repository in
            guard let file = repository.documents[templatePath]?.file else { return longForm }
            let fromTemplate = templateSections(in: file)
            let known = Set(longForm.map(key))
            // Only a template that is recognisably the long form replaces the default order.
            guard fromTemplate.count >= 8, fromTemplate.filter({ known.contains(key($0)) }).count >= 8 else {
                return longForm
            }
            return fromTemplate
        }
    }

    /// The `## ` headings of the fenced block with the most of them.
    static func templateSections(in file: SourceFile) -> [String] {
        var best: [String] = []
        var current: [String] = []
        var fence: String?
        for line in 1...max(1, file.lineIndex.lineCount) {
            guard let text = file.lineIndex.lineText(line) else { continue }
            let trimmed = text.trimmingBlanks()
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.allSatisfy({ $0 == open.first }) {
                    if current.count > best.count { best = current }
                    fence = nil
                } else if text.hasPrefix("## ") {
                    current.append(String(text.dropFirst(3)).trimmingBlanks())
                }
            } else if let marker = MarkdownLines.fenceMarker(text) {
                fence = marker
                current = []
            }
        }
        return best
    }
}
