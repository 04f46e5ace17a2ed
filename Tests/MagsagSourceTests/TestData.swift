import Foundation

/// Locates the shared conformance data beside the project (`../shared/testdata`), never copied in.
enum SharedTestData {
    /// `<project>/../shared/testdata`, found from this source file's location.
    static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // MagsagSourceTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // project root
            .deletingLastPathComponent()  // parent
            .appendingPathComponent("shared/testdata")
    }
}
