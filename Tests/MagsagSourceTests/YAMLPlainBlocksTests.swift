import Foundation
import MagsagTestSupport
@testable import MagsagSource
import Testing

/// The plain block reader must give libyaml's events to the byte, or decline: compared on generated
/// documents in and around its subset, on this repository's own YAML and front matter, and on the
/// cases that must be left to libyaml.
@Suite struct YAMLPlainBlocksTests {
    /// A comparable rendering of one event.
    static func render(_ event: YAMLEvent) -> String {
        let kind: String = switch event.kind {
        case .documentStart: "doc"
        case .documentEnd: "/doc"
        case .alias(let anchor): "alias \(anchor)"
        case .scalar(let value, let style, let tag, let anchor): "scalar \(style) [\(value)] \(tag ?? "-") \(anchor ?? "-")"
        case .sequenceStart(let flow, let tag, let anchor): "seq \(flow) \(tag ?? "-") \(anchor ?? "-")"
        case .sequenceEnd: "/seq"
        case .mappingStart(let flow, let tag, let anchor): "map \(flow) \(tag ?? "-") \(anchor ?? "-")"
        case .mappingEnd: "/map"
        }
        return "\(kind) \(event.start)..\(event.end)"
    }

    /// The plain reader's events (nil when it declines) and libyaml's (nil when libyaml reports an error).
    static func both(_ file: SourceFile, range: Range<Int>) -> (plain: [String]?, libyaml: [String]?) {
        let plain = file.bytes.withUnsafeBufferPointer {
            YAMLPlainBlocks.events($0, range: range, shortStrings: ShortStrings.makeForTesting())
        }
        var seen: [String] = []
        let error = YAMLEventReader.read(file, range: range) { seen.append(render($0)); return true }
        return (plain?.map(render), error == nil ? seen : nil)
    }

    static func both(_ text: String) -> (plain: [String]?, libyaml: [String]?) {
        let file = SourceFile(path: "t.yaml", text: text)
        return both(file, range: 0..<file.bytes.count)
    }

    @Test func generatedDocumentsGiveLibYAMLsEvents() {
        var generator = SeededGenerator(seed: 0x9A_11)
        // Mostly what the subset holds, sometimes what it must leave to libyaml.
        let keys = ["a", "title", "last_updated", "p95_latency_ms", "$schema", "x.y", "a/b", "k-1", "_", "on"]
        let oddKeys = ["-k", ".k", "a b", "<<", "\"q\"", "? k"]
        let values = ["b", "x  y", "-5", "1.5", "0.95", "'q'", "''", "'it''s'", "'a\"b'", "\"d\"", "\"a'b\"", "[]", "{}",
                      "magsag://sub.x@>=0.4.0", "catalog/x.json", "true", "~", "null", "2025-04-22", "b#c", "-x", "a,b", "x'", "x\"y", "...",
                      "b # c", "'q' # c", "\"d\"  #c", "[] # c", "{} #", "b #", "café", "naïve — ok", "日本", "x\u{A0}", "\u{A0}x", "😀 y"]
        let oddValues = ["\"e\\\\n\"", "[a]", "{a: 1}", "[ ]", "b # c", "a: b", "b:", "b:c", "|", ">-", "&a x", "*a", "!t x", "-",
                         "- x", "?x", ":x", "%x", "@x", "`x`", "'open", "\"open", "---", "{", "tab\there", "'x'y'", "'q'#c", "[]#c",
                         "nel\u{85}x", "ls\u{2028}x", "\u{FEFF}x", "c1\u{90}", "\u{FFFE}"]
        func pick(_ common: [String], _ odd: [String], _ generator: inout SeededGenerator) -> String {
            Int.random(in: 0..<40, using: &generator) == 0 ? odd.randomElement(using: &generator)! : common.randomElement(using: &generator)!
        }
        var accepted = 0
        var declinedButValid = 0
        for round in 0..<4_000 {
            var lines: [String] = []
            if Bool.random(using: &generator) { lines.append(Bool.random(using: &generator) ? "---" : "--- ") }
            var indents = [0]
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                switch Int.random(in: 0..<20, using: &generator) {
                case 0: lines.append("")
                case 1: lines.append(String(repeating: " ", count: Int.random(in: 0...4, using: &generator)) + "# note")
                case 2...4:
                    // A list item at the current indentation or two deeper: a scalar, or a mapping's first key.
                    let indent = indents.last! + (Bool.random(using: &generator) ? 0 : 2)
                    if Bool.random(using: &generator) {
                        lines.append(String(repeating: " ", count: indent) + "- " + pick(values, oddValues, &generator))
                    } else {
                        let key = pick(keys, oddKeys, &generator)
                        let value = Bool.random(using: &generator) ? "" : " " + pick(values, oddValues, &generator)
                        lines.append(String(repeating: " ", count: indent) + "- " + key + ":" + value)
                        indents = indents.filter { $0 <= indent } + [indent + 2]
                    }
                case 5...7:
                    // A key that opens a nested block.
                    let indent = indents.randomElement(using: &generator)!
                    lines.append(String(repeating: " ", count: indent) + pick(keys, oddKeys, &generator) + ":")
                    indents = indents.filter { $0 <= indent } + [indent + Int.random(in: 1...4, using: &generator)]
                default:
                    let indent = indents.randomElement(using: &generator)!
                    let key = pick(keys, oddKeys, &generator)
                    let space = String(repeating: " ", count: Int.random(in: 1...2, using: &generator))
                    let trailing = Int.random(in: 0..<6, using: &generator) == 0 ? "  " : ""
                    lines.append(String(repeating: " ", count: indent) + key + ":" + space + pick(values, oddValues, &generator) + trailing)
                }
            }
            let separator = round % 5 == 0 ? "\r\n" : "\n"
            var text = lines.joined(separator: separator)
            if Bool.random(using: &generator) { text += separator }
            if round % 97 == 0 { text += "\r" }
            let (plain, libyaml) = Self.both(text)
            if let plain {
                accepted += 1
                #expect(libyaml != nil, "the plain reader accepted what libyaml rejects: \(text.debugDescription)")
                if let libyaml { #expect(plain == libyaml, "\(text.debugDescription)") }
            } else if libyaml != nil {
                declinedButValid += 1
            }
        }
        // Both outcomes are exercised.
        #expect(accepted > 300)
        #expect(declinedButValid > 300)
    }

