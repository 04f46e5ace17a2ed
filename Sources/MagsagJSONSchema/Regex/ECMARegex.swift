import Foundation

/// An ECMA-262 regular expression compiled to a backtracking program with a step bound.
public final class ECMARegex: Sendable {
    /// The outcome of a search.
    public enum Result: Sendable, Equatable {
        /// The pattern occurs in the text.
        case match
        /// It does not.
        case noMatch
        /// The step bound was exceeded (catastrophic backtracking); the answer is unknown.
        case stepLimitExceeded
    }

    /// The pattern text.
    public let source: String
    let code: [RegexInstruction]
    let sets: [CharSet]
    let slotCount: Int
    let anchoredStart: Bool
    /// One-pass matcher for simple anchored patterns (nil: backtracking only).
    let simple: SimplePattern?

    /// The compiled `pattern`, made once per process: a compiled pattern is immutable, so schemas
    /// that spell the same pattern (generated contracts share a handful among thousands) share one.
    /// Invalid patterns are not kept (each use throws again); the table stops growing at
    /// `sharedLimit` patterns, past which patterns are compiled per use as before.
    public static func shared(_ pattern: String) throws(RegexSyntaxError) -> ECMARegex {
        // `String` keys match canonically equivalent spellings ("é" and "e\u{301}"), which are different
        // patterns: a hit counts only with the same bytes.
        if let known = sharedTable.lock.withLock({ sharedTable.patterns[pattern] }),
           known.source.utf8.elementsEqual(pattern.utf8) { return known }
        let made = try ECMARegex(pattern)
        sharedTable.lock.withLock {
            if sharedTable.patterns.count < sharedLimit, sharedTable.patterns[pattern] == nil {
                sharedTable.patterns[pattern] = made
            }
        }
        return made
    }

    static let sharedLimit = 4_096

    private final class SharedTable: @unchecked Sendable {
        let lock = NSLock()
        /// Guarded by `lock`.
        var patterns: [String: ECMARegex] = [:]
    }

    private static let sharedTable = SharedTable()

    /// Compile `pattern`; throws on invalid ECMA-262 syntax.
    public init(_ pattern: String) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern)
        let tree = try parser.parse()
        var generator = RegexCodeGenerator(captureSlots: (parser.groupCount + 1) * 2)
        try generator.generate(tree)
        _ = generator.emit(.match)
        source = pattern
        code = generator.code
        sets = generator.sets
        slotCount = generator.registers
        if case .sequence(let items) = tree, case .lineStart = items.first { anchoredStart = true }
        else if case .lineStart = tree { anchoredStart = true }
        else { anchoredStart = false }
        simple = SimplePattern.make(tree)
    }

    /// Whether `pattern` is a valid ECMA-262 regular expression.
    public static func isValid(_ pattern: String) -> Bool {
        (try? ECMARegex(pattern)) != nil
    }

    /// Search `text` for a match anywhere (patterns are not implicitly anchored).
    public func search(_ text: String, stepLimit: Int = 1_000_000) -> Result {
        var text = text
        if let simple {
            // Within this length the backtracking matcher cannot run out of steps on such a pattern
            // (every pushed alternative fails within the program's length), so both give one answer.
            let bound = code.count
            let decided: Bool? = text.withUTF8 { bytes in
                3 * (bytes.count + bound) * (2 * bound + 1) <= stepLimit ? simple.matches(bytes) : nil
            }
            if let decided { return decided ? .match : .noMatch }
        }
        if text.utf8AllBytes(satisfy: { $0 < 128 }) {
            return text.withUTF8 { buffer in search(buffer, stepLimit: stepLimit) }
        }
        var input: [UInt32] = []
        input.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { input.append(scalar.value) }
        return input.withUnsafeBufferPointer { buffer in search(buffer, stepLimit: stepLimit) }
    }

    private func search<Unit: FixedWidthInteger & UnsignedInteger>(_ input: UnsafeBufferPointer<Unit>, stepLimit: Int) -> Result {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(slotCount, 1)) { slots in
            slots.initialize(repeating: -1)
            var machine = RegexMachine(regex: self, input: input, slots: slots, stepLimit: stepLimit)
            let last = anchoredStart ? 0 : input.count
            for start in 0...last {
                switch machine.run(pc: 0, at: start, target: nil) {
                case .some(true): return .match
                case .some(false): continue
                case .none: return .stepLimitExceeded
                }
            }
            return .noMatch
        }
    }
}

