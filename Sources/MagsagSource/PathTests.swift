#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prefix and suffix tests on a path: on its UTF-8 bytes when `ascii` says the path and every text it is
/// tested against are ASCII (each character is then one byte, and no other text is canonically
/// equivalent to it, so the answers are the string methods'), else through the string methods.
public struct PathTests: Sendable {
    public let path: String
    public let ascii: Bool

    @inlinable
    public init(_ path: String, ascii: Bool) {
        self.path = path
        self.ascii = ascii
    }

    @inlinable
    public func hasSuffix(_ suffix: String) -> Bool {
        guard ascii, let answer = Self.compare(path, suffix, atEnd: true) else { return path.hasSuffix(suffix) }
        return answer
    }

    @inlinable
    public func hasPrefix(_ prefix: String) -> Bool {
        guard ascii, let answer = Self.compare(path, prefix, atEnd: false) else { return path.hasPrefix(prefix) }
        return answer
    }

    /// The rest of the path after `prefix` (a slice, not a copy), or nil when it does not start with it.
    @inlinable
    public func dropPrefix(_ prefix: String) -> Substring? {
        guard ascii, let answer = Self.compare(path, prefix, atEnd: false) else {
            return path.hasPrefix(prefix) ? path.dropFirst(prefix.count) : nil
        }
        guard answer else { return nil }
        return path[path.utf8.index(path.startIndex, offsetBy: prefix.utf8.count)...]
    }

    /// Whether `text`'s bytes begin (or end) with `part`'s; nil when either is not contiguous.
    @inlinable
    static func compare(_ text: String, _ part: String, atEnd: Bool) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { whole in
            part.utf8.withContiguousStorageIfAvailable { part -> Bool in
                guard whole.count >= part.count else { return false }
                guard let partStart = part.baseAddress, let wholeStart = whole.baseAddress else { return true }
                return memcmp(wholeStart + (atEnd ? whole.count - part.count : 0), partStart, part.count) == 0
            }
        } ?? nil
    }
}

extension String {
    /// Whether every byte of the text is ASCII.
    @inlinable
    public var isASCIIText: Bool {
        if let answer = utf8.withContiguousStorageIfAvailable(ASCIIBytes.areASCII) { return answer }
        return utf8.allSatisfy { $0 < 0x80 }
    }
}

/// Byte tests shared by the readers and the path tests.
public enum ASCIIBytes {
    /// Where the last path segment of the path spelled by `bytes` starts: past its last `/` (0 when
    /// there is none; the count when the path ends with one).
    @inlinable
    public static func nameStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var start = bytes.count
        while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
        return start
    }

    /// Whether every byte is below 0x80 (tested eight at a time).
    @inlinable
    public static func areASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if base[offset] >= 0x80 { return false }
            offset += 1
        }
        return true
    }
}
