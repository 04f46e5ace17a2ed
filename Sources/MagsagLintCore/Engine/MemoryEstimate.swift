import MagsagSource

/// What a parsed document keeps alive while it sits in the cross-file index, estimated from the shapes
/// it holds (value and member counts, out-of-line strings, Markdown lists) rather than from its size on
/// disk, so a hostile file of tiny values (`[0,0,0,…]`, 28 bytes of tree per source byte) is counted at
/// its real weight. Allocator overhead is approximated per allocation.
extension LintDocument {
    /// Estimated bytes retained by this document: the file (bytes, text, line index) and its parse.
    public var estimatedMemory: Int {
        var total = ValueMemory.allocation(file.bytes.count) + ValueMemory.allocation(file.lineIndexByteCount)
            + ValueMemory.allocation(file.path.utf8.count) + 256
        // A JSON tree's size was counted while it was parsed (no walk, whose copies of every value
        // cost two atomic operations each); other trees are walked.
        if let counted = valueMemory {
            total += counted
        } else {
            for value in values { total += MemoryEstimate.value(value) }
        }
        if let markdown { total += MemoryEstimate.markdown(markdown) }
        return total
    }
}

enum MemoryEstimate {
    /// A value tree: its elements and members in their arrays, keys and strings out of line (walked
    /// with an explicit stack; YAML aliases are counted at every use, an upper bound).
    static func value(_ root: SourceValue) -> Int {
        MemoryLayout<SourceValue>.stride + contents(root, depth: 0)
    }

    /// What a value holds beyond its own slot, recursively (no stack of copies to grow); below a depth
    /// of 64 the explicit-stack walk takes over, so a hostile nesting cannot exhaust the thread's stack.
    private static func contents(_ value: SourceValue, depth: Int) -> Int {
        let valueSize = MemoryLayout<SourceValue>.stride
        switch value.kind {
        case .null, .bool: return 0
        case .number(let number): return ValueMemory.string(number.text)
        case .string(let text): return ValueMemory.string(text)
        case .array(let elements):
            var total = ValueMemory.elements(elements.count)
            for element in elements {
                total += depth < 64 ? contents(element, depth: depth + 1) : walked(element) - valueSize
            }
            return total
        case .object(let object):
            var total = ValueMemory.members(object.count)
            for member in object.members {
                total += ValueMemory.string(member.key)
                total += depth < 64 ? contents(member.value, depth: depth + 1) : walked(member.value) - valueSize
            }
            return total
        }
    }

    /// `value` with an explicit stack, for any depth.
    static func walked(_ root: SourceValue) -> Int {
        let valueSize = MemoryLayout<SourceValue>.stride
        var total = valueSize
        var stack = [root]
        while let value = stack.popLast() {
            switch value.kind {
            case .null, .bool: break
            case .number(let number): total += ValueMemory.string(number.text)
            case .string(let text): total += ValueMemory.string(text)
            case .array(let elements):
                total += ValueMemory.elements(elements.count)
                stack.append(contentsOf: elements)
            case .object(let object):
                total += ValueMemory.members(object.count)
                for member in object.members {
                    total += ValueMemory.string(member.key)
                    stack.append(member.value)
                }
            }
        }
        return total
    }

    /// A Markdown body's lists (headings, links, code spans, task items, HTML anchors).
    static func markdown(_ document: MarkdownDocument) -> Int {
        var total = ValueMemory.allocation(document.headings.count * MemoryLayout<MarkdownDocument.Heading>.stride)
        for heading in document.headings { total += ValueMemory.string(heading.text) + ValueMemory.string(heading.anchor) }
        total += ValueMemory.allocation(document.links.count * MemoryLayout<MarkdownDocument.Link>.stride)
        for link in document.links {
            total += ValueMemory.string(link.destination) + ValueMemory.string(link.title) + ValueMemory.string(link.text)
        }
        total += ValueMemory.allocation(document.codeSpans.count * MemoryLayout<MarkdownDocument.CodeSpan>.stride)
        for span in document.codeSpans { total += ValueMemory.string(span.text) }
        total += ValueMemory.allocation(document.taskItems.count * MemoryLayout<MarkdownDocument.TaskItem>.stride)
        for item in document.taskItems { total += ValueMemory.string(item.text) }
        total += ValueMemory.allocation(document.htmlAnchors.count * 48)
        for name in document.htmlAnchors.keys { total += ValueMemory.string(name) }
        total += ValueMemory.allocation(document.issues.count * MemoryLayout<ParseIssue>.stride)
        return total
    }
}
