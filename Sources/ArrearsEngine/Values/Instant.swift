/// A moment in time: microseconds since 1970-01-01T00:00:00Z.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }
    public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    public var seconds: Int64 { microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000 }

    public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

    public static func + (a: Instant, b: TimeSpan) -> Instant { Instant(microseconds: a.microseconds + b.seconds * 1_000_000) }
    public static func - (a: Instant, b: TimeSpan) -> Instant { Instant(microseconds: a.microseconds - b.seconds * 1_000_000) }

    /// Parses an RFC 3339 timestamp that carries an offset (`Z` or `±HH:MM`):
    /// `2026-11-23T09:14:02+01:00`, `2026-11-23T08:14:02.5Z`. nil when malformed or without offset.
    public static func parseRFC3339(_ text: Substring) -> (instant: Instant, offsetSeconds: Int)? {
        var text = text
        // A substring of a native string is contiguous: read in place, without a copy.
        return text.withUTF8 { parseRFC3339(bytes: $0) }
    }

    /// ``parseRFC3339(_:)`` over UTF-8 bytes.
    static func parseRFC3339(bytes b: UnsafeBufferPointer<UInt8>) -> (instant: Instant, offsetSeconds: Int)? {
        guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let date = LocalDate(bytes: UnsafeBufferPointer(rebasing: b[0..<10])) else { return nil }
        func num(_ r: Range<Int>) -> Int? { LocalDate.digits(b, r) }
        guard let hh = num(11..<13), let mm = num(14..<16), let ss = num(17..<19),
              hh < 24, mm < 60, ss < 61 else { return nil }
        var i = 19
        var micros = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0, digits <= 9 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let secs = Int64(date.dayNumber) * 86_400 + Int64(hh * 3600 + mm * 60 + min(ss, 59)) - Int64(offset)
        return (Instant(microseconds: secs * 1_000_000 + Int64(micros)), offset)
    }

    public static func parseRFC3339(_ text: String) -> Instant? { parseRFC3339(text[...])?.instant }

    /// RFC 3339 text at the given UTC offset, with microseconds only when they are not zero.
    public func rfc3339(offsetSeconds: Int) -> String {
        let local = microseconds + Int64(offsetSeconds) * 1_000_000
        let secs = local >= 0 ? local / 1_000_000 : (local - 999_999) / 1_000_000
        let micros = Int(local - secs * 1_000_000)
        let days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let sod = Int(secs - Int64(days) * 86_400)
        let (y, m, d) = LocalDate(dayNumber: days).components
        guard (0...9999).contains(y) else {
            func pad(_ v: Int, _ n: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
            var out = LocalDate(dayNumber: days).description + "T" + pad(sod / 3600) + ":" + pad(sod / 60 % 60) + ":" + pad(sod % 60)
            if micros != 0 { out += "." + pad(micros, 6) }
            if offsetSeconds == 0 { return out + "Z" }
            let o = abs(offsetSeconds)
            return out + (offsetSeconds < 0 ? "-" : "+") + pad(o / 3600) + ":" + pad(o / 60 % 60)
        }
        // Fixed-width digits written straight into a byte buffer (queue lines hold many times).
        return String(unsafeUninitializedCapacity: 32) { buffer in
            var k = 0
            func put(_ byte: UInt8) { buffer[k] = byte; k += 1 }
            func digits(_ value: Int, _ width: Int) {
                var v = value, i = k + width - 1
                while i >= k { buffer[i] = UInt8(48 + v % 10); v /= 10; i -= 1 }
                k += width
            }
            digits(y, 4); put(45); digits(m, 2); put(45); digits(d, 2); put(84)
            digits(sod / 3600, 2); put(58); digits(sod / 60 % 60, 2); put(58); digits(sod % 60, 2)
            if micros != 0 { put(46); digits(micros, 6) }
            if offsetSeconds == 0 {
                put(90)
            } else {
                let o = abs(offsetSeconds)
                put(offsetSeconds < 0 ? 45 : 43); digits(o / 3600, 2); put(58); digits(o / 60 % 60, 2)
            }
            return k
        }
    }

    public var description: String { rfc3339(offsetSeconds: 0) }
}
