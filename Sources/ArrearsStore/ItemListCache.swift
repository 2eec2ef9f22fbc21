/// The list columns of item rows (rules, reasons, tags, notes) decoded once per distinct
/// stored text and then shared, and the action names of their ids: the items of a rule set
/// repeat a few texts, and decoding each anew for every open item read (a million in a
/// re-evaluation after a reload) costs a string per element and an array every time, and as
/// much again to free them. Texts are looked up by their bytes (``ByteKeyedTable``), without
/// a string made of them. Not thread-safe: one cache per thread.
public final class ItemListCache {
    /// Distinct texts kept at most (texts past it are decoded every time).
    static let limit = 4_096
    /// Distinct action names kept at most.
    static let actionLimit = 1_024

    private var lists = ByteKeyedTable<[String]>(limit: ItemListCache.limit)
    private var actions = ByteKeyedTable<String>(limit: ItemListCache.actionLimit)

    public init() {}

    /// The strings of the list stored as `bytes`.
    func list(_ bytes: UnsafeBufferPointer<UInt8>, _ bad: (String) -> StoreError) throws -> [String] {
        // `make` gives a list or throws, so the table always gives one.
        try lists.value(for: bytes) { try WorkItemRow.list(String(decoding: bytes, as: UTF8.self), bad) }!
    }

    /// The strings of the list stored as `text`.
    func list(_ text: String, _ bad: (String) -> StoreError) throws -> [String] {
        var text = text
        return try text.withUTF8 { try list($0, bad) }
    }

    /// The action name whose bytes these are, as kept, or `make`'s (a name it has checked),
    /// kept; nil when `make` gives nil.
    func action(_ bytes: UnsafeBufferPointer<UInt8>, make: () -> String?) -> String? {
        actions.value(for: bytes, make: make)
    }

    /// Distinct texts held.
    var count: Int { lists.count }
}
