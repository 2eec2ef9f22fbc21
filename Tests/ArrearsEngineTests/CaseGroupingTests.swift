import ArrearsEngine
import Testing

/// The case order the store admits a batch in (byte-wise case ids, SPEC §4.5 rule 8).
@Suite struct CaseGroupingTests {
    @Test func positionsComeInByteOrderOfCaseThenInListOrder() {
        let cases: [CaseID] = ["b", "a", "Z", "ab", "a", "b", "é", "a", ""]
        let order = CaseGrouping.positions(count: cases.count) { cases[$0] }
        // "" < "Z" < "a" < "ab" < "b" < "é" byte-wise ("Z" is 0x5A, "é" starts 0xC3).
        #expect(order == [8, 2, 1, 4, 7, 3, 0, 5, 6])
    }

    @Test func everyPositionOnceAndAStableSortAgrees() {
        var generator = SystemRandomNumberGenerator()
        let cases = (0..<2_000).map { _ in CaseID(rawValue: "C\(Int.random(in: 0..<300, using: &generator))") }
        let order = CaseGrouping.positions(count: cases.count) { cases[$0] }
        let sorted = cases.indices.sorted { a, b in cases[a] == cases[b] ? a < b : cases[a] < cases[b] }
        #expect(order == sorted)
        #expect(CaseGrouping.positions(count: 0) { _ in "x" } == [])
    }
}
