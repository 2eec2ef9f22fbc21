@testable import ArrearsDaemon
@testable import ArrearsEngine
import Testing

/// The item changes a batch keeps until its commit, and the journal texts made from them.
@Suite struct QueueChangesTests {
    static func item(_ caseID: CaseID, _ action: String, _ number: Int, priority: Int, rules: [String], reasons: [String]) -> WorkItem {
        let at = Instant(microseconds: 1_800_000_000_000_000)
        return WorkItem(id: WorkItemID(caseID: caseID, action: action, number: number), kind: .pressure, channel: nil,
                        priority: priority, due: at, contactUntil: nil, rules: rules, reasons: reasons, tags: [], notes: [],
                        facts: ItemFacts(arrearsAmount: Exact(0), arrearsDays: 0), opened: at, updated: at)
    }

    static func reconciliation(opened: [WorkItem] = [], updated: [(WorkItem, WorkItem)] = [],
                               withdrawn: [(WorkItem, String)] = []) -> Reconciliation {
        var r = Reconciliation()
        r.opened = opened
        r.updated = updated.map { (before: $0.0, after: $0.1) }
        r.withdrawn = withdrawn.map { (item: $0.0, why: $0.1) }
        return r
    }

    static func messages(_ changes: QueueChanges) -> [String] {
        changes.records.map { "\($0.messageID == .workItemOpened ? "+" : " ")\($0.message(in: changes.texts)) [\($0.rules(in: changes.texts))] \($0.id(in: changes.texts))" }
    }

    @Test func recordsRenderTheirItemsAndSurviveMerging() {
        let call = Self.item("C1", "call", 3, priority: 57, rules: ["early_contact", "second"], reasons: ["Bel binnen een week", "Nog een reden"])
        let letter = Self.item("C2", "reminder_letter", 1, priority: 30, rules: ["letter_after_calls"], reasons: ["Stuur een herinnering na de calls"])
        var first = QueueChanges()
        first.add(Self.reconciliation(opened: [call], withdrawn: [(letter, "no longer desired: the arrears were paid")]))
        var second = QueueChanges()
        // Other texts first, so that the same text has another number in each.
        second.add(Self.reconciliation(opened: [letter], updated: [(call, call)]))
        let expected = [
            "+opened C1/call/3 priority 57: Bel binnen een week; Nog een reden [early_contact,second] C1/call/3",
            " withdrew C2/reminder_letter/1: no longer desired: the arrears were paid [letter_after_calls] C2/reminder_letter/1",
            "+opened C2/reminder_letter/1 priority 30: Stuur een herinnering na de calls [letter_after_calls] C2/reminder_letter/1",
            " updated C1/call/3 priority 57 [early_contact,second] C1/call/3",
        ]
        #expect(Self.messages(first) + Self.messages(second) == expected)
        var total = QueueChanges()
        total.merge(first)
        total.merge(second)
        #expect(Self.messages(total) == expected)
        #expect((total.opened, total.updated, total.withdrawn) == (2, 1, 1))
    }

    /// A bulk import holds one record per item change until its commit: they stay small.
    @Test func aRecordIsFortyBytes() {
        #expect(MemoryLayout<ItemChangeRecord>.stride == 40)
    }

    @Test func textsPastTheSharedLimitAreStillKept() {
        var texts = ChangeTexts()
        let numbers = (0..<(ChangeTexts.sharedLimit + 10)).map { texts.number("reason number \($0)") }
        #expect(Set(numbers).count == numbers.count)
        #expect(texts[numbers.last!] == "reason number \(ChangeTexts.sharedLimit + 9)")
        #expect(texts.number("reason number 7") == numbers[7])
        #expect(texts.number("") == 0)
    }
}
