@testable import MagsagLintCore
import MagsagSource
import MagsagTestSupport
import Testing

/// The index bound's estimate walks a value recursively down to a depth of 64 and with an explicit stack
/// below; both must count the same bytes as the stack walk alone, at any depth.
@Suite struct MemoryEstimateTests {
    /// Random JSON text: small trees of arrays and objects with short and long strings, numbers and
    /// literals, at the bottom of a chain of `chain` nested containers (past the recursion's 64 levels
    /// when long).
    static func json(_ random: inout SeededGenerator, chain: Int) -> String {
        var open = "", close = ""
        for _ in 0..<chain {
            if Bool.random(using: &random) { open += "["; close = "]" + close } else { open += "{\"c\":"; close = "}" + close }
        }
        return open + tree(&random, depth: 0) + close
    }

    static func tree(_ random: inout SeededGenerator, depth: Int) -> String {
        switch depth > 3 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<6, using: &random) {
        case 0: return "null"
        case 1: return String(Int.random(in: -1_000...1_000_000, using: &random))
        case 2: return "\"\(String(repeating: "x", count: Int.random(in: 0...40, using: &random)))\""
        case 3: return Bool.random(using: &random) ? "true" : "1.5e3"
        case 4:
            return "[" + (0..<Int.random(in: 0...4, using: &random)).map { _ in tree(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let members = (0..<Int.random(in: 0...10, using: &random)).map { i in
                "\"key\(i)-\(String(repeating: "k", count: Int.random(in: 0...20, using: &random)))\":" + tree(&random, depth: depth + 1)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    @Test func recursiveAndStackWalksAgree() {
        var random = SeededGenerator(seed: 5)
        for round in 0..<300 {
            let chain = round % 3 == 0 ? Int.random(in: 60...200, using: &random) : Int.random(in: 0...8, using: &random)
            let value = JSONParser.parse(Self.json(&random, chain: chain), maxDepth: 10_000).value!
            #expect(MemoryEstimate.value(value) == MemoryEstimate.walked(value))
            #expect(MemoryEstimate.value(value) >= (chain + 1) * MemoryLayout<SourceValue>.stride)
        }
    }
}
