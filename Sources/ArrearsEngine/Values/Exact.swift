/// Failures of exact arithmetic. They never stop the daemon: the evaluator turns them into
/// run-time errors that fail towards less pressure (SPEC §4.4).
public enum ArithmeticError: Error, Equatable, Sendable {
    case divisionByZero
    case overflow
}

/// An exact decimal number, `mantissa × 10^-scale` with `scale` in 0...12.
///
/// Money and plain numbers of the rules language are both `Exact`; the type checker keeps
/// them apart. Nothing here goes through binary floating point.
public struct Exact: Sendable, Comparable, Hashable, CustomStringConvertible {
    /// The unscaled digits.
    public let mantissa: Int128
    /// Digits after the decimal point.
    public let scale: Int

    /// The largest scale kept; number ÷ number is computed to this many decimals.
    public static let maxScale = 12
    public static let zero = Exact(mantissa: 0, scale: 0)

    static let powersOfTen: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...30 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    public init(mantissa: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= Exact.maxScale, "scale out of range")
        self.mantissa = mantissa
        self.scale = scale
    }

    public init(_ value: Int) {
        self.init(mantissa: Int128(value), scale: 0)
    }

    /// Whole cents, for money kept as integers.
    public init(cents: Int64) {
        self.init(mantissa: Int128(cents), scale: 2)
    }

    /// Parses plain decimal text: optional `-`, digits, optional `.` and up to 12 digits.
    public init?(_ text: Substring) {
        var utf8 = text.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        var m: Int128 = 0
        var scale = 0
        var seenDot = false
        var digits = 0
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenDot || digits == 0 { return nil }
                seenDot = true
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            if seenDot { scale += 1; if scale > Exact.maxScale { return nil } }
            digits += 1
            if digits > 30 { return nil }
            m = m * 10 + Int128(byte - 48)
        }
        if digits == 0 || (seenDot && scale == 0) { return nil }
        self.init(mantissa: negative ? -m : m, scale: scale)
    }

    public init?(_ text: String) { self.init(text[...]) }

    /// This value with at least `target` decimals (no rounding), or nil on overflow.
    @inline(__always)
    func rescaled(to target: Int) -> Int128? {
        if target == scale { return mantissa }
        let (r, o) = mantissa.multipliedReportingOverflow(by: Exact.powersOfTen[target - scale])
        return o ? nil : r
    }

    public var isZero: Bool { mantissa == 0 }
    public var isNegative: Bool { mantissa < 0 }

    public static func < (a: Exact, b: Exact) -> Bool { compare(a, b) < 0 }
    public static func == (a: Exact, b: Exact) -> Bool { compare(a, b) == 0 }

    /// -1, 0 or 1.
    public static func compare(_ a: Exact, _ b: Exact) -> Int {
        if a.scale == b.scale { return a.mantissa < b.mantissa ? -1 : (a.mantissa == b.mantissa ? 0 : 1) }
        let s = max(a.scale, b.scale)
        guard let x = a.rescaled(to: s), let y = b.rescaled(to: s) else {
            // Overflow while aligning: the value with the larger magnitude at its own scale
            // dominates; fall back to comparing signs and integer parts.
            let ai = a.mantissa / Exact.powersOfTen[a.scale], bi = b.mantissa / Exact.powersOfTen[b.scale]
            return ai < bi ? -1 : (ai == bi ? 0 : 1)
        }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    public func hash(into hasher: inout Hasher) {
        var m = mantissa, s = scale
        while s > 0 && m % 10 == 0 { m /= 10; s -= 1 }
        hasher.combine(m)
        hasher.combine(s)
    }

    public func adding(_ other: Exact) throws(ArithmeticError) -> Exact {
        let s = max(scale, other.scale)
        guard let x = rescaled(to: s), let y = other.rescaled(to: s) else { throw .overflow }
        let (r, o) = x.addingReportingOverflow(y)
        if o { throw .overflow }
        return Exact(mantissa: r, scale: s)
    }

    public func subtracting(_ other: Exact) throws(ArithmeticError) -> Exact {
        try adding(other.negated())
    }

    public func negated() -> Exact { Exact(mantissa: -mantissa, scale: scale) }

    public func multiplied(by other: Exact) throws(ArithmeticError) -> Exact {
        let (r, o) = mantissa.multipliedReportingOverflow(by: other.mantissa)
        if o { throw .overflow }
        let s = scale + other.scale
        if s <= Exact.maxScale { return Exact(mantissa: r, scale: s) }
        return Exact(mantissa: Exact.divideRoundingHalfEven(r, Exact.powersOfTen[s - Exact.maxScale]), scale: Exact.maxScale)
    }

    /// The exact product rounded half to even to `decimals` places (money × number).
    public func multiplied(by other: Exact, roundedTo decimals: Int) throws(ArithmeticError) -> Exact {
        let (r, o) = mantissa.multipliedReportingOverflow(by: other.mantissa)
        if o { throw .overflow }
        let s = scale + other.scale
        if s <= decimals { return Exact(mantissa: r, scale: s) }
        return Exact(mantissa: Exact.divideRoundingHalfEven(r, Exact.powersOfTen[s - decimals]), scale: decimals)
    }

    /// Division to `resultScale` decimals, rounded half to even.
    public func divided(by other: Exact, resultScale: Int = Exact.maxScale) throws(ArithmeticError) -> Exact {
        if other.mantissa == 0 { throw .divisionByZero }
        // a/b = (ma / 10^sa) / (mb / 10^sb) = ma * 10^(sb - sa) / mb; scale the numerator so the
        // quotient carries resultScale decimals.
        var num = mantissa
        var den = other.mantissa
        let shift = resultScale + other.scale - scale
        if shift >= 0 {
            let (r, o) = num.multipliedReportingOverflow(by: Exact.powersOfTen[shift])
            if o { throw .overflow }
            num = r
        } else {
            let (r, o) = den.multipliedReportingOverflow(by: Exact.powersOfTen[-shift])
            if o { throw .overflow }
            den = r
        }
        return Exact(mantissa: Exact.divideRoundingHalfEven(num, den), scale: resultScale)
    }

    /// Rounded to `decimals` places, half to even (money: `rounded(to: 2)`).
    public func rounded(to decimals: Int) -> Exact {
        if scale <= decimals { return self }
        return Exact(mantissa: Exact.divideRoundingHalfEven(mantissa, Exact.powersOfTen[scale - decimals]), scale: decimals)
    }

    /// Rounded half away from zero to an integer (priorities).
    public func roundedHalfUpToInteger() -> Int128 {
        if scale == 0 { return mantissa }
        let p = Exact.powersOfTen[scale]
        let q = mantissa / p, r = mantissa % p
        if r == 0 { return q }
        let twice = (r < 0 ? -r : r) * 2
        if twice >= p { return mantissa < 0 ? q - 1 : q + 1 }
        return q
    }

    static func divideRoundingHalfEven(_ n: Int128, _ d: Int128) -> Int128 {
        var q = n / d
        let r = n % d
        if r == 0 { return q }
        let absR = r < 0 ? -r : r, absD = d < 0 ? -d : d
        let negative = (n < 0) != (d < 0)
        let twice = absR * 2
        if twice > absD || (twice == absD && q % 2 != 0) {
            q += negative ? -1 : 1
        }
        return q
    }

    /// The value with exactly `decimals` digits after the point (rounding half to even).
    public func formatted(decimals: Int) -> String {
        let v = rounded(to: decimals)
        let m = v.rescaled(to: decimals) ?? v.mantissa
        let negative = m < 0
        var digits = String(negative ? -m : m)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return negative ? "-" + digits : digits
    }

    /// Shortest exact text: no trailing zeros after the point.
    public var description: String {
        var m = mantissa, s = scale
        while s > 0 && m % 10 == 0 { m /= 10; s -= 1 }
        return Exact(mantissa: m, scale: s).formatted(decimals: s)
    }

    /// The integer value if this is whole and fits an Int.
    public var intValue: Int? {
        let p = Exact.powersOfTen[scale]
        guard mantissa % p == 0 else { return nil }
        return Int(exactly: mantissa / p)
    }
}
