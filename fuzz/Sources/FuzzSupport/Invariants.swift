import MagsagSource

/// Checks that fuzz targets apply to every result: a violated invariant traps, so libFuzzer
/// records the input as a crash.
public enum Invariants {
    /// The input bytes as an array (libFuzzer may pass a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A range lies inside a file of `count` bytes, starts before it ends, and has 1-based lines
    /// and columns.
    public static func check(_ range: SourceRange, count: Int, _ what: @autoclosure () -> String) {
        check(range.start, count: count, what())
        check(range.end, count: count, what())
        precondition(range.start.offset <= range.end.offset, "\(what()): range \(range) ends before it starts")
    }

    /// A position lies inside a file of `count` bytes, with 1-based line and column.
    public static func check(_ position: SourcePosition, count: Int, _ what: @autoclosure () -> String) {
        precondition(position.offset >= 0 && position.offset <= count,
                     "\(what()): offset \(position.offset) outside 0...\(count)")
        precondition(position.line >= 1 && position.column >= 1, "\(what()): position \(position) not 1-based")
    }

    /// Every value and key of a tree, iteratively (deep inputs must not overflow the checker's stack).
    public static func check(_ value: SourceValue, count: Int) {
        var pending = [value]
        while let next = pending.popLast() {
            check(next.range, count: count, "value")
            switch next.kind {
            case .array(let elements):
                pending += elements
            case .object(let object):
                for member in object.members {
                    check(member.keyRange, count: count, "key \(member.key)")
                    pending.append(member.value)
                }
            case .null, .bool, .number, .string:
                break
            }
        }
    }

    /// Every issue's range and related range.
    public static func check(_ issues: [ParseIssue], count: Int) {
        for issue in issues {
            check(issue.range, count: count, "issue \(issue.message)")
            if let related = issue.related { check(related, count: count, "related of \(issue.message)") }
        }
    }
}
