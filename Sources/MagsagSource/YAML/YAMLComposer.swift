/// Builds located values from libyaml events, iteratively (no recursion, so deep input cannot
/// overflow the stack), with anchors, aliases, merge keys, duplicate-key detection and the node and
/// depth bounds.
struct YAMLComposer: ~Copyable {
    /// A finished node and what its parent needs to know about it.
    struct Node {
        var value: SourceValue
        /// Where the node is written: byte offsets in the file (the value keeps only its span).
        var start: Int
        var end: Int
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
        var start: Int
        var end: Int
        var span: SourceSpan
        var isMerge: Bool
    }

    private struct Frame {
        var isMapping: Bool
        var flow: Bool
        var anchor: String?
        /// Byte offsets in the file.
        var start: Int
        var lastEnd: Int
        var count = 1
        var height = 1
        /// Where the frame's elements (a sequence's) or explicit members (a mapping's) start on the
        /// composer's scratch stacks: they are pushed there as they come and moved out into an array of
        /// their exact count when the frame closes, as the JSON parser does.
        var mark: Int
        /// A mapping's merge keys' members, each after the explicit members written before it.
        var merges: [(at: Int, members: [SourceObject.Member])] = []
        var pendingKey: PendingKey?
        /// Where each explicit key was first written, once the mapping has too many keys for a
        /// linear search of its members (filled lazily).
        var firstKeySpans: [ByteKey: SourceSpan] = [:]
        var indexedKeys = false
        /// Whether an explicit key was written twice.
        var duplicated = false

