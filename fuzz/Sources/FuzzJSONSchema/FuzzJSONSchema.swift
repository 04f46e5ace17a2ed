import FuzzSupport
import MagsagJSONSchema
import MagsagSource

/// JSON Schema compilation and validation, schema and instance both fuzzed. The input is the
/// schema's JSON text, a NUL byte, then the instance's JSON text (no NUL: the instance is the
/// schema itself). Never traps; compiling either succeeds or throws a `SchemaError`; the
/// meta-schema check and validation of a compiled schema return errors, never trap. Nothing is
/// fetched: the registry holds only the fuzzed document and the embedded meta-schemas.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSchema(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Invariants.bytes(data, size)
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let schemaBytes = Array(bytes[..<split])
    let instanceBytes = split < bytes.count ? Array(bytes[(split + 1)...]) : schemaBytes
    guard let schema = JSONParser.parse(bytes: schemaBytes, maxDepth: 64).value,
          let instance = JSONParser.parse(bytes: instanceBytes, maxDepth: 64).value
    else { return 0 }

    let uri = "https://fuzz.invalid/schemas/root.json"
    let registry = SchemaRegistry()
    do {
        try registry.add(schema, uri: uri)
    } catch {
        return 0
    }
    // Strict bounds keep one input fast; the bounds themselves are part of what is fuzzed.
    let options = ValidationOptions(assertFormat: size % 2 == 0, regexStepLimit: 20_000, maxReferenceDepth: 64)
    if let compiled = try? registry.compile(uri: uri, options: options) {
        let errors = compiled.validate(instance)
        precondition(compiled.isValid(instance) == errors.isEmpty, "isValid disagrees with validate")
        for error in errors {
            Invariants.check(error.instanceRange, count: instanceBytes.count, "instance range of \(error.keyword)")
        }
    }
    // The meta-schema check compiles a whole meta-schema: one input in four, to keep the target fast.
    if size % 4 == 1 { _ = try? registry.metaschemaCheck(uri: uri) }
    return 0
}
