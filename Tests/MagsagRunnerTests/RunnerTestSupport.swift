import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource

/// Snapshots for runner tests: in-memory files, or this repository's own catalog with overlays.
enum RunnerTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func index(_ files: [String: String]) -> RepositoryIndex {
        var documents: [String: LintDocument] = [:]
        for (path, text) in files { documents[path] = LintDocument(file: SourceFile(path: path, text: text)) }
        return RepositoryIndex(documents: documents, linted: Set(files.keys), allPaths: Set(files.keys))
    }

    /// Every file under `catalog/` of this repository.
    static func liveCatalog() -> [String: String] {
        var files: [String: String] = [:]
        let base = repositoryRoot + "/catalog"
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = walker.nextObject() as? String {
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let text = try? String(contentsOfFile: full, encoding: .utf8) else { continue }
            files["catalog/" + relative] = text
        }
        return files
    }

    static func run(_ files: [String: String]) -> RunReport { Runner(index(files)).replay() }

    static let mag = "catalog/agents/main/a-mag/agent.yaml"
    static let sag = "catalog/agents/sub/b-sag/agent.yaml"
    static let magFixture = "catalog/agents/main/a-mag/fixtures/basic.yaml"
    static let sagFixture = "catalog/agents/sub/b-sag/fixtures/basic.yaml"

    /// A MAG depending on b-sag (string `q` in, integer `r` out) and skill `s`.
    static func pair(magExtra: String = "", sagExtra: String = "") -> [String: String] {
        [
            mag: "version: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.b-sag@^1.0.0\n  skills:\n    - magsag://skill.s@^1.0.0\n" + magExtra,
            sag: "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_in.schema.json\n  output_schema: catalog/contracts/b_out.schema.json\n" + sagExtra,
            "catalog/contracts/b_in.schema.json": #"{"type": "object", "properties": {"q": {"$ref": "common.schema.json#/$defs/text"}}}"#,
            "catalog/contracts/common.schema.json": #"{"$defs": {"text": {"type": "string"}}}"#,
            "catalog/contracts/b_out.schema.json": #"{"type": "object", "properties": {"r": {"type": "integer"}}}"#,
            "catalog/skills/s/skill.yaml": "id: skill.s\nversion: 1.2.0\ncontracts:\n  input_schema: catalog/skills/s/in.schema.json\nresource_config:\n  timeout_ms: 100\n",
            "catalog/skills/s/in.schema.json": #"{"type": "object"}"#,
            "catalog/skills/s/resources/examples/in.json": #"{"k": 1}"#,
            "catalog/skills/s/resources/examples/out.json": #"{"v": "one"}"#,
        ]
    }

    static func fixture(calls: String, top: String = "", output: String = "{}") -> String {
        "name: basic\n\(top)input: {}\ncalls:\n\(calls)expect:\n  status: success\n  output: \(output)\n"
    }
}
