import MagsagLintCore
import MagsagSource

/// A value of a catalog file together with where it is: its file, JSON pointer and source range, so a
/// finding can point at the exact field.
package struct CatalogField: Sendable {
    /// The repository-relative path of the file holding the value.
    package var path: String
    /// Where the value sits inside its document.
    package var pointer: JSONPointer
    /// The value itself, with its range.
    package var value: SourceValue
    /// The range of the member key naming this value, when it is an object member.
    package var keyRange: SourceRange?

    package init(path: String, pointer: JSONPointer = .root, value: SourceValue, keyRange: SourceRange? = nil) {
        self.path = path
        self.pointer = pointer
        self.value = value
        self.keyRange = keyRange
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
        guard let member = value.objectValue?.member(key) else { return nil }
        return CatalogField(path: path, pointer: pointer.appending(key), value: member.value, keyRange: member.keyRange)
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
        return array.enumerated().map { CatalogField(path: path, pointer: pointer.appending($0.offset), value: $0.element) }
    }

    /// The members of an object value, in source order (empty for anything else).
    package var members: [(key: String, field: CatalogField)] {
        guard let object = value.objectValue else { return [] }
        return object.members.map {
            ($0.key, CatalogField(path: path, pointer: pointer.appending($0.key), value: $0.value, keyRange: $0.keyRange))
        }
    }

    /// Whether the value is the boolean `true`.
    package var isTrue: Bool { value.boolValue == true }

    /// A location for `related` lists.
    package func location(_ label: String? = nil) -> Location {
        Location(path: path, range: range, pointer: pointer, label: label)
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
