import MagsagSource
import Testing

/// GitHub heading anchors, end to end: Markdown → cmark-gfm → heading text → slug → de-duplication.
@Suite struct HeadingSlugTests {
    /// (heading line(s), expected anchor), in document order (duplicates depend on it).
    static let table: [(String, String)] = [
        ("# Hello World", "hello-world"),
        ("## Hello, World!", "hello-world-1"),
        ("##   Leading and trailing   ", "leading-and-trailing"),
        ("## Set-up & Usage", "set-up--usage"),
        ("## C++ Guide", "c-guide"),
        ("## What's new?", "whats-new"),
        ("## 100% Coverage", "100-coverage"),
        ("## snake_case_name", "snake_case_name"),
        ("## Emoji 🎉 Party", "emoji--party"),
        ("## 🚀 Launch", "-launch"),
        ("## Ünïcödé Façade", "ünïcödé-façade"),
        ("## 日本語の見出し", "日本語の見出し"),
        ("## Привет мир", "привет-мир"),
        ("## `inline code` heading", "inline-code-heading"),
        ("## Use `magsag-lint check`", "use-magsag-lint-check"),
        ("## [Link](https://example.com) inside", "link-inside"),
        ("## **Bold** and _italic_", "bold-and-italic"),
        ("## Version 1.2.3", "version-123"),
        ("## A/B Testing", "ab-testing"),
        ("## Q&A", "qa"),
        ("## foo.bar", "foobar"),
        ("## Purpose / Big Picture", "purpose--big-picture"),
        ("## Surprises & Discoveries", "surprises--discoveries"),
        ("## To-do", "to-do"),
        ("## Step 1: Install", "step-1-install"),
        ("## (Parenthesised)", "parenthesised"),
        ("## Quotes \"double\" and 'single'", "quotes-double-and-single"),
        ("## Duplicate", "duplicate"),
        ("## Duplicate", "duplicate-1"),
        ("## Duplicate", "duplicate-2"),
        ("## Duplicate 1", "duplicate-1-1"),
        ("## ALL CAPS", "all-caps"),
        ("## $pecial #chars", "pecial-chars"),
        ("## Arrow → right", "arrow--right"),
        ("## <span>HTML</span> heading", "html-heading"),
        ("## Trailing hashes ##", "trailing-hashes"),
        ("Setext Title\n============", "setext-title"),
        ("## Numbers 2025-01-01", "numbers-2025-01-01"),
        ("## Image ![alt text](x.png) here", "image--here"),
        ("## Ελληνικά", "ελληνικά"),
        ("## Ends with period.", "ends-with-period"),
        ("## Multiple   spaces", "multiple---spaces"),
        ("## Underscore _emphasis_ vs snake_case", "underscore-emphasis-vs-snake_case"),
        ("## Über-Überschrift", "über-überschrift"),
        ("## Русский & English", "русский--english"),
        ("## [Linked `code`](other.md#x) and text", "linked-code-and-text"),
    ]

    @Test func anchorsMatchGitHub() {
        let text = Self.table.map(\.0).joined(separator: "\n\n") + "\n"
        let document = MarkdownDocument.parse(SourceFile(path: "docs/slugs.md", text: text))
        #expect(Self.table.count >= 40)
        #expect(document.headings.count == Self.table.count)
        for (heading, (source, expected)) in zip(document.headings, Self.table) {
            #expect(heading.anchor == expected, "\(source) → \(heading.anchor), expected \(expected)")
        }
    }

    @Test func anchorsIgnoreHeadingsInCode() {
        let text = "# Real\n\n```\n# Not a heading\n```\n\n    # indented code\n\n# Real\n"
        let document = MarkdownDocument.parse(SourceFile(path: "a.md", text: text))
        #expect(document.headings.map(\.anchor) == ["real", "real-1"])
    }
}
