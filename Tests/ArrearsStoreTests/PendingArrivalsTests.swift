import Testing
@testable import ArrearsStore

@Suite struct PendingArrivalsTests {
    @Test func aRunOfConsecutiveArrivalsAndThoseAfterAGap() {
        var p = PendingArrivals(7)
        p.append(8)
        p.append(9)
        #expect(p.all == [7, 8, 9] && p.last == 9)
        p.append(12)
        p.append(13)
        #expect(p.all == [7, 8, 9, 12, 13] && p.last == 13)
        #expect(PendingArrivals(4).all == [4])
    }
}
