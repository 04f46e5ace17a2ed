import MagsagLintCore

/// The pre-push hook's standard-input parser: every input parses or throws a `LintError`, never
/// traps; parsed refs have well-formed object ids.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrePush(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes: [UInt8] = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    guard let refs = try? PrePushParser.parse(text) else { return 0 }
    for ref in refs {
        precondition(ref.localSHA.utf8.count == ref.remoteSHA.utf8.count, "object ids of different lengths")
        precondition([40, 64].contains(ref.localSHA.utf8.count), "object id length \(ref.localSHA.utf8.count)")
        precondition(!ref.localRef.isEmpty && !ref.remoteRef.isEmpty, "empty ref name")
    }
    return 0
}
