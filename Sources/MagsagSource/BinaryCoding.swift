/// The primitives of the project's compact binary forms (the result cache's diagnostics, parses kept
/// per blob): zig-zag LEB128 integers, length-prefixed UTF-8 strings, source ranges and optional markers.
public struct BinaryWriter: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func int(_ value: Int) {
        // Zig-zag so small negative numbers stay small.
        var v = (UInt64(bitPattern: Int64(value)) << 1) ^ UInt64(bitPattern: Int64(value) >> 63)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func string(_ text: String) {
        int(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func optionalString(_ text: String?) {
        optional(text) { $0.string($1) }
    }

    /// 0 for nil; else 1 and what `write` adds.
    public mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        guard let value else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        write(&self, value)
    }

    /// A 64-bit word, little-endian, in 8 bytes (for hashes and digests, which a varint would lengthen).
    public mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func range(_ range: SourceRange) {
        for position in [range.start, range.end] {
            int(position.offset)
            int(position.line)
            int(position.column)
        }
    }
}

/// Reads what `BinaryWriter` wrote. Every bound is checked: anything malformed reads as nil.
public struct BinaryReader: Sendable {
    public let bytes: ArraySlice<UInt8>
    public private(set) var at: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    public var atEnd: Bool { at == bytes.endIndex }

    public mutating func byte() -> UInt8? {
        guard at < bytes.endIndex else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    @inline(__always)
    public mutating func int() -> Int? {
        // One byte (below 64 or above -65) is the common case: lines, columns, counts, short lengths.
        if at < bytes.endIndex {
            let b = bytes[at]
            if b < 0x80 {
                at += 1
                let value = UInt64(b)
                return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
            }
        }
        return longInt()
    }

    private mutating func longInt() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let b = byte(), shift < 64 else { return nil }
            value |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
    }

    /// A count: an integer between 0 and the bytes left (every element takes at least one byte).
    public mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= bytes.endIndex - at else { return nil }
        return n
    }

    /// A word `BinaryWriter.word` wrote.
    public mutating func word() -> UInt64? {
        guard bytes.endIndex - at >= 8 else { return nil }
        defer { at += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt64.self)) }
    }

    public mutating func string() -> String? {
        guard let n = count() else { return nil }
        let start = at - bytes.startIndex
        at += n
        // Read from contiguous bytes: through the slice, validation took about 1,000 instructions a
        // string. ASCII (nearly every key and value) cannot be ill-formed and is decoded directly.
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            let text = UnsafeBufferPointer(rebasing: buffer[start..<(start + n)])
            if ASCIIBytes.areASCII(text) { return String(decoding: text, as: UTF8.self) }
            return String(validating: text, as: UTF8.self)
        }
    }

    public mutating func optionalString() -> String?? {
        optional { $0.string() }
    }

    /// `.some(nil)` for an absent value, nil when the bytes are wrong.
    public mutating func optional<T>(_ read: (inout BinaryReader) -> T?) -> T?? {
        switch byte() {
        case 0: return .some(nil)
        case 1: return read(&self).map { .some($0) }
        default: return nil
        }
    }

    public mutating func range() -> SourceRange? {
        guard let o1 = int(), let l1 = int(), let c1 = int(), let o2 = int(), let l2 = int(), let c2 = int() else { return nil }
        return SourceRange(start: SourcePosition(offset: o1, line: l1, column: c1), end: SourcePosition(offset: o2, line: l2, column: c2))
    }
}
