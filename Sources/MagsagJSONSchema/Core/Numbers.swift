import MagsagSource

/// An exact decimal view of a JSON number's text: `±0.d₁d₂…dₙ × 10^exponent`.
struct DecimalText: Sendable, Hashable {
    var negative: Bool
    /// Significant digits (0–9), no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    var exponent: Int

    init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var exp = 0
        var sawDigit = false
        while let b = bytes.first {
            if b >= 48 && b <= 57 {
                mantissa.append(b - 48)
                sawDigit = true
            } else if b == UInt8(ascii: ".") {
                guard pointPosition == nil else { return nil }
                pointPosition = mantissa.count
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                guard let e = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)) else { return nil }
                exp = e
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard sawDigit else { return nil }
        var intCount = pointPosition ?? mantissa.count
        var start = 0
        while start < mantissa.count && mantissa[start] == 0 { start += 1; intCount -= 1 }
        var end = mantissa.count
        while end > start && mantissa[end - 1] == 0 { end -= 1 }
        digits = Array(mantissa[start..<end])
        exponent = digits.isEmpty ? 0 : intCount + exp
        if digits.isEmpty { negative = false }
    }

    var isZero: Bool { digits.isEmpty }
    var isInteger: Bool { digits.count <= exponent || digits.isEmpty }

    static func compare(_ a: DecimalText, _ b: DecimalText) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return a.negative ? -magnitude : magnitude
    }

    static func compareMagnitude(_ a: DecimalText, _ b: DecimalText) -> Int {
        if a.isZero || b.isZero { return a.isZero ? (b.isZero ? 0 : -1) : 1 }
        if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
        for i in 0..<min(a.digits.count, b.digits.count) where a.digits[i] != b.digits[i] {
            return a.digits[i] < b.digits[i] ? -1 : 1
        }
        return a.digits.count == b.digits.count ? 0 : (a.digits.count < b.digits.count ? -1 : 1)
    }

    /// Whether `self` is an integer multiple of `divisor` (exactly); nil when the digits are too long
    /// for the exact path.
    func isMultiple(of divisor: DecimalText) -> Bool? {
        if isZero { return true }
        guard !divisor.isZero, digits.count <= 18, divisor.digits.count <= 18 else { return nil }
        // self = A × 10^ea, divisor = B × 10^eb with integer A, B.
        let a = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
        let b = divisor.digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
        let ea = exponent - digits.count
        let eb = divisor.exponent - divisor.digits.count
        if ea >= eb {
            // A × 10^(ea-eb) mod B == 0
            var r = a % b
            var k = ea - eb
            while k > 0 && r != 0 {
                r = (r * 10) % b
                k -= 1
            }
            return r == 0
        }
        // A mod (B × 10^(eb-ea)) == 0 ⇔ B × 10^(eb-ea) divides A.
        var m = b
        for _ in 0..<(eb - ea) {
            let (next, overflow) = m.multipliedReportingOverflow(by: 10)
            if overflow || next > a { return false }
            m = next
        }
        return a % m == 0
    }
}

/// A number from a schema keyword.
///
/// Kept small (the number and its `Double`: 24 bytes): it sits in a keyword of every compiled
/// `minimum`, `maximum` and `multipleOf`, and the largest payload sets every keyword's size. Its exact
/// decimal forms are read from the text in the rare cases that need them (a bound equal as a `Double`,
/// a `multipleOf`); kept, they made each keyword 32 bytes larger and each bound an allocation.
struct SchemaNumber: Sendable {
    let number: JSONNumber
    /// `number.double`, read once.
    let double: Double

    init(_ number: JSONNumber) {
        self.number = number
        self.double = number.double
    }

    /// Compare an instance number with this one: -1, 0, 1.
    func compare(instance: JSONNumber) -> Int {
        let a = instance.double, b = double
        if a < b { return -1 }
        if a > b { return 1 }
        if instance.text == number.text { return 0 }
        guard let x = DecimalText(instance.text), let exact = DecimalText(number.text) else { return 0 }
        return DecimalText.compare(x, exact)
    }

    func divides(_ instance: JSONNumber) -> Bool {
        if let divisor = SmallDecimal(number.text), let value = SmallDecimal(instance.text), let result = value.isMultiple(of: divisor) {
            return result
        }
        if let exact = DecimalText(number.text), let x = DecimalText(instance.text), let result = x.isMultiple(of: exact) { return result }
        let quotient = instance.double / double
        guard quotient.isFinite else { return false }
        return quotient == quotient.rounded(.towardZero)
    }
}

