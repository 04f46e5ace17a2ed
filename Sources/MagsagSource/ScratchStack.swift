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

    /// Drop every element (a document that stopped part-way leaves some).
    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
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
        count = mark
        return [Element](exactly: taken) { $0.baseAddress!.moveInitialize(from: source, count: taken) }
    }
}

extension Array {
    /// An array of exactly `count` elements that `initialize` sets (every one of them), like
    /// `init(unsafeUninitializedCapacity:initializingWith:)` but without its cost: that initializer
    /// allocates through a standard-library function that is never specialised, so every call looks up
    /// the array's generic metadata at run time (about 500 instructions; 136,000 calls in a cold check of
    /// 1,000 agents, most of them the JSON parser's objects and arrays). This one hands the buffer to
    /// `initialize` from `Array(_:)`'s own copy step, which the compiler specialises.
    @inlinable
    public init(exactly count: Int, initializingWith initialize: (UnsafeMutableBufferPointer<Element>) -> Void) {
        guard count > 0 else { self = []; return }
        self = withoutActuallyEscaping(initialize) { initialize in
            var spare: UnsafeMutablePointer<Element>?
            let made = withUnsafeMutablePointer(to: &spare) { spare in
                [Element](ArrayFill(count: count, initialize: initialize, spare: spare))
            }
            // Only if `Array(_:)` read the elements one by one instead (no toolchain so far does): it
            // copied them out of a buffer filled on the side, which is let go here.
            if let spare {
                spare.deinitialize(count: count)
                spare.deallocate()
            }
            return made
        }
    }
}

/// The elements `Array(exactly:initializingWith:)` makes: written straight into the new array's
/// buffer by `_copyContents`, or, should a collection copy ever read them one by one, from a buffer
/// filled on first use (`spare`, released by the caller).
@usableFromInline
struct ArrayFill<Element>: RandomAccessCollection {
    @usableFromInline let count: Int
    @usableFromInline let initialize: (UnsafeMutableBufferPointer<Element>) -> Void
    @usableFromInline let spare: UnsafeMutablePointer<UnsafeMutablePointer<Element>?>

    @inlinable
    init(count: Int, initialize: @escaping (UnsafeMutableBufferPointer<Element>) -> Void,
         spare: UnsafeMutablePointer<UnsafeMutablePointer<Element>?>) {
        self.count = count
        self.initialize = initialize
        self.spare = spare
    }

    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { count }

    @inlinable
    subscript(position: Int) -> Element {
        if spare.pointee == nil {
            let filled = UnsafeMutablePointer<Element>.allocate(capacity: count)
            initialize(UnsafeMutableBufferPointer(start: filled, count: count))
            spare.pointee = filled
        }
        return spare.pointee![position]
    }

    @inlinable
    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<Element>) -> (IndexingIterator<Self>, Int) {
        precondition(buffer.count >= count, "array buffer smaller than its count")
        initialize(UnsafeMutableBufferPointer(start: buffer.baseAddress, count: count))
        // The iterator is returned at the end: nothing is read through it.
        return (IndexingIterator(_elements: self, _position: count), count)
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