    @Test(arguments: [
        "a: 1\nb:\n  - x\n  - 'y'\nc:\n- z\nd: \"w\"\n",
        "---\nversion: 1.2.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.a@^1.0.0\n  skills: []\nbudgets:\n  tokens: 800\n",
        "title: T\ntags:\n- a\n- b\nsummary: S.\nauthors: []\nsources: []\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3",
        "\n# lead\n\na: b   \n   # inner\nc:\n",
        "a: b\r\nc:\r\n- d\r\n",
        "  a: 1\n  b: 2\n",
        "a: {}\nb: ''\n",
        "a: b # note\nc: # note\n  d: 'e' # note\nf:\n- g # note\nh: [] # note\n",
        "title: Café — naïve\nsummary: \"日本 😀\"\n",
        "skills:\n  - id: a\n    v: 1\n    p: []\n    q:\n      - x\n  - id: b\nz:\n- k: 1\n  j:\n    m: 2\n- k: 3\n",
        "a: 'it''s'\nb: ''''\nc: 'x''''y'\n",
    ])
    func typicalDocumentsAreReadWithoutLibYAML(_ text: String) {
        let (plain, libyaml) = Self.both(text)
        #expect(plain != nil)
        #expect(plain == libyaml)
    }

    @Test(arguments: [
        "a: |\n  x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: [1, 2]\n", "a: b\n  c\n", "- a\n- b\n",
        "plain\n", "a: 'x'y'\n", "a: 'x''\n", "a: \"x\\ty\"\n", "a:\tb\n", "a: x\u{85}y\n", "a: x\u{2028}y\n", "a: 'q'#c\n", "a: []#c\n", "\u{FEFF}a: b\n", "a: b\rc: d\n", "? a\n: b\n",
        "<<: {a: 1}\n", "a: b\n---\nc: d\n", "a: b\n...\n", "---\n", "", "# only\n", "a:\n  - x\n  b: 1\n", "a:\n  - x\n    - y\n",
        "a: b:\n", "%YAML 1.1\n---\na: b\n",
    ])
    func othersAreLeftToLibYAML(_ text: String) {
        #expect(Self.both(text).plain == nil, "\(text.debugDescription)")
    }

    /// Every YAML file and front matter of a generated repository with injected defects (broken YAML
    /// among them), read both ways.
    @Test func generatedRepositoryFilesGiveTheSameEvents() throws {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let generator = project.deletingLastPathComponent().appendingPathComponent("shared/tools/gen-magsag-repo").path
        guard FileManager.default.fileExists(atPath: generator) else { Issue.record("generator missing at \(generator)"); return }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-yaml-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, out.path, "--agents", "40", "--skills", "12", "--docs", "15", "--seed", "33", "--defect-rate", "0.2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let (compared, read) = try Self.compareFiles(under: out, including: ["."])
        #expect(compared > 100)
        #expect(read > compared / 2)
    }

    /// Compares both readers on the YAML files and front matter under `root` (its entries `including`);
    /// answers how many texts were compared and how many the plain reader read.
    static func compareFiles(under root: URL, including entries: [String]) throws -> (compared: Int, read: Int) {
        var compared = 0
        var read = 0
        for entry in entries {
            let url = root.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            let paths: [URL] = isDirectory.boolValue
                ? (FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []) : [url]
            for path in paths where ["yaml", "yml", "md"].contains(path.pathExtension) {
                let file = SourceFile(path: path.lastPathComponent, bytes: [UInt8](try Data(contentsOf: path)))
                let range: Range<Int>
                if path.pathExtension == "md" {
                    guard let split = FrontMatter.split(file) else { continue }
                    range = split.yamlByteRange
                } else {
                    range = 0..<file.bytes.count
                }
                let (plain, libyaml) = both(file, range: range)
                compared += 1
                if let plain {
                    read += 1
                    #expect(plain == libyaml, "\(path.path)")
                }
            }
        }
        return (compared, read)
    }

    /// Every YAML file and front matter of this repository, read both ways.
    @Test func thisRepositorysFilesGiveTheSameEvents() throws {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (compared, read) = try Self.compareFiles(under: project, including: ["catalog", "docs", ".magsag-lint.yaml", "AGENTS.md", "README.md"])
        #expect(compared > 50)
        #expect(read > compared / 2)
    }
}