/// The backtracking interpreter (explicit stack; recursion only for lookarounds), over UTF-8 bytes
/// for ASCII text or Unicode scalar values otherwise.
struct RegexMachine<Unit: FixedWidthInteger & UnsignedInteger> {
    let regex: ECMARegex
    let input: UnsafeBufferPointer<Unit>
    var steps: Int
    let slots: UnsafeMutableBufferPointer<Int>
    private var stack: [Backtrack] = []

    init(regex: ECMARegex, input: UnsafeBufferPointer<Unit>, slots: UnsafeMutableBufferPointer<Int>, stepLimit: Int) {
        self.regex = regex
        self.input = input
        self.steps = stepLimit
        self.slots = slots
        // One allocation up front instead of a regrowth at 1, 2, 4, 8... pushed alternatives.
        stack.reserveCapacity(16)
    }

    private enum Backtrack {
        case retry(pc: Int, at: Int)
        case restore(slot: Int, value: Int)
    }

    @inline(__always) private func unit(_ at: Int) -> UInt32 { UInt32(truncatingIfNeeded: input[at]) }
    private func isWord(_ at: Int) -> Bool { at >= 0 && at < input.count && CharClassItem.isWord(unit(at)) }

    /// Run from `pc` at position `at`; true on match (ending at `target` when given), false on failure,
    /// nil when the step bound is exhausted.
    mutating func run(pc start: Int, at position: Int, target: Int?) -> Bool? {
        let base = stack.count
        defer { stack.removeSubrange(base...) }
        var pc = start
        var at = position
        let code = regex.code
        let count = input.count
        while true {
            steps -= 1
            if steps < 0 { return nil }
            var ok = true
            switch code[pc] {
            case .char(let c):
                if at < count, unit(at) == c { at += 1; pc += 1 } else { ok = false }
            case .any:
                if at < count, !CharClassItem.isLineTerminator(unit(at)) { at += 1; pc += 1 } else { ok = false }
            case .set(let index):
                if at < count, regex.sets[index].contains(unit(at)) { at += 1; pc += 1 } else { ok = false }
            case .split(let first, let second):
                stack.append(.retry(pc: second, at: at))
                pc = first
            case .jump(let to):
                pc = to
            case .save(let slot), .mark(let slot):
                stack.append(.restore(slot: slot, value: slots[slot]))
                slots[slot] = at
                pc += 1
            case .progress(let slot):
                if slots[slot] == at { ok = false } else { pc += 1 }
            case .lineStart:
                if at == 0 { pc += 1 } else { ok = false }
            case .lineEnd:
                if at == count { pc += 1 } else { ok = false }
            case .wordBoundary(let negated):
                if (isWord(at - 1) != isWord(at)) != negated { pc += 1 } else { ok = false }
            case .backreference(let n):
                let s = slots[n * 2], e = slots[n * 2 + 1]
                if s < 0 || e < s { pc += 1; break }
                let length = e - s
                if at + length <= count, input[s..<e].elementsEqual(input[at..<(at + length)]) {
                    at += length
                    pc += 1
                } else {
                    ok = false
                }
            case .look(let ahead, let negated, let next):
                let saved = Array(slots)
                var found: Bool?
                if ahead {
                    found = run(pc: pc + 1, at: at, target: nil)
                } else {
                    found = false
                    var from = at
                    while from >= 0 {
                        guard let r = run(pc: pc + 1, at: from, target: at) else { found = nil; break }
                        if r { found = true; break }
                        from -= 1
                    }
                }
                guard let matched = found else { return nil }
                if negated || !matched { for k in saved.indices { slots[k] = saved[k] } }
                if matched != negated { pc = next } else { ok = false }
            case .match:
                if let target, at != target { ok = false } else { return true }
            }
            if ok { continue }
            var resumed = false
            while stack.count > base, let entry = stack.popLast() {
                switch entry {
                case .restore(let slot, let value):
                    slots[slot] = value
                case .retry(let toPC, let toAt):
                    pc = toPC
                    at = toAt
                    resumed = true
                }
                if resumed { break }
            }
            if !resumed { return false }
        }
    }
}
