import MagsagSource

/// The exec engine's protocol reader (`ExecProtocol`, compiled from Sources/MagsagRunner/Exec through a
/// symbolic link: the file depends on MagsagSource only, and MagsagRunner is no product of the main
/// package). The input is split into lines as the runner splits a child's stdout; every line decodes to
/// a message or a failure, never traps; what the encoder writes back is JSON that parses to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExecProtocol(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var buffer: [UInt8] = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    var lines = ExecProtocol.takeLines(from: &buffer)
    precondition(!buffer.contains(0x0A), "an LF left in the incomplete rest")
    lines.append(buffer)
    for line in lines {
        precondition(!line.contains(0x0A), "a line holds an LF")
        switch ExecProtocol.decode(line: line) {
        case .success(.call(let call)):
            precondition(!call.target.isEmpty, "a call without a target")
            roundTrip(call.input)
            if let id = call.id { roundTrip(id) }
        case .success(.result(let status, let output, _)):
            precondition(status == "success" || status == "partial", "result status \(status)")
            roundTrip(output)
        case .success(.error), .success(.log):
            break
        case .failure(let failure):
            precondition(!failure.message.isEmpty, "a failure without a message")
        }
    }
    return 0
}

/// The encoder writes JSON that parses back to the same value (compared through a second encoding).
private func roundTrip(_ value: SourceValue) {
    let text = ExecProtocol.encode(value)
    guard let again = JSONParser.parse(text, maxDepth: 1_024).value else {
        preconditionFailure("the encoder wrote invalid JSON: \(text.prefix(200))")
    }
    precondition(ExecProtocol.encode(again) == text, "encoding is not stable: \(text.prefix(200))")
}
