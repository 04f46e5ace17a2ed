#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a parsed value (or an object key) is written, in 8 bytes: two offsets into `SourceSpace`, the
/// one address space every parsed file is given a stretch of.
///
/// Every JSON and YAML value used to carry a `SourceRange` (two positions of offset, line and column:
/// 24 bytes), half of each 48-byte value and a quarter of each 88-byte object member. A span keeps the
/// two byte offsets only; line and column are worked out from the file's line index when a range is
/// asked for (a finding, a location), which is rare next to how many values a run parses. Values are
/// 32 bytes, and object members 48 (`SourceObject.Member`).
///
/// A range that does not come from a registered file (values built in code, a parse restored from the
/// cache without its bytes) is kept whole in the space's side table, and the span names its entry.
public struct SourceSpan: Sendable, Hashable {
    /// Start offset in the space, or `spilled` when `end` numbers a side-table entry.
    @usableFromInline var start: UInt32
    /// End offset in the space (exclusive), or the side-table entry.
    @usableFromInline var end: UInt32

    @usableFromInline static let spilled = UInt32.max

    @inlinable init(start: UInt32, end: UInt32) {
        self.start = start
        self.end = end
    }

    /// The span standing for `range` (kept in the side table; `fileStart` and other empty ranges at the
    /// start of a file share one entry).
    public init(_ range: SourceRange) {
        self = SourceSpace.shared.spill(range)
    }

    /// The empty range at the start of a file.
    public static let fileStart = SourceSpan(start: spilled, end: 0)

    /// The span of bytes `[start, end)` of the file whose space begins at `base`.
    @inlinable public init(base: UInt32, from start: Int, to end: Int) {
        self.start = base &+ UInt32(truncatingIfNeeded: start)
        self.end = base &+ UInt32(truncatingIfNeeded: end)
    }

    /// Line, column and offset of both ends (from the file's line index).
    public var range: SourceRange { SourceSpace.shared.range(of: self) }

    /// The span's start and end as byte offsets in its file, without working out lines (nil for a
    /// range kept whole: read `range` then).
    public var fileOffsets: Range<Int>? {
        guard start != Self.spilled, let (_, base) = SourceSpace.shared.file(containing: start) else { return nil }
        return Int(start - base)..<Int(max(start, end) - base)
    }
}

/// The address space of parsed files: each file that values are parsed from is given a stretch of
/// `bytes.count + 1` offsets (its end offset included) the first time a parser asks for one, and is
/// kept for the rest of the process, so every span can be turned back into lines and columns. Ranges
/// from nowhere in particular are kept whole in a side table.
///
/// With 32-bit offsets the space holds 4 GiB of parsed files (a 10,000-agent repository is 123 MiB);
/// a file that no longer fits has its values' ranges kept whole, correct and larger.
public final class SourceSpace: @unchecked Sendable {
    public static let shared = SourceSpace()

    private var lock = pthread_rwlock_t()
    /// The first offset of each registered file, ascending, and the file.
    private var bases: [UInt32] = []
    private var files: [SourceFile] = []
    private var next: UInt64 = 0
    /// Ranges kept whole; entry 0 is the start of a file.
    private var spilled: [SourceRange] = [.fileStart]

    private init() {
        pthread_rwlock_init(&lock, nil)
    }

    /// The first offset of `file`'s stretch, given now if it has none; nil when the space is full.
    func register(_ file: SourceFile) -> UInt32? {
        pthread_rwlock_wrlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        let size = UInt64(file.bytes.count) + 1
        // The last offset is left out: it marks spans kept in the side table.
        guard next + size < UInt64(SourceSpan.spilled) else { return nil }
        let base = UInt32(next)
        next += size
        bases.append(base)
        files.append(file)
        return base
    }

    /// A span for `range`, kept in the side table.
    func spill(_ range: SourceRange) -> SourceSpan {
        if range.start == .start, range.end == .start { return .fileStart }
        pthread_rwlock_wrlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        spilled.append(range)
        return SourceSpan(start: SourceSpan.spilled, end: UInt32(truncatingIfNeeded: spilled.count - 1))
    }

    /// The range `span` stands for.
    func range(of span: SourceSpan) -> SourceRange {
        if span.start == SourceSpan.spilled {
            if span.end == 0 { return .fileStart }
            pthread_rwlock_rdlock(&lock)
            defer { pthread_rwlock_unlock(&lock) }
            return spilled[Int(span.end)]
        }
        guard let (file, base) = file(containing: span.start) else { return .fileStart }
        let start = file.position(ofOffset: Int(span.start - base))
        guard span.end > span.start else { return SourceRange(at: start) }
        return SourceRange(start: start, end: file.position(ofOffset: Int(span.end - base)))
    }

    /// The file whose stretch holds `offset`, and its first offset.
    func file(containing offset: UInt32) -> (SourceFile, UInt32)? {
        pthread_rwlock_rdlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        guard let at = index(containing: offset) else { return nil }
        return (files[at], bases[at])
    }

    /// The file a span lies in (nil for a range kept whole).
    public func file(of span: SourceSpan) -> SourceFile? {
        guard span.start != SourceSpan.spilled else { return nil }
        return file(containing: span.start)?.0
    }

    /// The last registered file starting at or before `offset` (called under the lock).
    private func index(containing offset: UInt32) -> Int? {
        bases.withUnsafeBufferPointer { bases in
            var lo = 0, hi = bases.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if bases[mid] <= offset { lo = mid + 1 } else { hi = mid }
            }
            return lo == 0 ? nil : lo - 1
        }
    }

    /// Files registered and ranges kept whole so far (for memory estimates and tests).
    public var counts: (files: Int, spilled: Int) {
        pthread_rwlock_rdlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return (files.count, spilled.count)
    }

    /// `value` with every span (made from `base` in `file`) replaced by its range kept whole: for a
    /// file parsed when the space had no room for it.
    static func keptWhole(_ value: SourceValue, file: SourceFile, base: UInt32) -> SourceValue {
        func whole(_ span: SourceSpan) -> SourceSpan {
            SourceSpan(file.range(from: Int(span.start &- base), to: Int(span.end &- base)))
        }
        let kind: SourceValue.Kind
        switch value.kind {
        case .array(let elements):
            kind = .array(elements.map { keptWhole($0, file: file, base: base) })
        case .object(let object):
            kind = .object(SourceObject(object.members.map {
                SourceObject.Member(key: $0.key, keySpan: whole($0.keySpan), value: keptWhole($0.value, file: file, base: base))
            }))
        default:
            kind = value.kind
        }
        return SourceValue(kind, span: whole(value.span))
    }
}
