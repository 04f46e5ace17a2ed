import MagsagLintCore
import MagsagSource

/// A value of a catalog file together with where it is: its file, JSON pointer and source range, so a
/// finding can point at the exact field.
package struct CatalogField: Sendable {
    /// The repository-relative path of the file holding the value.
    package var path: String
    /// Where the value sits inside its document, made from the trail when asked (a finding's location).
    package var pointer: JSONPointer {
        get { trail?.pointer ?? .root }
        set { trail = PointerTrail.make(newValue.tokens) }
    }
    /// The pointer's last token and a link to its parent's: a field's child costs one small node that its
    /// siblings share as their parent, where a copied token list cost a list per field (a fixture's
    /// calls made 30 MB of them at 10,000 agents).
    private var trail: PointerTrail?
    /// The value itself, with its range.
    package var value: SourceValue
    /// Where the member key naming this value is written, when it is an object member.
    package var keySpan: SourceSpan?
    /// The range of the member key naming this value, when it is an object member.
    package var keyRange: SourceRange? {
        get { keySpan?.range }
        set { keySpan = newValue.map(SourceSpan.init) }
    }

    package init(path: String, pointer: JSONPointer = .root, value: SourceValue, keyRange: SourceRange? = nil) {
        self.path = path
        self.trail = PointerTrail.make(pointer.tokens)
        self.value = value
        self.keySpan = keyRange.map(SourceSpan.init)
    }

    /// The value's range.
    package var range: SourceRange { value.range }

    /// The string value, when the value is a string.
    package var string: String? { value.stringValue }

    /// The value as written when it is a scalar string or number (`version: 1.2` loads as a number).
    package var scalarText: String? {
        switch value.kind {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// The member `key` of an object value.
    package func child(_ key: String) -> CatalogField? {
        guard case .object(let object) = value.kind, let found = object.valueAndKeySpan(key) else { return nil }
        return CatalogField(path: path, trail: PointerTrail(parent: trail, token: key), value: found.value, keySpan: found.keySpan)
    }

    private init(path: String, trail: PointerTrail?, value: SourceValue, keySpan: SourceSpan?) {
        self.path = path
        self.trail = trail
        self.value = value
        self.keySpan = keySpan
    }

    /// The field at `keys` below this one, whose value and key range the caller kept (a child made again
    /// without looking it up).
    package func located(at keys: [String], _ value: SourceValue, keySpan: SourceSpan?) -> CatalogField {
        var trail = trail
        for key in keys { trail = PointerTrail(parent: trail, token: key) }
        return CatalogField(path: path, trail: trail, value: value, keySpan: keySpan)
    }

    /// Whether both fields sit at the same place of the same file (their pointers compared without
    /// making them).
    package func isAtSamePlace(as other: CatalogField) -> Bool {
        path == other.path && PointerTrail.same(trail, other.trail)
    }

    /// The value at `keys`, descending through objects.
    package func descendant(_ keys: String...) -> CatalogField? {
        var current: CatalogField? = self
        for key in keys { current = current?.child(key) }
        return current
    }

    /// The elements of an array value (empty for anything else).
    package var elements: [CatalogField] {
        guard let array = value.arrayValue else { return [] }
        return array.enumerated().map {
            CatalogField(path: path, trail: PointerTrail(parent: trail, token: String($0.offset)), value: $0.element, keySpan: nil)
        }
    }

    /// The members of an object value, in source order (empty for anything else).
    package var members: [(key: String, field: CatalogField)] {
        guard let object = value.objectValue else { return [] }
        return object.members.map {
            ($0.key, CatalogField(path: path, trail: PointerTrail(parent: trail, token: $0.key), value: $0.value, keySpan: $0.keySpan))
        }
    }

    /// Whether the value is the boolean `true`.
    package var isTrue: Bool { value.boolValue == true }

    /// A location for `related` lists.
    package func location(_ label: String? = nil) -> Location {
        Location(path: path, range: range, pointer: pointer, label: label)
    }
}

/// One token of a JSON pointer and the trail of its parent (nil parent: a token of the root).
private final class PointerTrail: Sendable {
    let parent: PointerTrail?
    let token: String
    let depth: Int

    init(parent: PointerTrail?, token: String) {
        self.parent = parent
        self.token = token
        self.depth = (parent?.depth ?? 0) + 1
    }

    /// The trail of `tokens` (nil for the root pointer).
    static func make(_ tokens: [String]) -> PointerTrail? {
        var trail: PointerTrail?
        for token in tokens { trail = PointerTrail(parent: trail, token: token) }
        return trail
    }

    /// The pointer's tokens, root first.
    var pointer: JSONPointer {
        var tokens = [String](repeating: "", count: depth)
        var node: PointerTrail? = self
        while let current = node {
            tokens[current.depth - 1] = current.token
            node = current.parent
        }
        return JSONPointer(tokens: tokens)
    }

    /// Whether two trails spell the same pointer.
    static func same(_ a: PointerTrail?, _ b: PointerTrail?) -> Bool {
        var a = a, b = b
        while true {
            guard let left = a, let right = b else { return a == nil && b == nil }
            if left === right { return true }
            guard left.depth == right.depth, left.token == right.token else { return false }
            a = left.parent
            b = right.parent
        }
    }
}

extension DiagnosticSink {
    /// Report a finding at a catalog field.
    package mutating func report(
        _ message: String, at field: CatalogField, label: String? = nil, related: [Location] = [],
        notes: [String] = [], help: String? = nil, severity: Severity? = nil
    ) {
        report(message, path: field.path, range: field.range, pointer: field.pointer, label: label, related: related,
               notes: notes, help: help, severity: severity)
    }
}
