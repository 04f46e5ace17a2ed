/// How a file is parsed.
public enum DocumentKind: String, Sendable, Hashable {
    case json
    case yaml
    case markdown
    /// Any other file: only byte-level rules apply.
    case other

    /// The kind a path implies by its extension.
    public static func of(path: String) -> DocumentKind {
        // Called for every path of large snapshots: the name's last bytes, ASCII letters folded, without
        // a lowered copy. Lowering maps ASCII to ASCII, so when the bytes that could make up the lowered
        // extension (the last 4 per byte of it) are ASCII, this is the answer; otherwise lower and look.
        // Contiguous bytes (native strings): compared in the buffer, not through the UTF-8 view's indices.
        let fast: DocumentKind?? = path.utf8.withContiguousStorageIfAvailable { buffer -> DocumentKind? in
            // The usual extensions tested on the last eight bytes as one word: their letters folded with
            // 0x20 (only an ASCII letter folds onto a lowercase one), the dot compared exactly.
            if buffer.count >= 8, let base = buffer.baseAddress {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + buffer.count - 8).loadUnaligned(as: UInt64.self))
                if (word | 0x2020_2020_0000_0000) & 0xFFFF_FFFF_FF00_0000 == 0x6E6F_736A_2E00_0000 { return .json } // ".json"
                if (word | 0x2020_2020_0000_0000) & 0xFFFF_FFFF_FF00_0000 == 0x6C6D_6179_2E00_0000 { return .yaml } // ".yaml"
                if (word | 0x2020_2000_0000_0000) & 0xFFFF_FFFF_0000_0000 == 0x6C6D_792E_0000_0000 { return .yaml } // ".yml"
                if (word | 0x2020_0000_0000_0000) & 0xFFFF_FF00_0000_0000 == 0x646D_2E00_0000_0000 { return .markdown } // ".md"
            }
            func ends(_ suffix: StaticString) -> Bool {
                let count = suffix.utf8CodeUnitCount
                guard buffer.count >= count else { return false }
                return suffix.withUTF8Buffer { wanted in
                    var index = buffer.count - count
                    for want in wanted {
                        let byte = buffer[index]
                        guard byte == want || ((byte &- 0x41) < 26 && byte | 0x20 == want) else { return false }
                        index += 1
                    }
                    return true
                }
            }
            if ends(".json") { return .json }
            if ends(".yaml") || ends(".yml") { return .yaml }
            if ends(".md") || ends(".markdown") { return .markdown }
            return buffer.suffix(4 * 9).contains(where: { $0 >= 0x80 }) ? nil : .other
        }
        if let fast { return fast ?? ofLowered(path: path) }
        let bytes = path.utf8
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            return suffix.withUTF8Buffer { wanted in
                zip(bytes.suffix(count), wanted).allSatisfy { byte, want in
                    byte == want || ((byte &- 0x41) < 26 && byte | 0x20 == want)
                }
            }
        }
        if ends(".json") { return .json }
        if ends(".yaml") || ends(".yml") { return .yaml }
        if ends(".md") || ends(".markdown") { return .markdown }
        guard bytes.suffix(4 * 9).contains(where: { $0 >= 0x80 }) else { return .other }
        return ofLowered(path: path)
    }

    /// `of(path:)` on the lowered path's bytes (the definition the byte comparison follows).
    static func ofLowered(path: String) -> DocumentKind {
        let lower = path.lowercasedIfNeeded().utf8
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard lower.count >= count else { return false }
            return suffix.withUTF8Buffer { lower.suffix(count).elementsEqual($0) }
        }
        if ends(".json") { return .json }
        if ends(".yaml") || ends(".yml") { return .yaml }
        if ends(".md") || ends(".markdown") { return .markdown }
        return .other
    }

    /// Whether files of this kind are expected to be UTF-8 text.
    public var isText: Bool { self != .other }
}
