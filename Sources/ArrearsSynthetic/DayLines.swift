import ArrearsEngine

/// Generated events as JSON lines, written straight as bytes in the field order of
/// `Event.canonicalJSON` (about ten times faster than building `Event` values and their
/// text). Every string written is an identifier or a fixed word, so nothing needs escaping.
public struct DayLines: Sendable {
    /// The lines, each ending in `\n`.
    public internal(set) var bytes: [UInt8] = []
    /// The end offset (after the `\n`) of each line.
    public internal(set) var ends: [Int] = []

    public var count: Int { ends.count }

    /// Lines `range` as bytes.
    public func bytes(ofLines range: Range<Int>) -> ArraySlice<UInt8> {
        guard !range.isEmpty else { return [] }
        return bytes[(range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1])..<ends[range.upperBound - 1]]
    }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func quoted(_ s: String) {
        bytes.append(0x22)
        bytes.append(contentsOf: s.utf8)
        bytes.append(0x22)
    }

    /// `,"key":` (or `{"key":` for the first).
    mutating func key(_ k: StaticString, first: Bool = false) {
        bytes.append(first ? 0x7B : 0x2C)
        bytes.append(0x22)
        raw(k)
        raw("\":")
    }

    /// `v` (≥ 0) in decimal, zero-padded to `width`.
    mutating func digits(_ v: Int, width: Int = 1) {
        var count = 1, rest = v / 10
        while rest > 0 { count += 1; rest /= 10 }
        let end = bytes.count + max(width, count)
        bytes.append(contentsOf: repeatElement(48, count: max(width, count)))
        var i = end - 1, n = v
        while n > 0 { bytes[i] = UInt8(truncatingIfNeeded: 48 + n % 10); n /= 10; i -= 1 }
    }

    /// Two digits, `00`–`99`.
    mutating func twoDigits(_ v: Int) {
        bytes.append(UInt8(truncatingIfNeeded: 48 + v / 10))
        bytes.append(UInt8(truncatingIfNeeded: 48 + v % 10))
    }

    /// `"12.34"`.
    mutating func money(_ cents: Int64) {
        bytes.append(0x22)
        digits(Int(cents / 100))
        bytes.append(0x2E)
        digits(Int(cents % 100), width: 2)
        bytes.append(0x22)
    }

    /// `"2026-03-01"`.
    mutating func date(_ d: LocalDate) {
        let (y, m, day) = d.components
        bytes.append(0x22)
        digits(y, width: 4); bytes.append(0x2D); digits(m, width: 2); bytes.append(0x2D); digits(day, width: 2)
        bytes.append(0x22)
    }

    /// `"2026-03-01T09:14:02+01:00"`: `day` is the date's text (`2026-03-01`), `second` the
    /// local second of the day, `offset` the zone's offset then.
    mutating func time(_ day: [UInt8], second: Int, offset: Int) {
        bytes.append(0x22)
        bytes.append(contentsOf: day)
        bytes.append(0x54)
        twoDigits(second / 3600); bytes.append(0x3A); twoDigits(second / 60 % 60); bytes.append(0x3A); twoDigits(second % 60)
        bytes.append(offset < 0 ? 0x2D : 0x2B)
        twoDigits(abs(offset) / 3600); bytes.append(0x3A); twoDigits(abs(offset) / 60 % 60)
        bytes.append(0x22)
    }

    mutating func endLine() {
        raw("}\n")
        ends.append(bytes.count)
    }
}
