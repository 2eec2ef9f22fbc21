/// The list columns of item rows (rules, reasons, tags, notes) decoded once per distinct
/// stored text and then shared: the items of a rule set repeat a few texts, and decoding each
/// anew for every open item read (a million in a re-evaluation after a reload) costs a string
/// per element and an array every time, and as much again to free them. Not thread-safe:
/// one cache per thread.
public final class ItemListCache {
    private var lists: [String: [String]] = [:]
    /// Distinct texts kept at most (texts past it are decoded every time).
    static let limit = 4_096

    public init() {}

    /// The strings of the list stored as `text`.
    func list(_ text: String, _ bad: (String) -> StoreError) throws -> [String] {
        if let known = lists[text] { return known }
        let list = try WorkItemRow.list(text, bad)
        if lists.count < Self.limit { lists[text] = list }
        return list
    }

    /// Distinct texts held.
    var count: Int { lists.count }
}
