import FuzzSupport
import MagsagSource

/// `YAMLLoader.load` over the whole input and over a byte range chosen by the input's first
/// byte (as front-matter loading does): never traps; every range lies inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Invariants.bytes(data, size)
    let file = SourceFile(path: "fuzz.yaml", bytes: bytes)
    let whole = YAMLLoader.load(file, options: .init(maxNodes: 100_000))
    Invariants.check(whole.issues, count: bytes.count)
    for document in whole.documents { Invariants.check(document, count: bytes.count) }

    if let first = bytes.first, bytes.count > 1 {
        let start = Int(first) % bytes.count
        let part = YAMLLoader.load(file, byteRange: start..<bytes.count,
                                   options: .init(maxNodes: 10_000, maxDepth: 16, mergeKeys: first & 1 == 0))
        Invariants.check(part.issues, count: bytes.count)
        for document in part.documents {
            Invariants.check(document, count: bytes.count)
            precondition(document.range.start.offset >= start, "a value before the requested byte range")
        }
    }
    return 0
}
