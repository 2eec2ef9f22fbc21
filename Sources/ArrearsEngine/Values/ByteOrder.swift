/// Byte-wise order of UTF-8 strings (as SQLite's `BINARY` collation compares them), on the
/// strings' contiguous bytes: the generic `utf8.lexicographicallyPrecedes` walks an iterator
/// per byte and showed up in the profiles of sorting a million events by case.
public enum ByteOrder {
    /// Whether `a` sorts before `b`, byte by byte (a prefix first).
    @inline(__always)
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var k = 0
                while k < n {
                    if x[k] != y[k] { return x[k] < y[k] }
                    k += 1
                }
                return x.count < y.count
            }
        }
    }
}
