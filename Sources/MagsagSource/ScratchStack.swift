/// A stack that parsers push a container's elements onto while its end is not yet known, then move
/// them out into an array of exactly the right capacity.
///
/// Appending to a fresh array per container reallocates it as it doubles (1, 2, 4, 8 elements) and
/// leaves up to half of its capacity unused for as long as the parsed tree lives; a document keeps
/// thousands of such arrays. Nested containers share the one stack: each remembers where its elements
/// start (`count` when it opened) and takes them from there when it closes. Elements are moved, never
/// copied, so no reference count is touched on the way out.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Elements on the stack (the mark a newly opened container remembers).
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Push one element.
    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let larger = capacity * 2
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// The elements from `mark` to the top, for reading in place.
    @inline(__always)
    func withElements<R>(from mark: Int, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base + mark, count: count - mark))
    }

    /// Move the elements from `mark` to the top into a new array of exactly their count, leaving the
    /// stack at `mark`.
    mutating func popArray(from mark: Int) -> [Element] {
        precondition(mark >= 0 && mark <= count, "scratch mark out of range")
        let taken = count - mark
        guard taken > 0 else { return [] }
        let source = base + mark
        let array = [Element](unsafeUninitializedCapacity: taken) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: source, count: taken)
            initialized = taken
        }
        count = mark
        return array
    }
}

extension Array {
    /// The elements in an array of exactly their count, when appending left unused capacity (up to half
    /// of it after the doubling growth): for lists a parsed document keeps for the whole run. The copy
    /// retains what the elements reference and the old buffer's release lets it go again, so this is for
    /// lists built once and kept, not for hot loops.
    public func trimmedToCount() -> [Element] {
        guard capacity > count else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }

    /// The lists in `parts` concatenated into one array allocated once at its final size (`flatMap`
    /// grows it by doubling, and a run-long list kept that slack).
    public static func concatenating(_ parts: [[Element]]) -> [Element] {
        var all: [Element] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { all.append(contentsOf: part) }
        return all
    }
}