enum JSONEquality {
    /// Deep JSON equality: numbers by value (1 == 1.0), objects ignore key order.
    static func equal(_ a: SourceValue, _ b: SourceValue) -> Bool {
        switch a.kind {
        case .null:
            return b.isNull
        case .bool(let x):
            if case .bool(let y) = b.kind { return x == y }
            return false
        case .string(let x):
            if case .string(let y) = b.kind { return sameScalars(x, y) }
            return false
        case .number(let x):
            if case .number(let y) = b.kind { return numbersEqual(x, y) }
            return false
        case .array(let x):
            guard case .array(let y) = b.kind, x.count == y.count else { return false }
            for i in x.indices where !equal(x[i], y[i]) { return false }
            return true
        case .object(let x):
            guard case .object(let y) = b.kind, x.count == y.count else { return false }
            for member in x.members {
                guard let other = y[member.key], equal(member.value, other) else { return false }
            }
            return true
        }
    }

    /// Code-point equality (Swift's `==` is canonical equivalence, JSON's is not).
    @inline(__always) static func sameScalars(_ x: String, _ y: String) -> Bool {
        ByteKey.same(x, y)
    }

    static func numbersEqual(_ x: JSONNumber, _ y: JSONNumber) -> Bool {
        if x.text == y.text { return true }
        if x.double != y.double { return false }
        guard let a = DecimalText(x.text), let b = DecimalText(y.text) else { return true }
        return DecimalText.compare(a, b) == 0
    }

    /// A cheap hash consistent with `equal`, for `uniqueItems` on large arrays.
    static func hash(_ value: SourceValue, into hasher: inout Hasher) {
        switch value.kind {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .string(let s): hasher.combine(s)
        case .number(let n): hasher.combine(n.double.isFinite ? n.double : 0)
        case .array(let a):
            hasher.combine(a.count)
            for element in a { hash(element, into: &hasher) }
        case .object(let o):
            hasher.combine(o.count)
            var sum = 0
            for member in o.members {
                var h = Hasher()
                h.combine(member.key)
                hash(member.value, into: &h)
                sum &+= h.finalize()
            }
            hasher.combine(sum)
        }
    }
}

/// A decimal whose significant digits fit in 18 digits: `mantissa × 10^exponent`, parsed without
/// allocating (the `multipleOf` fast path).
struct SmallDecimal: Sendable {
    var mantissa: UInt64
    var exponent: Int

    init?(_ text: String) {
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var afterPoint = false
        var exp = 0
        var expSign = 1
        var inExponent = false
        var sawExpDigit = false
        for b in text.utf8 {
            if inExponent {
                if b == UInt8(ascii: "-") { expSign = -1; continue }
                if b == UInt8(ascii: "+") { continue }
                guard b >= 48, b <= 57 else { return nil }
                exp = exp * 10 + Int(b - 48)
                sawExpDigit = true
                if exp > 100_000 { return nil }
                continue
            }
            switch b {
            case 48...57:
                if mantissa == 0 && b == 48 {
                    if afterPoint { exponent -= 1 }
                    continue
                }
                guard digits < 18 else { return nil }
                mantissa = mantissa * 10 + UInt64(b - 48)
                digits += 1
                if afterPoint { exponent -= 1 }
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"): continue
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default: return nil
            }
        }
        if inExponent && !sawExpDigit { return nil }
        // Strip trailing zeros.
        while mantissa != 0 && mantissa % 10 == 0 { mantissa /= 10; exponent += 1 }
        self.mantissa = mantissa
        self.exponent = exponent + expSign * exp
    }

    func isMultiple(of divisor: SmallDecimal) -> Bool? {
        if mantissa == 0 { return true }
        guard divisor.mantissa != 0 else { return nil }
        let a = mantissa, b = divisor.mantissa
        if exponent >= divisor.exponent {
            var r = a % b
            var k = exponent - divisor.exponent
            while k > 0 && r != 0 {
                r = (r * 10) % b
                k -= 1
            }
            return r == 0
        }
        var m = b
        for _ in 0..<(divisor.exponent - exponent) {
            let (next, overflow) = m.multipliedReportingOverflow(by: 10)
            if overflow || next > a { return false }
            m = next
        }
        return a % m == 0
    }
}
