import Glibc

/// A hash table keyed by byte strings as SQLite hands them out, for values the store reads
/// again and again (list texts, action names): a lookup hashes the bytes where they lie
/// instead of making a `String` of them first (an allocation, a normalising hash and a free
/// per column of every open item read). Keeps at most `limit` keys. Not thread-safe.
struct ByteKeyedTable<Value> {
    private struct Entry {
        let hash: UInt64
        let key: [UInt8]
        let value: Value
    }

    private var entries: [Entry] = []
    /// Indexes into `entries`, -1 for an empty slot; a power of two, at least twice `limit`.
    private var slots: [Int32]
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        var size = 16
        while size < 2 * limit { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
    }

    /// Keys held.
    var count: Int { entries.count }

    /// The value kept for `bytes`, or `make`'s (kept while there is room); nil when `make`
    /// gives nil (nothing is kept then).
    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, make: () throws -> Value?) rethrows -> Value? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = slots[slot]
            if index < 0 { break }
            let entry = entries[Int(index)]
            if entry.hash == hash, entry.key.withUnsafeBufferPointer({ Self.equal($0, bytes) }) { return entry.value }
            slot = (slot + 1) & mask
        }
        guard let value = try make() else { return nil }
        if entries.count < limit {
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, key: Array(bytes), value: value))
        }
        return value
    }

    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }  // both empty
        return memcmp(x, y, a.count) == 0
    }

    /// A 64-bit hash of the bytes, eight at a time (keys come from the store, not from a
    /// party that could choose them to collide).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else { return h }
        var k = 0
        while k + 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        var tail: UInt64 = 0
        while k < n {
            tail = tail << 8 | UInt64(bytes[k])
            k += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
