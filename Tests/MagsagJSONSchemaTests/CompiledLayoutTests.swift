@testable import MagsagJSONSchema
import MagsagSource
import Testing

/// Compiled schemas are kept for the whole run, one schema node and a few keyword nodes per subschema
/// (about 200,000 and 360,000 at 10,000 agents): their sizes are held to what they were made.
@Suite struct CompiledLayoutTests {
    @Test func keywordPayloadStaysSmall() {
        // The largest case sets every keyword's size: large rare payloads are boxed (`indirect`).
        #expect(MemoryLayout<Keyword>.size <= 32)
        #expect(MemoryLayout<SchemaNumber>.size <= 24)
    }

    #if os(Linux)
    /// glibc's `malloc_usable_size` (declared in `malloc.h`, which the Glibc module does not export).
    @_silgen_name("malloc_usable_size")
    private static func mallocUsableSize(_ pointer: UnsafeMutableRawPointer?) -> Int

    @Test func nodesTakeSmallAllocations() throws {
        let resource = CompiledResource(baseURI: "urn:x", documentURI: "urn:x", dialect: .draft2020_12, recursiveAnchor: false)
        let node = SchemaNode(resource: resource, pointer: ["properties", "a"], resourceDepth: 0, span: .fileStart, location: 1)
        let keyword = KeywordNode(name: "minimum", span: .fileStart,
                                  kind: .minimum(SchemaNumber(JSONNumber(text: "0.5")), exclusive: false))
        // What malloc gives for the instance (its request rounded up, plus a word of bookkeeping).
        let nodeBytes = Self.mallocUsableSize(Unmanaged.passUnretained(node).toOpaque())
        let keywordBytes = Self.mallocUsableSize(Unmanaged.passUnretained(keyword).toOpaque())
        #expect(nodeBytes <= 104, "a schema node takes \(nodeBytes) bytes")
        #expect(keywordBytes <= 72, "a keyword node takes \(keywordBytes) bytes")
        #expect(node.documentURI == "urn:x" && node.resourcePointer == ["properties", "a"])
        #expect(SchemaNumber(JSONNumber(text: "0.5")).double == 0.5)
    }
    #endif
}
