import FuzzSupport
import MagsagSource

/// `JSONParser.parse(bytes:)`: never traps; a value comes with no syntax error; every range
/// lies inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Invariants.bytes(data, size)
    let result = JSONParser.parse(bytes: bytes)
    Invariants.check(result.issues, count: bytes.count)
    if let value = result.value {
        Invariants.check(value, count: bytes.count)
        precondition(result.issues.allSatisfy { $0.kind == .duplicateKey }, "a value with a syntax error")
    } else {
        precondition(!result.issues.isEmpty, "no value and no issue")
    }
    // A shallow bound must also hold without trapping.
    _ = JSONParser.parse(bytes: bytes, maxDepth: 3)
    return 0
}
