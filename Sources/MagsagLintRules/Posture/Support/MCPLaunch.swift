import MagsagCatalog
import MagsagSource

/// The ways one MCP server config says how to start or reach the server: `transport`, each
/// `fallback[]` entry, and the flat form (`command`/`args`/`env` at the top, as `.mcp` files write).
struct MCPLaunch {
    /// The object holding `command`, `args`, `env`, `url`, `headers`, `type`.
    var object: CatalogField

    /// Every launch object of a config root, in source order.
    static func all(in root: CatalogField) -> [MCPLaunch] {
        var launches: [MCPLaunch] = []
        if root.value.objectValue != nil, root.child("command") != nil || root.child("env") != nil
            || root.child("url") != nil || root.child("headers") != nil {
            launches.append(MCPLaunch(object: root))
        }
        if let transport = root.child("transport"), transport.value.objectValue != nil {
            launches.append(MCPLaunch(object: transport))
        }
        for entry in root.child("fallback")?.elements ?? [] where entry.value.objectValue != nil {
            launches.append(MCPLaunch(object: entry))
        }
        return launches
    }

    /// One word of the command line and where it is written.
    struct Word {
        var text: String
        var field: CatalogField
    }

    /// The command line: `command` (split on spaces when it holds several words), then `args`
    /// (a list, or one string split on spaces).
    var words: [Word] {
        var words: [Word] = []
        for key in ["command", "args"] {
            guard let field = object.child(key) else { continue }
            if let text = field.scalarText {
                words += text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Word(text: String($0), field: field) }
            }
            for element in field.elements {
                if let text = element.scalarText { words.append(Word(text: text, field: element)) }
            }
        }
        return words
    }

    /// The `env` and `headers` members with scalar values.
    var variables: [(key: String, field: CatalogField, isHeader: Bool)] {
        var result: [(key: String, field: CatalogField, isHeader: Bool)] = []
        for (key, isHeader) in [("env", false), ("headers", true)] {
            for member in object.child(key)?.members ?? [] where member.field.scalarText != nil {
                result.append((member.key, member.field, isHeader))
            }
        }
        return result
    }

    /// The program name without its folder and a Windows `.exe`/`.cmd` suffix, lowercased.
    static func program(_ word: String) -> String {
        var name = word.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? word
        name = name.lowercased()
        for suffix in [".exe", ".cmd", ".bat"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name
    }
}
