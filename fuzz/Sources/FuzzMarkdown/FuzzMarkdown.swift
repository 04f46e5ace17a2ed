import FuzzSupport
import MagsagSource

/// `FrontMatter.split` and `MarkdownDocument.parse` (front-matter YAML, headings, links, code
/// spans, HTML anchors, task items): never traps; every range lies inside the file; anchors are
/// unique.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Invariants.bytes(data, size)
    let count = bytes.count
    let file = SourceFile(path: "fuzz.md", bytes: bytes)
    let document = MarkdownDocument.parse(file, yamlOptions: .init(maxNodes: 100_000))

    if let block = document.frontMatterBlock {
        precondition(block.yamlByteRange.lowerBound >= 0 && block.yamlByteRange.upperBound <= count, "front-matter range")
        precondition(block.bodyByteRange.upperBound <= count, "body range")
        Invariants.check(block.openingRange, count: count, "front-matter opening")
        if let closing = block.closingRange { Invariants.check(closing, count: count, "front-matter closing") }
    }
    precondition(document.bodyByteRange.lowerBound >= 0 && document.bodyByteRange.upperBound <= count, "body range")
    if let frontMatter = document.frontMatter { Invariants.check(frontMatter, count: count) }
    Invariants.check(document.issues, count: count)
    var anchors = Set<String>()
    for heading in document.headings {
        Invariants.check(heading.range, count: count, "heading")
        precondition((1...6).contains(heading.level), "heading level \(heading.level)")
        precondition(anchors.insert(heading.anchor).inserted, "duplicate anchor \(heading.anchor)")
    }
    for link in document.links { Invariants.check(link.range, count: count, "link \(link.destination)") }
    for span in document.codeSpans { Invariants.check(span.range, count: count, "code span") }
    for (name, range) in document.htmlAnchors { Invariants.check(range, count: count, "html anchor \(name)") }
    for item in document.taskItems { Invariants.check(item.range, count: count, "task item") }
    _ = HeadingSlugger.slug(String(decoding: bytes.prefix(256), as: UTF8.self))
    return 0
}
