import ArrearsEngine
import Testing

/// The case order the store admits a batch in (byte-wise case ids, SPEC §4.5 rule 8).
@Suite struct CaseGroupingTests {
    @Test func positionsComeInByteOrderOfCaseThenInListOrder() {
        let cases: [CaseID] = ["b", "a", "Z", "ab", "a", "b", "é", "a", ""]
        let grouping = CaseGrouping(count: cases.count) { cases[$0] }
        // "" < "Z" < "a" < "ab" < "b" < "é" byte-wise ("Z" is 0x5A, "é" starts 0xC3).
        #expect(grouping.order == [8, 2, 1, 4, 7, 3, 0, 5, 6])
        #expect(grouping.runStarts == [0, 1, 2, 5, 6, 8, 9])
        #expect(grouping.runs == 6)
        #expect(Array(grouping[run: 2]) == [1, 4, 7])
    }

    @Test func everyPositionOnceAndAStableSortAgrees() {
        var generator = SystemRandomNumberGenerator()
        let cases = (0..<2_000).map { _ in CaseID(rawValue: "C\(Int.random(in: 0..<300, using: &generator))") }
        let order = CaseGrouping(count: cases.count) { cases[$0] }.order
        let sorted = cases.indices.sorted { a, b in cases[a] == cases[b] ? a < b : cases[a] < cases[b] }
        #expect(order == sorted)
        let empty = CaseGrouping(count: 0) { _ in "x" }
        #expect(empty.order == [] && empty.runs == 0)
    }

    /// Ids longer than the eight bytes the sort keys on, sharing them, shorter, and with a
    /// NUL byte (which pads like the end of a shorter id) still come in byte order.
    @Test func longIdsWithSharedPrefixesComeInByteOrder() {
        var generator = SystemRandomNumberGenerator()
        let fixed = ["KLANTNUMMER", "KLANTNUM", "KLANTNUM\u{0}", "KLANTNU", "KLANTNUMMER-2", "KLANTNUMA", "klant", "KLANTNUM\u{0}1"]
        let random = (0..<3_000).map { _ in "KLANTNUM" + String(Int.random(in: 0..<400, using: &generator)) }
        let cases = (fixed + random + fixed).map { CaseID(rawValue: $0) }
        let order = CaseGrouping(count: cases.count) { cases[$0] }.order
        let sorted = cases.indices.sorted { a, b in cases[a] == cases[b] ? a < b : cases[a] < cases[b] }
        #expect(order == sorted)
        for (a, b) in zip(cases, cases.shuffled(using: &generator)) {
            let (x, y) = (ByteOrder.prefixKey(a.rawValue), ByteOrder.prefixKey(b.rawValue))
            if x < y { #expect(a < b) }
            if x > y { #expect(b < a) }
        }
    }

    @Test func consecutiveRunsKeepListOrder() {
        let cases: [CaseID] = ["b", "b", "a", "b", "b"]
        let grouping = CaseGrouping(consecutive: cases.count) { cases[$0] }
        #expect(grouping.order == [0, 1, 2, 3, 4])
        #expect(grouping.runStarts == [0, 2, 3, 5])
        #expect(CaseGrouping(consecutive: 0) { _ in "x" }.runs == 0)
    }
}
