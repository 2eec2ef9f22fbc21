/// Byte-wise order of UTF-8 strings (as SQLite's `BINARY` collation compares them), on the
/// strings' contiguous bytes: the generic `utf8.lexicographicallyPrecedes` walks an iterator
/// per byte and showed up in the profiles of sorting a million events by case.
public enum ByteOrder {
    /// Whether `a` sorts before `b`, byte by byte (a prefix first).
    @inline(__always)
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var b = b
        return b.withUTF8 { compare(a, $0) < 0 }
    }

    /// `a` against the UTF-8 bytes `b`: negative when `a` sorts first, 0 when they are equal,
    /// positive when `b` sorts first.
    @inline(__always)
    public static func compare(_ a: String, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        var a = a
        return a.withUTF8 { x in
            let n = min(x.count, b.count)
            var k = 0
            while k < n {
                if x[k] != b[k] { return x[k] < b[k] ? -1 : 1 }
                k += 1
            }
            return x.count - b.count
        }
    }

    /// The first eight bytes of `s`, big-endian, zero-padded: a key whose order agrees with
    /// ``precedes(_:_:)`` wherever two keys differ (equal keys need the full comparison).
    /// Sorting by it compares integers instead of strings for most pairs.
    @inline(__always)
    public static func prefixKey(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { bytes in
            var key: UInt64 = 0
            for k in 0..<8 { key = key << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
            return key
        }
    }
}
