/// A fixed-size summary of a file's bytes that says whether they may contain a needle, without them.
///
/// It holds which byte values occur and a one-hash Bloom filter of the byte triples (every three
/// consecutive bytes), both with ASCII letters folded to lower case. Every needle the bytes contain
/// passes `mayContain`, whatever its case; a needle fails when one of its bytes or triples never
/// occurs. A few other needles pass too (triples can share a bit, and a triple can occur elsewhere than
/// in the needle): callers search the bytes themselves after a pass. Kept per blob id in the cache
/// (`SketchStore`), so a run over a large snapshot reads only the files whose sketch admits what it
/// looks for.
public struct ContentSketch: Sendable, Hashable {
    /// Words of the byte-value set (256 bits).
    static let byteWords = 4
    /// Words of the triple filter (2,048 bits: about a third set for a typical 1.5 KB file).
    static let tripleWords = 32
    static let tripleBits = 11
    /// The size of a sketch in bytes when stored.
    public static let storedSize = (byteWords + tripleWords) * 8

    /// The byte-value set, then the triple filter: `storedSize` bytes, words little-endian.
    private let storage: ArraySlice<UInt8>

    /// The sketch of `bytes`.
    public init(of bytes: [UInt8]) {
        var words = [UInt64](repeating: 0, count: Self.byteWords + Self.tripleWords)
        bytes.withUnsafeBufferPointer { buffer in
            words.withUnsafeMutableBufferPointer { out in
                guard let base = buffer.baseAddress, let sketch = out.baseAddress else { return }
                let count = buffer.count
                var window: UInt32 = 0
                var i = 0
                while i < count {
                    let byte = Self.folded(base[i])
                    sketch[Int(byte >> 6)] |= 1 &<< UInt64(byte & 63)
                    window = (window &<< 8 | UInt32(byte)) & 0xFF_FFFF
                    if i >= 2 {
                        let bit = Self.bit(of: window)
                        sketch[Self.byteWords &+ bit &>> 6] |= 1 &<< UInt64(bit & 63)
                    }
                    i &+= 1
                }
            }
        }
        var stored = [UInt8](repeating: 0, count: Self.storedSize)
        stored.withUnsafeMutableBytes { raw in
            for (w, word) in words.enumerated() { raw.storeBytes(of: word.littleEndian, toByteOffset: w * 8, as: UInt64.self) }
        }
        storage = stored[...]
    }

    /// A sketch read back from its `stored` bytes (kept, not copied); nil for another size.
    public init?(stored bytes: ArraySlice<UInt8>) {
        guard bytes.count == Self.storedSize else { return nil }
        storage = bytes
    }

    /// The sketch as `storedSize` bytes.
    public var stored: [UInt8] { Array(storage) }

    @inline(__always)
    private func word(_ index: Int, in raw: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
    }

    /// Whether bytes with this sketch may contain `needle` (compared without ASCII case): false only
    /// when they certainly do not. An empty needle always passes.
    public func mayContain(_ needle: [UInt8]) -> Bool {
        storage.withUnsafeBytes { raw in
            var window: UInt32 = 0
            for (i, original) in needle.enumerated() {
                let byte = Self.folded(original)
                guard word(Int(byte >> 6), in: raw) & (1 << UInt64(byte & 63)) != 0 else { return false }
                window = (window << 8 | UInt32(byte)) & 0xFF_FFFF
                if i >= 2 {
                    let bit = Self.bit(of: window)
                    guard word(Self.byteWords + bit >> 6, in: raw) & (1 << UInt64(bit & 63)) != 0 else { return false }
                }
            }
            return true
        }
    }

    /// Whether bytes with this sketch may contain one of `needles`.
    public func mayContain(anyOf needles: [[UInt8]]) -> Bool {
        needles.contains { mayContain($0) }
    }

    /// Whether bytes with this sketch may contain one of `set`'s needles (the same answer as
    /// `mayContain(anyOf: set.needles)`, from probes worked out once for every sketch asked).
    public func mayContain(anyOf set: NeedleSet) -> Bool {
        storage.withUnsafeBytes { Self.mayContain(anyOf: set, stored: $0) ?? true }
    }

    /// `mayContain(anyOf:)` of the sketch stored in `raw` (read in place, not copied); nil when `raw` is
    /// not a stored sketch (another size).
    public static func mayContain(anyOf set: NeedleSet, stored raw: UnsafeRawBufferPointer) -> Bool? {
        guard raw.count == storedSize else { return nil }
        return set.probes.contains { probes in
            probes.allSatisfy { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0.word * 8, as: UInt64.self)) & $0.mask == $0.mask }
        }
    }

    /// The words and bits a sketch must have set to admit `needle`, one mask per word.
    static func probes(of needle: [UInt8]) -> [NeedleSet.Probe] {
        var masks: [Int: UInt64] = [:]
        var window: UInt32 = 0
        for (i, original) in needle.enumerated() {
            let byte = folded(original)
            masks[Int(byte >> 6), default: 0] |= 1 << UInt64(byte & 63)
            window = (window << 8 | UInt32(byte)) & 0xFF_FFFF
            if i >= 2 {
                let bit = Self.bit(of: window)
                masks[byteWords + bit >> 6, default: 0] |= 1 << UInt64(bit & 63)
            }
        }
        return masks.keys.sorted().map { NeedleSet.Probe(word: $0, mask: masks[$0]!) }
    }

    /// The fraction of the triple filter's bits that are set (how selective the sketch is).
    public var fill: Double {
        let set = storage.withUnsafeBytes { raw in
            (Self.byteWords..<Self.byteWords + Self.tripleWords).reduce(0) { $0 + word($1, in: raw).nonzeroBitCount }
        }
        return Double(set) / Double(Self.tripleWords * 64)
    }

    @inline(__always)
    private static func folded(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// The filter bit of a triple: the top bits of a multiplicative hash.
    @inline(__always)
    private static func bit(of triple: UInt32) -> Int {
        Int((triple &* 0x9E37_79B1) >> (32 - UInt32(tripleBits)))
    }
}

/// Needles one search looks for in many files, with the sketch bits each needs worked out once:
/// asking a sketch is then a few word tests instead of hashing every needle again for every file.
public struct NeedleSet: Sendable {
    /// One word of a sketch and the bits a needle needs set in it.
    struct Probe: Sendable {
        var word: Int
        var mask: UInt64
    }

    /// The needles, as given.
    public let needles: [[UInt8]]
    /// Per needle, its probes (none for the empty needle, which every sketch admits).
    let probes: [[Probe]]

    public init(_ needles: [[UInt8]]) {
        self.needles = needles
        probes = needles.map(ContentSketch.probes(of:))
    }
}
