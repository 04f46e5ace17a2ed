/// Instructions of the backtracking matcher.
enum RegexInstruction: Sendable {
    case char(UInt32)
    case any
    case set(Int)
    /// Try `first`, on failure `second`.
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case lineStart
    case lineEnd
    case wordBoundary(negated: Bool)
    /// Lookaround whose body starts at the next instruction and ends with `.match`; continue at `next`.
    case look(ahead: Bool, negated: Bool, next: Int)
    case backreference(Int)
    /// Record the current position in register `slot`.
    case mark(Int)
    /// Fail when the position has not moved since `mark(slot)` (empty loop iteration).
    case progress(Int)
    case match
}

/// Compiles a `RegexNode` tree into instructions.
struct RegexCodeGenerator {
    var code: [RegexInstruction] = []
    var sets: [CharSet] = []
    var registers: Int
    static let maxInstructions = 200_000

    init(captureSlots: Int) { registers = captureSlots }

    mutating func emit(_ instruction: RegexInstruction) -> Int {
        code.append(instruction)
        return code.count - 1
    }

    mutating func generate(_ node: RegexNode) throws(RegexSyntaxError) {
        if code.count > Self.maxInstructions { throw RegexSyntaxError(message: "regular expression is too large", offset: 0) }
        switch node {
        case .empty: break
        case .char(let c): _ = emit(.char(c))
        case .any: _ = emit(.any)
        case .set(let set):
            sets.append(set)
            _ = emit(.set(sets.count - 1))
        case .sequence(let nodes):
            for n in nodes { try generate(n) }
        case .alternation(let nodes):
            var jumps: [Int] = []
            for (k, n) in nodes.enumerated() {
                if k < nodes.count - 1 {
                    let split = emit(.split(0, 0))
                    try generate(n)
                    jumps.append(emit(.jump(0)))
                    code[split] = .split(split + 1, code.count)
                } else {
                    try generate(n)
                }
            }
            for j in jumps { code[j] = .jump(code.count) }
        case .group(let body, let capture):
            if let capture { _ = emit(.save(capture * 2)) }
            try generate(body)
            if let capture { _ = emit(.save(capture * 2 + 1)) }
        case .lineStart: _ = emit(.lineStart)
        case .lineEnd: _ = emit(.lineEnd)
        case .wordBoundary(let negated): _ = emit(.wordBoundary(negated: negated))
        case .backreference(let n): _ = emit(.backreference(n))
        case .look(let body, let ahead, let negated):
            let at = emit(.look(ahead: ahead, negated: negated, next: 0))
            try generate(body)
            _ = emit(.match)
            code[at] = .look(ahead: ahead, negated: negated, next: code.count)
        case .quantified(let body, let minimum, let maximum, let greedy):
            for _ in 0..<minimum { try generate(body) }
            if let maximum {
                // (body (body (…)?)?)?
                var exits: [Int] = []
                for _ in minimum..<maximum {
                    let split = emit(.split(0, 0))
                    exits.append(split)
                    try generate(body)
                }
                for split in exits { code[split] = greedy ? .split(split + 1, code.count) : .split(code.count, split + 1) }
            } else {
                let check = body.canBeEmpty
                let register = registers
                if check { registers += 1 }
                let loop = emit(.split(0, 0))
                if check { _ = emit(.mark(register)) }
                try generate(body)
                if check { _ = emit(.progress(register)) }
                _ = emit(.jump(loop))
                code[loop] = greedy ? .split(loop + 1, code.count) : .split(code.count, loop + 1)
            }
        }
    }
}
