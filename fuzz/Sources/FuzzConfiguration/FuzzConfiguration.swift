import FuzzSupport
import MagsagLintCore
import MagsagSource

/// `ConfigurationLoader.load` on `.magsag-lint.yaml` text: never traps; issues lie inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Invariants.bytes(data, size)
    let file = SourceFile(path: ".magsag-lint.yaml", bytes: bytes)
    let (_, issues) = ConfigurationLoader(rules: []).load(file)
    for issue in issues { Invariants.check(issue.range, count: bytes.count, "configuration issue \(issue.message)") }
    return 0
}
