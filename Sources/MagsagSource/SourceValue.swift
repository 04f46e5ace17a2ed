/// A JSON-model value (from JSON or YAML) that knows where it came from.
///
/// JSON and YAML documents both load into this shape, so everything downstream (JSON Schema,
/// rules) treats them alike. Positions are kept on every value and on every object key.
public struct SourceValue: Sendable {
    /// The value itself.
    public var kind: Kind
    /// Where the value is written (for a YAML alias: where the alias is used), as 8 bytes of
    /// `SourceSpace`; `range` works out its lines and columns.
    public var span: SourceSpan

    /// Where the value is written, with lines and columns (worked out from the file at each use: keep
    /// the `span` where a place is only carried along).
    public var range: SourceRange {
        get { span.range }
        set { span = SourceSpan(newValue) }
    }

    /// A value placed at `range` (kept whole in `SourceSpace`'s side table: the parsers give spans).
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.span = SourceSpan(range)
    }

    @inlinable public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The JSON data model.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([SourceValue])
        case object(SourceObject)
    }
}

/// A number with its source text preserved (`1`, `1.0` and `1e400` stay distinguishable).
///
/// Only the text is kept; the `Double` is made from it when asked. An integer written the way
/// `String(Int64)` writes it (`0`, `-12`, `181`: most numbers of agent files) is read digit by digit
/// (its text lives inside the `String` itself up to 15 bytes), any other text through `Double(_:)`.
/// Keeping a `Double` beside the text made every parsed value 8 bytes larger (56 → 48 bytes a value,
/// 96 → 88 a member without it); a number kept in an enum of an integer and a shared text cost more to
/// copy than it saved (every copy of a value went through a larger generic copy).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written (JSON syntax; YAML numbers are normalised to JSON syntax where needed).
    public let text: String

    public init(text: String) {
        self.text = text
    }

    /// The number spelled by `utf8` (JSON number syntax already checked).
    public init(utf8: UnsafeBufferPointer<UInt8>) {
        text = String(decoding: utf8, as: UTF8.self)
    }

    public init(_ value: Int) {
        text = String(value)
    }

    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            // `-0.0` is written `-0`, so that its double keeps the sign.
            text = value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        } else {
            text = "\(value)"
        }
    }

    /// The nearest `Double` (may be infinite for huge literals).
    public var double: Double {
        if let integer = writtenInteger { return Double(integer) }
        return parsedDouble
    }

    /// The text read by `Double(_:)` (for texts that are not written integers).
    private var parsedDouble: Double {
        if let exact = text.utf8.withContiguousStorageIfAvailable(Self.exactDecimal) ?? nil { return exact }
        return Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
    }

    /// Powers of ten a `Double` holds exactly.
    private static let exactPowers: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    /// The value of a JSON number text of at most 15 significant digits whose decimal exponent (after the
    /// point is moved past the last digit) lies within ±22, without `strtod`: the digits and the power of
    /// ten are both exact doubles, so the one multiplication or division rounds once, to the nearest
    /// double, as `Double(_:)` does (Clinger's fast path). Nil for any other text (it goes to
    /// `Double(_:)`). Schema evaluation reads decimals such as `1151.0` this way.
    static func exactDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        var at = 0
        let negative = count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { at = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var inFraction = false
        while at < count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
                at += 1
                continue
            }
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { break }
            digits += 1
            if mantissa != 0 || digit != 0 {
                significant += 1
                guard significant <= 15 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
            }
            if inFraction { exponent -= 1 }
            at += 1
        }
        guard digits > 0 else { return nil }
        if at < count {
            guard bytes[at] | 0x20 == UInt8(ascii: "e") else { return nil }
            at += 1
            var minus = false
            if at < count, bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
                minus = bytes[at] == UInt8(ascii: "-")
                at += 1
            }
            var written = 0
            var exponentDigits = 0
            while at < count {
                let digit = bytes[at] &- UInt8(ascii: "0")
                guard digit <= 9, exponentDigits < 4 else { return nil }
                written = written * 10 + Int(digit)
                exponentDigits += 1
                at += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += minus ? -written : written
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard exponent >= -22, exponent <= 22 else { return nil }
        let magnitude = exponent >= 0 ? Double(mantissa) * exactPowers[exponent] : Double(mantissa) / exactPowers[-exponent]
        return negative ? -magnitude : magnitude
    }

    /// The value when the text is written as `String(Int64)` writes it: an optional `-`, then `0` alone
    /// or digits without a leading zero, never `-0`, at most 18 digits (no overflow). Read without
    /// `Double(_:)`: the quick answer for the integers most numbers are.
    public var writtenInteger: Int64? {
        // Read in place (a short text from the value itself), without copying the string.
        text.utf8.withContiguousStorageIfAvailable { Self.canonicalInteger($0) } ?? nil
    }

    @inline(__always)
    static func canonicalInteger(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { index = 1 }
        let digits = utf8.count - index
        guard digits >= 1, digits <= 18 else { return nil }
        if utf8[index] == UInt8(ascii: "0") { return digits == 1 && !negative ? 0 : nil }
        var value: Int64 = 0
        while index < utf8.count {
            let digit = utf8[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// Whether the value is mathematically an integer (`1.0` and `1e2` are; JSON Schema's notion).
    public var isInteger: Bool {
        writtenInteger != nil || isIntegral(parsedDouble)
    }

    /// Whether `double` (this number's text read by `Double(_:)`) is integral.
    private func isIntegral(_ double: Double) -> Bool {
        if double.isFinite { return double == double.rounded(.towardZero) }
        // Huge literals: integral unless they have a fractional part in their text.
        return !text.utf8Contains(".") || text.utf8Contains("e") || text.utf8Contains("E")
    }

    /// The value as an `Int` when it is integral and fits (the text is read once).
    public var intValue: Int? {
        if let integer = writtenInteger { return Int(integer) }
        let double = parsedDouble
        guard isIntegral(double), double.isFinite, abs(double) < 9.0e18 else { return nil }
        if let exact = Int(text) { return exact }
        return Int(double)
    }

    public var description: String { text }
}

/// An object's members in source order, with keys located.
public struct SourceObject: Sendable {
    /// One `key: value` pair.
    ///
    /// Laid out by hand in 48 bytes: the key, then the value's kind, the key's length, the value's span
    /// and the key's start. As a key, a `SourceSpan` and a `SourceValue` side by side it took 56 (the
    /// value's own padding could not be shared), and objects' members are most of a parsed tree.
    public struct Member: Sendable {
        public var key: String
        @usableFromInline var valueKind: SourceValue.Kind
        /// The key's length in bytes; `spilledKey` when `keyStart` numbers a range kept whole.
        @usableFromInline var keyLength: UInt16
        @usableFromInline var valueSpan: SourceSpan
        @usableFromInline var keyStart: UInt32

        @usableFromInline static let spilledKey = UInt16.max

        /// The member's value.
        @inlinable public var value: SourceValue {
            get { SourceValue(valueKind, span: valueSpan) }
            set {
                valueKind = newValue.kind
                valueSpan = newValue.span
            }
        }

        /// Where the key is written.
        public var keySpan: SourceSpan {
            get {
                keyLength == Self.spilledKey
                    ? SourceSpan(start: SourceSpan.spilled, end: keyStart) : SourceSpan(start: keyStart, end: keyStart &+ UInt32(keyLength))
            }
            set {
                if newValue.start == SourceSpan.spilled {
                    (keyStart, keyLength) = (newValue.end, Self.spilledKey)
                } else if newValue.end >= newValue.start, newValue.end - newValue.start < UInt32(Self.spilledKey) {
                    (keyStart, keyLength) = (newValue.start, UInt16(newValue.end - newValue.start))
                } else {
                    // A key of 64 KiB or more: its range kept whole.
                    let whole = SourceSpan(newValue.range)
                    (keyStart, keyLength) = (whole.end, Self.spilledKey)
                }
            }
        }

        /// Where the key is written, with lines and columns (worked out at each use).
        public var keyRange: SourceRange {
            get { keySpan.range }
            set { keySpan = SourceSpan(newValue) }
        }

        public init(key: String, keyRange: SourceRange, value: SourceValue) {
            self.init(key: key, keySpan: SourceSpan(keyRange), value: value)
        }

        @inlinable public init(key: String, keySpan: SourceSpan, value: SourceValue) {
            self.key = key
            self.valueKind = value.kind
            self.valueSpan = value.span
            // A parsed key (the common case) is stored without going through the setter's cases.
            let length = keySpan.end &- keySpan.start
            if keySpan.start != SourceSpan.spilled, keySpan.end >= keySpan.start, length < UInt32(Self.spilledKey) {
                self.keyStart = keySpan.start
                self.keyLength = UInt16(truncatingIfNeeded: length)
            } else {
                self.keyLength = 0
                self.keyStart = 0
                self.keySpan = keySpan
            }
        }
    }

    /// Members in source order. Duplicate keys have already been reported by the parser; only the
    /// last occurrence of a key is kept (the JSON/YAML "last wins" behaviour most tools have). Keys are
    /// told apart by their bytes, as JSON does (see `ByteKey`).
    public private(set) var members: [Member]
    private var index: [ByteKey: Int]?

    /// Objects with more members than this get a hashed index of their keys; smaller ones are scanned.
    /// A key of another length is passed over in a few instructions, one of the same length compares a
    /// word or two: scanning sixteen keys answers about as soon as hashing the key, and the index's
    /// memory is saved.
    public static let indexedAbove = 16

    public init(_ members: [Member] = []) {
        // Small objects (the common case) need no hashing: a linear scan finds duplicates.
        if members.count <= Self.indexedAbove {
            var kept: [Member] = []
            kept.reserveCapacity(members.count)
            for member in members {
                if let at = kept.firstIndex(where: { ByteKey.same($0.key, member.key) }) { kept[at] = member } else { kept.append(member) }
            }
            self.members = kept
            self.index = nil
            return
        }
        var kept: [Member] = []
        kept.reserveCapacity(members.count)
        var seen: [ByteKey: Int] = [:]
        seen.reserveCapacity(members.count)
        for member in members {
            if let at = seen[ByteKey(member.key)] {
                kept[at] = member
            } else {
                seen[ByteKey(member.key)] = kept.count
                kept.append(member)
            }
        }
        self.members = kept
        self.index = kept.count > Self.indexedAbove ? seen : nil
    }

    /// Members a parser has already checked for duplicate keys (none repeats): kept as they are.
    init(distinct members: [Member]) {
        self.members = members
        guard members.count > Self.indexedAbove else {
            self.index = nil
            return
        }
        var index: [ByteKey: Int] = [:]
        index.reserveCapacity(members.count)
        // Keys read in place: iterating the members would copy each one, its value included.
        for position in members.indices { index[ByteKey(members[position].key)] = position }
        self.index = index
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The member named `key`.
    public func member(_ key: String) -> Member? {
        position(of: key).map { members[$0] }
    }

    /// The value of `key` and where the key is written, read in place (the member itself, its key
    /// string included, is not copied).
    public func valueAndKeySpan(_ key: String) -> (value: SourceValue, keySpan: SourceSpan)? {
        position(of: key).map { (members[$0].value, members[$0].keySpan) }
    }

    /// The value of `key` (found without copying the members passed over).
    public subscript(key: String) -> SourceValue? {
        position(of: key).map { members[$0].value }
    }

    /// The position of `key` in `members`.
    @inline(__always)
    private func position(of key: String) -> Int? {
        if let index { return index[ByteKey(key)] }
        return members.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where ByteKey.same(buffer[i].key, key) { return i }
            return nil
        }
    }
}

extension SourceValue {
    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let s) = kind { s } else { nil } }
    /// The object, when this is an object.
    public var objectValue: SourceObject? { if case .object(let o) = kind { o } else { nil } }
    /// The elements, when this is an array.
    public var arrayValue: [SourceValue]? { if case .array(let a) = kind { a } else { nil } }
    /// The number, when this is a number.
    public var numberValue: JSONNumber? { if case .number(let n) = kind { n } else { nil } }
    /// The boolean, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = kind { b } else { nil } }
    /// Whether this is `null`.
    public var isNull: Bool { if case .null = kind { true } else { false } }

    /// The member value for `key` when this is an object.
    public subscript(key: String) -> SourceValue? { objectValue?[key] }

    /// JSON type name as JSON Schema spells it (`integer` is reported as `number` here).
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Resolve a JSON pointer (RFC 6901) against this value.
    public func value(at pointer: JSONPointer) -> SourceValue? {
        var current = self
        for token in pointer.tokens {
            switch current.kind {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let i = JSONPointer.arrayIndex(token), i < elements.count else { return nil }
                current = elements[i]
            default:
                return nil
            }
        }
        return current
    }
}