        /// Where `key` was first written as an explicit key of this mapping (`explicit`: its members so
        /// far), recording it if new.
        mutating func firstSpan(of key: String, recording span: SourceSpan, explicit: UnsafeBufferPointer<SourceObject.Member>) -> SourceSpan? {
            if explicit.count < 16 {
                for member in explicit where ByteKey.same(member.key, key) { return member.keySpan }
                return nil
            }
            if !indexedKeys {
                indexedKeys = true
                for member in explicit where firstKeySpans[ByteKey(member.key)] == nil {
                    firstKeySpans[ByteKey(member.key)] = member.keySpan
                }
            }
            if let first = firstKeySpans[ByteKey(key)] { return first }
            firstKeySpans[ByteKey(key)] = span
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
    /// The open sequences' elements and the open mappings' explicit members (see `Frame.mark`).
    private var elements = ScratchStack<SourceValue>()
    private var members = ScratchStack<SourceObject.Member>()
    private var totalNodes = 0

    /// The file the events come from: lines and columns are worked out from it only where a range is
    /// shown (an issue) or kept whole.
    let file: SourceFile
    /// The file's first offset in `SourceSpace` (nil when the space is full: ranges are kept whole).
    let base: UInt32?

    init(options: YAMLLoader.Options, file: SourceFile, base: UInt32?) {
        self.options = options
        self.file = file
        self.base = base
    }

    /// The span of the bytes from `start` to `end` of the file.
    private func span(_ start: Int, _ end: Int) -> SourceSpan {
        guard let base else { return SourceSpan(Self.range(start, end, in: file)) }
        return SourceSpan(base: base, from: start, to: end)
    }

    /// The bytes from `start` to `end` of `file`, with lines and columns.
    private static func range(_ start: Int, _ end: Int, in file: SourceFile) -> SourceRange {
        SourceRange(start: file.position(ofOffset: start), end: file.position(ofOffset: end))
    }

    /// Consume one event; false when composition must stop.
    mutating func handle(_ event: YAMLEvent) -> Bool {
        switch event.kind {
        case .documentStart:
            startDocument()
            return true
        case .documentEnd:
            return true
        case .scalar(let text, let style, let tag, let anchor):
            return scalar(text, style: style, tag: tag, anchor: anchor, start: event.start, end: event.end)
        case .alias(let anchor):
            guard var node = anchors[anchor] else {
                return stop(.invalidYAML, "found undefined alias \"\(anchor)\"", event.start, event.end)
            }
            if node.count > options.maxNodes - totalNodes {
                return stop(.aliasExpansionLimit,
                            "alias expansion exceeds the limit of \(options.maxNodes) values", event.start, event.end)
            }
            if stack.count + node.height > options.maxDepth {
                return stop(.nestingLimit, "nesting exceeds the limit of \(options.maxDepth) levels", event.start, event.end)
            }
            totalNodes += node.count
            node.value.span = span(event.start, event.end)
            node.start = event.start
            node.end = event.end
            node.isMergeKey = false
            return deliver(node)
        case .sequenceStart(let flow, _, let anchor):
            return open(mapping: false, flow: flow, anchor: anchor, start: event.start, end: event.end)
        case .mappingStart(let flow, _, let anchor):
            return open(mapping: true, flow: flow, anchor: anchor, start: event.start, end: event.end)
        case .sequenceEnd, .mappingEnd:
            return close(end: event.end)
        }
    }

    // The events one by one (`handle` and the plain YAML reader call these).

    /// A document starts.
    mutating func startDocument() {
        anchors.removeAll(keepingCapacity: true)
        stack.removeAll()
        elements.removeAll()
        members.removeAll()
    }

    /// A scalar written from `start` to `end`; `tag` in libyaml's expanded form.
    mutating func scalar(_ text: String, style: YAMLEvent.ScalarStyle, tag: String?, anchor: String?, start: Int, end: Int) -> Bool {
        totalNodes += 1
        let resolution = YAMLScalarResolver.resolve(text, plain: style == .plain, tag: tag)
        if let rejected = resolution.rejectedTag {
            issues.append(ParseIssue(
                kind: .invalidYAML, message: "\"\(text)\" is not a valid !!\(rejected)", range: Self.range(start, end, in: file)))
        }
        let isMerge = style == .plain && text == "<<" && (tag == nil || tag == YAMLScalarResolver.tagPrefix + "merge")
        let node = Node(
            value: SourceValue(resolution.kind, span: span(start, end)), start: start, end: end,
            count: 1, height: 0,
            keyText: text, isMergeKey: isMerge)
        if let anchor { anchors[anchor] = node }
        return deliver(node)
    }

    /// A sequence (`mapping` false) or mapping starts.
    mutating func open(mapping isMapping: Bool, flow: Bool, anchor: String?, start: Int, end: Int) -> Bool {
        if stack.count + 1 > options.maxDepth {
            return stop(.nestingLimit, "nesting exceeds the limit of \(options.maxDepth) levels", start, end)
        }
        totalNodes += 1
        stack.append(Frame(
            isMapping: isMapping, flow: flow, anchor: anchor, start: start, lastEnd: end,
            mark: isMapping ? members.count : elements.count))
        return true
    }

    /// The innermost open sequence or mapping ends; `end` is where its closing event ends.
    mutating func close(end eventEnd: Int) -> Bool {
        guard let frame = stack.popLast() else { return true }
        let end = frame.flow ? eventEnd : frame.lastEnd
        let kind: SourceValue.Kind = frame.isMapping
            ? .object(Self.object(frame, explicit: members.popArray(from: frame.mark)))
            : .array(elements.popArray(from: frame.mark))
        let node = Node(value: SourceValue(kind, span: span(frame.start, end)), start: frame.start, end: end,
                        count: frame.count, height: frame.height)
        if let anchor = frame.anchor { anchors[anchor] = node }
        return deliver(node)
    }

    private mutating func stop(_ kind: ParseIssue.Kind, _ message: String, _ start: Int, _ end: Int) -> Bool {
        fatal = ParseIssue(kind: kind, message: message, range: Self.range(start, end, in: file))
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
        return Self.deliver(node, to: &stack[top], options: options, file: file, issues: &issues,
                            elements: &elements, members: &members)
    }

    private static func deliver(_ node: Node, to frame: inout Frame, options: YAMLLoader.Options, file: SourceFile,
                                issues: inout [ParseIssue], elements: inout ScratchStack<SourceValue>,
                                members: inout ScratchStack<SourceObject.Member>) -> Bool {
        frame.count += node.count
        frame.height = max(frame.height, node.height + 1)
        if node.end > frame.lastEnd { frame.lastEnd = node.end }
        guard frame.isMapping else {
            elements.push(node.value)
            return true
        }
        guard let key = frame.pendingKey else {
            if node.keyText == nil {
                let what = node.value.arrayValue == nil ? "mapping" : "sequence"
                issues.append(ParseIssue(
                    kind: .invalidYAML, message: "mapping key must be a scalar, not a \(what)", range: range(node.start, node.end, in: file)))
            }
            frame.pendingKey = PendingKey(text: node.keyText, start: node.start, end: node.end, span: node.value.span, isMerge: node.isMergeKey)
            return true
        }
        frame.pendingKey = nil
        guard let text = key.text else { return true }
        if key.isMerge && options.mergeKeys {
            if let merged = Self.mergeMembers(node.value) {
                frame.merges.append((at: members.count - frame.mark, members: merged))
            } else {
                issues.append(ParseIssue(
                    kind: .invalidYAML, message: "merge key value must be a mapping or a sequence of mappings",
                    range: range(node.start, node.end, in: file)))
            }
            return true
        }
        let mark = frame.mark
        if let first = members.withElements(from: mark, { frame.firstSpan(of: text, recording: key.span, explicit: $0) }) {
            frame.duplicated = true
            issues.append(ParseIssue(
                kind: .duplicateKey, message: "duplicate key \"\(text)\"", range: range(key.start, key.end, in: file),
                related: first.range, relatedLabel: "first defined here"))
        }
        members.push(SourceObject.Member(key: text, keySpan: key.span, value: node.value))
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

    /// The mapping's object from its explicit members (in order) and its merges: explicit keys win over
    /// merged ones; among merged keys the first wins; members keep the order they were written in.
    private static func object(_ frame: Frame, explicit: [SourceObject.Member]) -> SourceObject {
        guard !frame.merges.isEmpty else {
            return frame.duplicated ? SourceObject(explicit) : SourceObject(distinct: explicit)
        }
        let explicitKeys = Set(explicit.map { ByteKey($0.key) })
        var merged = Set<ByteKey>()
        var members: [SourceObject.Member] = []
        var nextMerge = 0
        func takeMerges(upTo position: Int) {
            while nextMerge < frame.merges.count && frame.merges[nextMerge].at <= position {
                for member in frame.merges[nextMerge].members
                where !explicitKeys.contains(ByteKey(member.key)) && merged.insert(ByteKey(member.key)).inserted {
                    members.append(member)
                }
                nextMerge += 1
            }
        }
        for (position, member) in explicit.enumerated() {
            takeMerges(upTo: position)
            members.append(member)
        }
        takeMerges(upTo: explicit.count)
        return SourceObject(members)
    }
}
