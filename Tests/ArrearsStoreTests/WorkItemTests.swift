@testable import ArrearsEngine
import ArrearsStore
import Testing

@Suite struct WorkItemTests {
    let t0 = instant("2026-11-23T09:14:02.123456+01:00")
    let t1 = instant("2026-11-24T10:00:00.000007+01:00")

    @Test func openedItemsRoundTripEveryField() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let call = sampleItem()
        let visit = sampleItem(action: "refer_debt_help", number: 3, channel: nil, amount: "0.5")
        try store.write { w in try w.apply(opening(call, visit), at: t0) }
        let reopened = try StateStore(path: dir.storePath)
        try reopened.read { (r) throws in
            let items = try r.openItems(of: "C1")
            #expect(items == [call, visit])
            // Hashable equality compares money by value: check the text kept its scale too.
            #expect(items[0].facts.arrearsAmount.formatted(decimals: items[0].facts.arrearsAmount.scale) == "84.10")
            #expect(items[1].facts.arrearsAmount.scale == 1)
            #expect(items[0].due.microseconds % 1_000_000 == 1)
            #expect(items[0].opened == t0 && items[0].updated == t0)
            #expect(items[1].contactUntil == nil && items[1].channel == nil)
            #expect(items[0].reasons == ["Bel \"snel\" na de achterstand", "über\\zwei\nregels"])
            #expect(try r.allOpenItems() == [call, visit])
            #expect(try r.openItemCount == 2)
            #expect(try r.storedItem(call.id) == StoredItem(item: call, status: .open, endedAt: nil, endedWhy: nil))
        }
    }

    @Test func updatesRewriteTheMutableFields() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let before = sampleItem()
        try store.write { w in try w.apply(opening(before), at: t0) }
        var after = before
        after.priority = 80
        after.due = t1
        after.contactUntil = instant("2026-11-24T20:00:00+01:00")
        after.rules = ["late_contact"]
        after.reasons = ["Later"]
        after.tags = ["vulnerable", "low_literacy"]
        after.notes = []
        after.kind = .support
        after.channel = .sms
        after.facts = ItemFacts(arrearsAmount: Exact("1234567.89")!, arrearsDays: 40)
        after.updated = t1
        var r = Reconciliation()
        r.updated = [(before, after)]
        try store.write { w in try w.apply(r, at: t1) }
        let stored = try store.read { try $0.openItems(of: "C1") }
        #expect(stored == [after])
        #expect(stored[0].opened == t0)
    }

    @Test func withdrawnAndClosedItemsLeaveTheQueueButKeepTheirNumbers() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let call = sampleItem(action: "call", number: 4)
        let sms = sampleItem(action: "sms", number: 2, channel: .sms)
        let letter = sampleItem(action: "reminder_letter", number: 1, channel: .letter)
        try store.write { w in try w.apply(opening(call, sms, letter), at: t0) }
        var r = Reconciliation()
        r.withdrawn = [(call, "hold: schuldhulp of adempauze")]
        try store.write { (w) throws in
            try w.apply(r, at: t1)
            #expect(try w.closeItem(sms.id, at: t1, outcome: .done) == sms.queuePosition, "where its queue line stood")
            #expect(try w.closeItem(sms.id, at: t1, outcome: .done) == nil, "already closed")
            #expect(try w.closeItem(call.id, at: t1, outcome: .failed) == nil, "withdrawn: not reopened or closed")
            #expect(try w.closeItem(WorkItemID(caseID: "C1", action: "visit", number: 9), at: t1, outcome: .skipped) == nil)
        }
        try store.read { (r) throws in
            #expect(try r.openItems(of: "C1") == [letter])
            #expect(try r.allOpenItems() == [letter])
            #expect(try r.openItemCount == 1)
            #expect(try r.highestNumbers(of: "C1") == ["call": 4, "sms": 2, "reminder_letter": 1])
            #expect(try r.highestNumbers(of: "C2").isEmpty)
            #expect(try r.storedItem(call.id) == StoredItem(item: call, status: .withdrawn, endedAt: t1, endedWhy: "hold: schuldhulp of adempauze"))
            #expect(try r.storedItem(sms.id) == StoredItem(item: sms, status: .closed, endedAt: t1, endedWhy: "done"))
            #expect(try r.storedItem(WorkItemID(caseID: "C1", action: "visit", number: 9)) == nil)
        }
        // A new call gets a higher number than the withdrawn one; numbers are never reused.
        let again = sampleItem(action: "call", number: 5)
        try store.write { w in try w.apply(opening(again), at: t1) }
        #expect(try store.read { try $0.highestNumbers(of: "C1")["call"] } == 5)
        #expect(throws: (any Error).self) { try store.write { w in try w.apply(opening(call), at: t1) } }
    }

    @Test func updatingAnItemThatIsNotOpenFailsTheTransaction() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let call = sampleItem()
        try store.write { w in try w.apply(opening(call), at: t0) }
        try store.write { w in _ = try w.closeItem(call.id, at: t1, outcome: .done) }
        var r = Reconciliation()
        r.opened = [sampleItem(action: "sms", channel: .sms)]
        r.withdrawn = [(call, "gone")]
        #expect(throws: StoreError.itemNotOpen(id: "C1/call/1", change: "withdraw")) { try store.write { w in try w.apply(r, at: t1) } }
        // The opened item of the failed reconciliation was rolled back with it.
        #expect(try store.read { try $0.highestNumbers(of: "C1") } == ["call": 1])
    }

    @Test func queueOrderAcrossCases() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        var low = sampleItem(case: "C2")
        low.priority = 10
        var high = sampleItem(case: "C3")
        high.priority = 90
        let tieB = sampleItem(case: "C1b"), tieA = sampleItem(case: "C1a")
        try store.write { w in try w.apply(opening(low, tieB, high, tieA), at: t0) }
        #expect(try store.read { try $0.allOpenItems().map(\.id.caseID) } == ["C3", "C1a", "C1b", "C2"])
    }
}
