import Foundation
import MagsagJSONSchema
import MagsagSource

enum TestSupport {
    /// `/work/shared/testdata/json-schema-test-suite` found from this file's location.
    static let suiteRoot: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().appendingPathComponent("../../../shared/testdata/json-schema-test-suite").standardized.path
    }()

    static func parse(_ text: String) -> SourceValue {
        guard let value = JSONParser.parse(text).value else {
            Issue.record("test JSON does not parse")
            return SourceValue(.null, range: .fileStart)
        }
        return value
    }

    static func load(_ path: String) -> SourceValue? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return JSONParser.parse(bytes: [UInt8](data)).value
    }
}

import Testing
