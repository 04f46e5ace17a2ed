import MagsagTestSupport
import Testing
@testable import MagsagSource

/// `JSONNumber` keeps only its text and reads canonical integers digit by digit, any other text through
/// `Double(_:)`: what it reports must not depend on which way it read.
@Suite struct JSONNumberTests {
    /// The text is given back exactly and the double is the text's nearest `Double`, for every kind of
    /// spelling: canonical integers, their near misses (`-0`, leading zeros, 19 digits), decimals,
    /// exponents and huge literals.
    @Test func textAndDoubleAreWhatWasWritten() {
        let texts = ["0", "-0", "1", "-1", "10", "181", "007", "00", "-007", "123456789012345678", "-123456789012345678",
                     "1234567890123456789", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
                     "1.0", "1151.0", "-0.5", "1e2", "1E400", "-1e400", "2.5e-3", "0.0"]
        for text in texts {
            let number = JSONNumber(text: text)
            #expect(number.text == text)
            #expect(number.double == Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity), "\(text)")
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { JSONNumber(utf8: $0) }
            #expect(fromBytes == number, "\(text)")
            #expect(fromBytes.text == text)
        }
    }

    /// Read digit by digit only when `String(Int64)` gives the text back.
    @Test func onlyCanonicalIntegersAreReadByDigits() {
        func inline(_ text: String) -> Bool { JSONNumber(text: text).writtenInteger.map { String($0) == text } ?? false }
        #expect(inline("0") && inline("181") && inline("-42") && inline("123456789012345678"))
        #expect(!inline("-0") && !inline("007") && !inline("1.0") && !inline("1e2") && !inline("1234567890123456789"))
        #expect(!inline("") && !inline("-") && !inline("1-2") && !inline("12a"))
    }

    /// Random integers and near-integers agree with the plain text-and-double model on text, double,
    /// integrality, `intValue`, equality and hashing.
    @Test func randomNumbersAgreeWithTheTextModel() {
        var generator = SeededGenerator(seed: 0x4E_0B)
        var numbers: [JSONNumber] = []
        for _ in 0..<4_000 {
            let magnitude = Int64.random(in: 0...Int64.max, using: &generator) >> Int64.random(in: 0...62, using: &generator)
            var text = String(magnitude)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: text = "-" + text
            case 1: text += ".0"
            case 2: text += "e1"
            case 3: text = "0" + text
            default: break
            }
            let number = JSONNumber(text: text)
            #expect(number.text == text)
            let double = Double(text)!
            #expect(number.double == double)
            #expect(number.isInteger == (double == double.rounded(.towardZero)))
            if let value = number.intValue { #expect(Double(value) == double || Int(text) == value, "\(text)") }
            numbers.append(number)
        }
        for _ in 0..<4_000 {
            let a = numbers.randomElement(using: &generator)!, b = numbers.randomElement(using: &generator)!
            let equal = a.text == b.text && a.double == b.double
            #expect((a == b) == equal, "\(a) \(b)")
            if equal { #expect(a.hashValue == b.hashValue) }
        }
    }

    /// Numbers made from Swift values: integral doubles print as integers, `-0.0` keeps its sign.
    @Test func numbersFromSwiftValues() {
        #expect(JSONNumber(42) == JSONNumber(text: "42"))
        #expect(JSONNumber(42.0) == JSONNumber(text: "42"))
        #expect(JSONNumber(0.5).text == "0.5")
        let negativeZero = JSONNumber(-0.0)
        #expect(negativeZero.text == "-0")
        #expect(negativeZero.double.sign == .minus)
        #expect(negativeZero != JSONNumber(0))
        #expect(JSONNumber(1e300).double == 1e300)
    }

    /// A number is no larger than a string (no `Double` beside the text), and a value keeps a span, not
    /// two positions: 32 bytes a value, 48 a member.
    @Test func valuesStayCompact() {
        #expect(MemoryLayout<SourceValue>.stride <= 32)
        #expect(MemoryLayout<SourceObject.Member>.stride <= 48)
        #expect(MemoryLayout<JSONNumber>.size == MemoryLayout<String>.size)
    }

    /// Decimals read without `strtod` (15 significant digits, exponent within ±22) give exactly the
    /// double `Double(_:)` gives, sign of zero included; other texts are left to `Double(_:)`.
    @Test func exactDecimalsAreDoubleParses() {
        var generator = SeededGenerator(seed: 0xD0_0B1E)
        var texts = ["0", "-0", "0.0", "-0.0", "1151.0", "0.1", "0.05", "1.50", "-2.5e-3", "1e22", "1e-22", "1E+5", "0e999",
                     "123456789012345", "0.123456789012345", "1234567890123456", "1e23", "1e-23", "9007199254740993",
                     "4.35", "0.000000000000000000001", "100000000000000000000000", "1.7976931348623157e308", "5e-324"]
        for _ in 0..<20_000 {
            let whole = String(UInt64.random(in: 0...999_999_999_999, using: &generator))
            let fraction = String(UInt64.random(in: 0...99_999_999, using: &generator))
            var text = (Bool.random(using: &generator) ? "-" : "") + String(whole.prefix(Int.random(in: 1...12, using: &generator)))
            if Bool.random(using: &generator) { text += "." + String(fraction.prefix(Int.random(in: 1...8, using: &generator))) }
            if Int.random(in: 0..<3, using: &generator) == 0 { text += "e" + String(Int.random(in: -30...30, using: &generator)) }
            texts.append(text)
        }
        var fast = 0
        for text in texts {
            let expected = Double(text)!
            let exact = Array(text.utf8).withUnsafeBufferPointer { JSONNumber.exactDecimal($0) }
            if let exact {
                fast += 1
                #expect(exact.bitPattern == expected.bitPattern, "\(text)")
            }
            #expect(JSONNumber(text: text).double.bitPattern == expected.bitPattern, "\(text)")
        }
        #expect(fast > texts.count / 2)
        #expect(Array("1234567890123456".utf8).withUnsafeBufferPointer { JSONNumber.exactDecimal($0) } == nil)
        #expect(Array("1e23".utf8).withUnsafeBufferPointer { JSONNumber.exactDecimal($0) } == nil)
    }
}
