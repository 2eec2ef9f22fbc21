/// The attribute changes of one `customer` event: each key once, in key order.
///
/// A sorted list rather than a dictionary: a batch holds its parsed events until it commits,
/// hundreds of thousands of them, and a dictionary of a few keys takes about 600 bytes of
/// storage where this takes about 300. Lookups are a binary search over a handful of keys.
public struct AttributeUpdates: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: AttributeUpdate)

    private var entries: [Element]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, AttributeUpdate)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(position: Int) -> Element { entries[position] }

    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }

    /// The change of `key`; setting nil removes the key, setting a value replaces its change.
    public subscript(key: String) -> AttributeUpdate? {
        get {
            let k = slot(of: key)
            return k < entries.count && entries[k].key == key ? entries[k].value : nil
        }
        set {
            let k = slot(of: key)
            let present = k < entries.count && entries[k].key == key
            switch (newValue, present) {
            case (let value?, true): entries[k].value = value
            case (let value?, false): entries.insert((key, value), at: k)
            case (nil, true): entries.remove(at: k)
            case (nil, false): break
            }
        }
    }

    /// Appends `value` for `key`, which must sort after every key held (decoding sorted data).
    /// Returns false, changing nothing, when it does not.
    public mutating func append(_ key: String, _ value: AttributeUpdate) -> Bool {
        if let last = entries.last, !(last.key < key) { return false }
        entries.append((key, value))
        return true
    }

    /// The first position whose key is not below `key`.
    private func slot(of key: String) -> Int {
        var (low, high) = (0, entries.count)
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].key < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
