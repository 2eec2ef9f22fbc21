@testable import ArrearsStore
import ArrearsEngine
import Testing

/// The JSON list columns of `work_items` (rules, reasons, tags, notes): the plain fast path
/// and the JSON reader must agree on everything the writer writes.
@Suite struct ListColumnTests {
    func bad(_ problem: String) -> StoreError { .corruptRow(table: "work_items", key: "test", problem: problem) }

    @Test func everyWrittenListReadsBack() throws {
        let lists: [[String]] = [
            [], [""], ["", ""], ["a"], ["a", "b"], ["a,b", "c"], ["\",\""], ["a\"", "b"], ["back\\slash"],
            ["Bied een betalingsregeling aan die de klant kan volhouden."], ["über", "zwei\nregels", "tab\there"],
            ["]", "["], ["\",", ",\""], [String(repeating: "x", count: 300), "y"],
        ]
        for list in lists {
            let text = WorkItemRow.json(list)
            #expect(try WorkItemRow.list(text, bad) == list, "\(text)")
        }
    }

    @Test func theFastPathTakesOnlyListsWithoutEscapes() {
        #expect(WorkItemRow.plainList(#"["a","b"]"#) == ["a", "b"])
        #expect(WorkItemRow.plainList(#"[""]"#) == [""])
        #expect(WorkItemRow.plainList(#"["ü","é"]"#) == ["ü", "é"])
        // Escapes, white space, and malformed text go to the JSON reader.
        for text in [#"["a\"b"]"#, #"["a", "b"]"#, #"["a","]"#, #"["a"x"b"]"#, #"["a",]"#, #"[1]"#, #"["a""#, "[]", #"["]"#] {
            #expect(WorkItemRow.plainList(text) == nil, "\(text)")
        }
        #expect(throws: StoreError.self) { try WorkItemRow.list(#"["a","]"#, bad) }
        #expect(throws: StoreError.self) { try WorkItemRow.list(#"["a"x"b"]"#, bad) }
    }

    /// The cache gives what decoding gives, shares the decoded strings between the items
    /// with the same text, rejects what decoding rejects, and stops keeping texts at its limit.
    @Test func theListCacheDecodesAsTheRowDoesAndSharesEachText() throws {
        let cache = ItemListCache()
        for list in [["a", "b"], ["a\"", "b"], [], ["Bied een betalingsregeling aan die de klant kan volhouden."]] {
            let text = WorkItemRow.json(list)
            let first = try cache.list(text, bad), second = try cache.list(text, bad)
            #expect(first == list && second == list, "\(text)")
            #expect(first.withUnsafeBufferPointer { $0.baseAddress } == second.withUnsafeBufferPointer { $0.baseAddress } || list.isEmpty,
                    "the second read shares the first one's array")
        }
        #expect(throws: StoreError.self) { try cache.list(#"["a","]"#, bad) }
        for k in 0..<(ItemListCache.limit + 10) {
            #expect(try cache.list(WorkItemRow.json(["t\(k)"]), bad) == ["t\(k)"])
        }
        #expect(cache.count == ItemListCache.limit)
        #expect(try cache.list(WorkItemRow.json(["past the limit"]), bad) == ["past the limit"])
    }

    /// The table finds each key by its bytes among colliding and similar keys, keeps what
    /// `make` gives only while there is room, and keeps nothing for a nil.
    @Test func theByteKeyedTableFindsKeysByTheirBytes() {
        var table = ByteKeyedTable<Int>(limit: 100)
        let keys = ["", "a", "b", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", String(repeating: "x", count: 40)] + (0..<80).map { "k\($0)" }
        func value(_ key: String, make: () -> Int?) -> Int? {
            var key = key
            return key.withUTF8 { bytes in table.value(for: bytes, make: make) }
        }
        for (k, key) in keys.enumerated() { #expect(value(key) { k } == k) }
        for (k, key) in keys.enumerated() { #expect(value(key) { Issue.record("made again: \(key)"); return -1 } == k, "\(key)") }
        #expect(table.count == keys.count)
        #expect(value("nothing") { nil } == nil)
        #expect(value("nothing") { 7 } == 7, "a nil was not kept")
        for k in 0..<50 { #expect(value("more\(k)") { k } == k) }
        #expect(table.count == 100)
        #expect(value("more49") { -2 } == -2, "past the limit nothing is kept")
    }

    /// Item ids decoded through the cache: each action name is checked once and then shared,
    /// and an id the cache has not seen is checked as without it.
    @Test func theCacheSharesActionNamesAndStillRejectsBadIds() {
        let cache = ItemListCache()
        func parse(_ text: String) -> Result<WorkItemID, WorkItemIDError> {
            var text = text
            return text.withUTF8 { bytes in
                WorkItemID.parse(utf8: bytes) { action, make in cache.action(action, make: make) }
            }
        }
        guard case .success(let first) = parse("C1/offer_arrangement/1"), case .success(let second) = parse("C2/offer_arrangement/7") else {
            Issue.record("valid ids rejected")
            return
        }
        #expect(first == WorkItemID(caseID: "C1", action: "offer_arrangement", number: 1))
        #expect(second == WorkItemID(caseID: "C2", action: "offer_arrangement", number: 7))
        var a = first.action, b = second.action
        #expect(a.withUTF8 { $0.baseAddress } == b.withUTF8 { $0.baseAddress }, "one string for the action")
        for bad in ["C1/Offer/1", "C1/offer/0", "C1/offer", "C1/a/b/1", "/offer/1", "C1//1"] {
            #expect(parse(bad) == WorkItemID.parse(bad), "\(bad)")
            guard case .failure = parse(bad) else { Issue.record("accepted \(bad)"); continue }
        }
        #expect(parse("C1/Offer/1") == .failure(.badAction("Offer")), "a bad name is not kept: rejected again")
    }
}

