/// Normalises YAML number literals to JSON number text.
enum YAMLNumberText {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Decimal digits without leading zeros (`"007"` → `"7"`, `"000"` → `"0"`).
    static func withoutLeadingZeros(_ digits: ArraySlice<UInt8>) -> String {
        let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
        return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
    }

    /// The decimal text of unsigned `digits` in base 8 or 16, or nil when a digit is invalid.
    /// Arbitrary precision, so `0xFFFFFFFFFFFFFFFFFF` keeps every digit.
    static func radix(_ digits: ArraySlice<UInt8>, radix: Int) -> String? {
        // Little-endian base-10^9 limbs.
        var limbs: [UInt64] = [0]
        let limbBase: UInt64 = 1_000_000_000
        for byte in digits {
            guard let digit = value(of: byte), digit < radix else { return nil }
            var carry = UInt64(digit)
            for i in limbs.indices {
                let product = limbs[i] * UInt64(radix) + carry
                limbs[i] = product % limbBase
                carry = product / limbBase
            }
            if carry > 0 { limbs.append(carry) }
        }
        var text = String(limbs[limbs.count - 1])
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    private static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// JSON text of a core-schema decimal float
    /// (`[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`), or nil.
    /// `.5` → `0.5`, `+1.` → `1.0`, `1E3` → `1E3`, `007.5` → `7.5`.
    static func decimalFloat(_ bytes: [UInt8]) -> String? {
        var i = 0
        var out = ""
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            if bytes[i] == UInt8(ascii: "-") { out = "-" }
            i += 1
        }
        let intStart = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        let intDigits = bytes[intStart..<i]
        var fraction: ArraySlice<UInt8>?
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            fraction = bytes[fracStart..<i]
        }
        if intDigits.isEmpty {
            // `.5` is a float, `.` and `.e3` are not.
            guard let fraction, !fraction.isEmpty else { return nil }
        }
        out += withoutLeadingZeros(intDigits)
        if let fraction {
            out += "." + (fraction.isEmpty ? "0" : String(decoding: fraction, as: UTF8.self))
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            var exponent = String(UnicodeScalar(bytes[i]))
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponent.append(Character(UnicodeScalar(bytes[i])))
                i += 1
            }
            let expStart = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            guard i > expStart else { return nil }
            out += exponent + String(decoding: bytes[expStart..<i], as: UTF8.self)
        }
        return i == bytes.count ? out : nil
    }
}
