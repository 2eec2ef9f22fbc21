/// Exact reading of amounts and other JSON numbers from their source text.
enum AmountText {
    /// An amount (SPEC §3): text matching `^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$`, parsed exactly.
    /// `shown` is how the value appears in a message (a number as written, a string quoted).
    static func parse(_ text: String, shown: @autoclosure () -> String) -> Checked<Exact> {
        var text = text
        if let amount = text.withUTF8(plain) { return .value(amount) }
        return checked(text, shown: shown())
    }

    /// ``parse(_:shown:)`` character class by character class, naming the first problem.
    static func checked(_ text: String, shown: String) -> Checked<Exact> {
        let u = Array(text.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        if u.first == UInt8(ascii: "-") { return .problem("\(shown) is negative") }
        if u.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
           u.allSatisfy({ isDigit($0) || "eE.+-".utf8.contains($0) }) {
            return .problem("\(shown) has an exponent; write plain digits with at most two decimals")
        }
        var intDigits = 0
        var k = 0
        while k < u.count, isDigit(u[k]) { intDigits += 1; k += 1 }
        var fracDigits = 0
        var hasDot = false
        if k < u.count, u[k] == UInt8(ascii: ".") {
            hasDot = true
            k += 1
            while k < u.count, isDigit(u[k]) { fracDigits += 1; k += 1 }
        }
        guard k == u.count, intDigits > 0, !hasDot || fracDigits > 0 else {
            return .problem("\(shown) is not an amount (digits with at most two decimals, like 12.50)")
        }
        if intDigits > 1, u[0] == UInt8(ascii: "0") { return .problem("\(shown) has a leading zero") }
        if intDigits > 12 { return .problem("\(shown) has more than 12 digits before the decimal point") }
        if fracDigits > 2 { return .problem("\(shown) has more than two decimals") }
        return .value(Exact(text)!)
    }

    /// The amount `bytes` hold when they match the form of ``parse(_:shown:)``, read in place
    /// in one pass (the same mantissa and scale as `Exact(text)`); nil for anything else.
    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Exact? {
        var m: Int128 = 0
        var k = 0
        while k < bytes.count, bytes[k] >= UInt8(ascii: "0"), bytes[k] <= UInt8(ascii: "9") {
            guard k < 12 else { return nil }
            m = m * 10 + Int128(bytes[k] - UInt8(ascii: "0"))
            k += 1
        }
        guard k > 0, k == 1 || bytes[0] != UInt8(ascii: "0") else { return nil }
        guard k < bytes.count else { return Exact(mantissa: m, scale: 0) }
        guard bytes[k] == UInt8(ascii: "."), (2...3).contains(bytes.count - k) else { return nil }
        for d in bytes[(k + 1)...] {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            m = m * 10 + Int128(d - UInt8(ascii: "0"))
        }
        return Exact(mantissa: m, scale: bytes.count - k - 1)
    }

    /// Any valid JSON number text as an exact decimal, exponents applied; nil when it cannot be
    /// held exactly (more than 12 decimals or more than 38 digits).
    static func exact(jsonNumber text: String) -> Exact? {
        var mantissaText = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(text[text.index(after: e)...].drop(while: { $0 == "+" })), abs(x) < 100 else { return nil }
            exponent = x
            mantissaText = text[..<e]
        }
        let negative = mantissaText.hasPrefix("-")
        if negative { mantissaText = mantissaText.dropFirst() }
        var digits = mantissaText.filter { $0 != "." }
        var scale = 0
        if let dot = mantissaText.firstIndex(of: ".") { scale = mantissaText.distance(from: dot, to: mantissaText.endIndex) - 1 }
        if digits.allSatisfy({ $0 == "0" }) { return .zero }
        scale -= exponent
        if scale < 0 { digits += String(repeating: "0", count: -scale); scale = 0 }
        while scale > Exact.maxScale, digits.last == "0" { digits.removeLast(); scale -= 1 }
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        guard scale <= Exact.maxScale, digits.count <= 38, let m = Int128(digits) else { return nil }
        return Exact(mantissa: negative ? -m : m, scale: scale)
    }
}

/// A value or the reason there is none (for messages that name a field).
enum Checked<T> {
    case value(T)
    case problem(String)
}
