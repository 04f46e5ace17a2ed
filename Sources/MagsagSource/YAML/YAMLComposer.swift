/// Builds located values from libyaml events, iteratively (no recursion, so deep input cannot
/// overflow the stack), with anchors, aliases, merge keys, duplicate-key detection and the node and
/// depth bounds.
struct YAMLComposer {
    /// A finished node and what its parent needs to know about it.
    struct Node {
        var value: SourceValue
        /// Where the node is written, with lines and columns (the value keeps only its span).
        var range: SourceRange
        /// Values in this node, aliases expanded (the node itself included).
        var count: Int
        /// Collection nesting inside this node (0 for a scalar).
        var height: Int
        /// The scalar's text as written (for use as a mapping key); nil for collections.
        var keyText: String?
        /// A plain, untagged `<<`.
        var isMergeKey = false
    }

    private struct PendingKey {
        /// nil when the key is not a scalar: the value is then skipped.
        var text: String?
        var range: SourceRange
        var span: SourceSpan
        var isMerge: Bool
    }

    private enum Entry {
        case member(SourceObject.Member)
        case merge([SourceObject.Member])
    }

    private struct Frame {
        var isMapping: Bool
        var flow: Bool
        var anchor: String?
        var start: SourcePosition
        var lastEnd: SourcePosition
        var count = 1
        var height = 1
        var items: [SourceValue] = []
        var entries: [Entry] = []
        var hasMerge = false
        var pendingKey: PendingKey?
        /// Where each explicit key was first written, once the mapping has too many keys for a
        /// linear search of `entries` (filled lazily).
        var firstKeySpans: [String: SourceSpan] = [:]
        var indexedKeys = false
        /// Whether an explicit key was written twice.
        var duplicated = false

        /// Where `key` was first written as an explicit key of this mapping, recording it if new.
        mutating func firstSpan(of key: String, recording span: SourceSpan) -> SourceSpan? {
            if entries.count < 16 {
                for case .member(let member) in entries where member.key == key { return member.keySpan }
                return nil
            }
            if !indexedKeys {
                indexedKeys = true
                for case .member(let member) in entries where firstKeySpans[member.key] == nil {
                    firstKeySpans[member.key] = member.keySpan
                }
            }
            if let first = firstKeySpans[key] { return first }
            firstKeySpans[key] = span
            return nil
        }
    }

    let options: YAMLLoader.Options
    private(set) var documents: [SourceValue] = []
    private(set) var issues: [ParseIssue] = []
    /// Set when composition had to stop (undefined alias, limits).
    private(set) var fatal: ParseIssue?
    private var anchors: [String: Node] = [:]
    private var stack: [Frame] = []
    private var totalNodes = 0

    /// The file's first offset in `SourceSpace` (nil when the space is full: ranges are kept whole).
    let base: UInt32?

    init(options: YAMLLoader.Options, base: UInt32?) {
        self.options = options
        self.base = base
    }

    /// The span of `range` (positions in the file the events come from).
    private func span(_ range: SourceRange) -> SourceSpan {
        guard let base else { return SourceSpan(range) }
        return SourceSpan(base: base, from: range.start.offset, to: range.end.offset)
    }

    /// Consume one event; false when composition must stop.
    mutating func handle(_ event: YAMLEvent) -> Bool {
        switch event.kind {
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            stack.removeAll()
        case .documentEnd:
            break
        case .scalar(let text, let style, let tag, let anchor):
            totalNodes += 1
            let resolution = YAMLScalarResolver.resolve(text, plain: style == .plain, tag: tag)
            if let rejected = resolution.rejectedTag {
                issues.append(ParseIssue(
                    kind: .invalidYAML, message: "\"\(text)\" is not a valid !!\(rejected)", range: event.range))
            }
            let isMerge = style == .plain && text == "<<" && (tag == nil || tag == YAMLScalarResolver.tagPrefix + "merge")
            let node = Node(
                value: SourceValue(resolution.kind, span: span(event.range)), range: event.range, count: 1, height: 0,
                keyText: text, isMergeKey: isMerge)
            if let anchor { anchors[anchor] = node }
            return deliver(node)
        case .alias(let anchor):
            guard var node = anchors[anchor] else {
                return stop(.invalidYAML, "found undefined alias \"\(anchor)\"", event.range)
            }
            if node.count > options.maxNodes - totalNodes {
                return stop(.aliasExpansionLimit,
                            "alias expansion exceeds the limit of \(options.maxNodes) values", event.range)
            }
            if stack.count + node.height > options.maxDepth {
                return stop(.nestingLimit, "nesting exceeds the limit of \(options.maxDepth) levels", event.range)
            }
            totalNodes += node.count
            node.value.span = span(event.range)
            node.range = event.range
            node.isMergeKey = false
            return deliver(node)
        case .sequenceStart(let flow, _, let anchor), .mappingStart(let flow, _, let anchor):
            if stack.count + 1 > options.maxDepth {
                return stop(.nestingLimit, "nesting exceeds the limit of \(options.maxDepth) levels", event.range)
            }
            totalNodes += 1
            var isMapping = false
            if case .mappingStart = event.kind { isMapping = true }
            stack.append(Frame(
                isMapping: isMapping, flow: flow, anchor: anchor, start: event.range.start, lastEnd: event.range.end))
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else { return true }
            let end = frame.flow ? event.range.end : frame.lastEnd
            let range = SourceRange(start: frame.start, end: end)
            let kind: SourceValue.Kind = frame.isMapping ? .object(Self.object(frame)) : .array(frame.items)
            let node = Node(value: SourceValue(kind, span: span(range)), range: range, count: frame.count, height: frame.height)
            if let anchor = frame.anchor { anchors[anchor] = node }
            return deliver(node)
        }
        return true
    }

