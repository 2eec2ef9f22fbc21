@testable import ArrearsStore
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
}
