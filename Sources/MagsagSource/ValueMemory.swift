/// The heap a parsed value tree keeps, counted from its shape: one allocation per non-empty array of
/// elements or members (and per member index of a large object), one per string too long to live
/// inside its `String` (keys, string values, number texts). The JSON parser adds these up as it builds
/// a tree; `MemoryEstimate` in MagsagLintCore walks trees made any other way with the same formulas.
public enum ValueMemory {
    /// Bytes of one heap allocation of `payload` bytes (header and malloc rounding).
    @inlinable
    public static func allocation(_ payload: Int) -> Int { payload <= 0 ? 0 : 48 + (payload + 15) & ~15 }

    /// Out-of-line storage of a string of `count` UTF-8 bytes (up to 15 live inside the value).
    @inlinable
    public static func string(count: Int) -> Int { count <= 15 ? 0 : allocation(count + 1) }

    /// Out-of-line storage of `text`.
    @inlinable
    public static func string(_ text: String) -> Int { string(count: text.utf8.count) }

    /// An array of `count` elements.
    @inlinable
    public static func elements(_ count: Int) -> Int { allocation(count * MemoryLayout<SourceValue>.stride) }

    /// An object of `count` members, with its key index when it has more than eight.
    @inlinable
    public static func members(_ count: Int) -> Int {
        allocation(count * MemoryLayout<SourceObject.Member>.stride) + (count > SourceObject.indexedAbove ? allocation(count * 24) : 0)
    }
}
