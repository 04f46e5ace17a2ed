/// A point in a source file.
///
/// `line` and `column` are 1-based. The column unit is the Unicode scalar: a line's first scalar is
/// column 1, whatever its UTF-8 width (as Yams and libyaml count). `offset` is the 0-based UTF-8 byte
/// offset of the same point, which is what byte-oriented consumers (snippets, SARIF `byteOffset`) use.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored as 32-bit integers: every located value carries two positions, so this halves the size of
    // every parsed tree. Values beyond 2^31 (a file over 2 GiB, far above any size bound) are clamped.
    private var storedOffset: Int32
    private var storedLine: Int32
    private var storedColumn: Int32

    /// 0-based UTF-8 byte offset from the start of the file.
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Int32(clamping: newValue) }
    }
    /// 1-based line number.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    /// 1-based column, counted in Unicode scalars.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(offset: Int, line: Int, column: Int) {
        self.storedOffset = Int32(clamping: offset)
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    /// The start of a file.
    public static let start = SourcePosition(offset: 0, line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column, lhs.offset) < (rhs.line, rhs.column, rhs.offset)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span `[start, end)` in a source file.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty range at `position`.
    public init(at position: SourcePosition) {
        self.start = position
        self.end = position
    }

    /// The empty range at the start of a file.
    public static let fileStart = SourceRange(at: .start)

    public var description: String { "\(start)-\(end)" }
}