    private mutating func stop(_ kind: ParseIssue.Kind, _ message: String, _ range: SourceRange) -> Bool {
        fatal = ParseIssue(kind: kind, message: message, range: range)
        return false
    }

    /// Hand a finished node to its parent, or finish the document.
    private mutating func deliver(_ node: Node) -> Bool {
        guard !stack.isEmpty else {
            documents.append(node.value)
            return true
        }
        // The parent frame is changed where it lies: moving it off the stack and back copied it.
        let top = stack.count - 1
        return Self.deliver(node, to: &stack[top], options: options, issues: &issues)
    }

    private static func deliver(_ node: Node, to frame: inout Frame, options: YAMLLoader.Options, issues: inout [ParseIssue]) -> Bool {
        frame.count += node.count
        frame.height = max(frame.height, node.height + 1)
        if node.range.end > frame.lastEnd { frame.lastEnd = node.range.end }
        guard frame.isMapping else {
            frame.items.append(node.value)
            return true
        }
        guard let key = frame.pendingKey else {
            if node.keyText == nil {
                let what = node.value.arrayValue == nil ? "mapping" : "sequence"
                issues.append(ParseIssue(
                    kind: .invalidYAML, message: "mapping key must be a scalar, not a \(what)", range: node.range))
            }
            frame.pendingKey = PendingKey(text: node.keyText, range: node.range, span: node.value.span, isMerge: node.isMergeKey)
            return true
        }
        frame.pendingKey = nil
        guard let text = key.text else { return true }
        if key.isMerge && options.mergeKeys {
            if let members = Self.mergeMembers(node.value) {
                frame.entries.append(.merge(members))
                frame.hasMerge = true
            } else {
                issues.append(ParseIssue(
                    kind: .invalidYAML, message: "merge key value must be a mapping or a sequence of mappings",
                    range: node.range))
            }
            return true
        }
        if let first = frame.firstSpan(of: text, recording: key.span) {
            frame.duplicated = true
            issues.append(ParseIssue(
                kind: .duplicateKey, message: "duplicate key \"\(text)\"", range: key.range,
                related: first.range, relatedLabel: "first defined here"))
        }
        frame.entries.append(.member(SourceObject.Member(key: text, keySpan: key.span, value: node.value)))
        return true
    }

    /// The members a `<<` value contributes, earlier mappings first; nil when it is not mergeable.
    private static func mergeMembers(_ value: SourceValue) -> [SourceObject.Member]? {
        switch value.kind {
        case .object(let object):
            return object.members
        case .array(let elements):
            var members: [SourceObject.Member] = []
            for element in elements {
                guard let object = element.objectValue else { return nil }
                members.append(contentsOf: object.members)
            }
            return members
        default:
            return nil
        }
    }

    /// The mapping's object: explicit keys win over merged ones; among merged keys the first wins.
    private static func object(_ frame: Frame) -> SourceObject {
        guard frame.hasMerge else {
            var members: [SourceObject.Member] = []
            members.reserveCapacity(frame.entries.count)
            for case .member(let member) in frame.entries { members.append(member) }
            return frame.duplicated ? SourceObject(members) : SourceObject(distinct: members)
        }
        var explicit = Set<String>()
        for case .member(let member) in frame.entries { explicit.insert(member.key) }
        var merged = Set<String>()
        var members: [SourceObject.Member] = []
        for entry in frame.entries {
            switch entry {
            case .member(let member):
                members.append(member)
            case .merge(let candidates):
                for member in candidates where !explicit.contains(member.key) && merged.insert(member.key).inserted {
                    members.append(member)
                }
            }
        }
        return SourceObject(members)
    }
}
