import MagsagGit
import Testing

/// The cache files store these checks: the function must not change without the files' format
/// versions changing with it.
@Suite struct RecordCheckTests {
    @Test func checksArePinned() {
        let expected: [(Int, UInt64)] = [
            (0, 0x188e_699f_d3a9_c5c8), (1, 0x72a3_9aff_d6ba_ac52), (7, 0x05b3_cdfb_f723_7b00), (8, 0x7c7c_6cf5_c9ce_8f70),
            (9, 0xfdd1_0020_22f2_c69f), (31, 0xa101_d89a_2c2c_6b7c), (64, 0xc5c5_6f8a_703a_da12), (325, 0x3dc3_a2d4_0d06_089f),
        ]
        for (count, check) in expected {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let found = bytes.withUnsafeBytes { RecordCheck.check($0, key: (0x1234_5678_9abc_def0, 0x0fed_cba9_8765_4321)) }
            #expect(found == check, "\(count) bytes")
        }
    }

    @Test func anyOneByteChangeIsFound() {
        var random = SystemRandomNumberGenerator()
        var bytes = (0..<325).map { _ in UInt8.random(in: 0...255, using: &random) }
        let key: (UInt64, UInt64) = (7, 11)
        let original = bytes.withUnsafeBytes { RecordCheck.check($0, key: key) }
        for position in stride(from: 0, to: bytes.count, by: 13) {
            bytes[position] ^= 0x5A
            #expect(bytes.withUnsafeBytes { RecordCheck.check($0, key: key) } != original, "byte \(position)")
            bytes[position] ^= 0x5A
        }
        // A cut record differs too.
        #expect(bytes.dropLast().withUnsafeBytes { RecordCheck.check($0, key: key) } != original)
    }
}
