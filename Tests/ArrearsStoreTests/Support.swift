@testable import ArrearsEngine
import ArrearsStore
import Foundation

/// A fresh temporary directory, removed when the value is released.
final class TempDir {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("arrearsstore-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    var storePath: String { url.appendingPathComponent(StateStore.fileName).path }
}

/// Parses one inbox line, as the daemon would.
func event(_ json: String) throws -> Event { try EventParser.parse(line: json) }

func invoice(_ id: String, case caseID: String = "C1", invoice: String = "I1", amount: String = "120.00",
             at: String = "2026-03-01T09:00:00+01:00") throws -> Event {
    try event(#"{"id":"\#(id)","type":"invoice","case":"\#(caseID)","invoice":"\#(invoice)","amount":"\#(amount)","due":"2026-03-15","at":"\#(at)"}"#)
}

func payment(_ id: String, case caseID: String = "C1", amount: String = "10.00", at: String = "2026-03-02T09:00:00+01:00") throws -> Event {
    try event(#"{"id":"\#(id)","type":"payment","case":"\#(caseID)","amount":"\#(amount)","at":"\#(at)"}"#)
}

func instant(_ text: String) -> Instant { Instant.parseRFC3339(text)! }

/// A work item with every field set, times with microseconds.
func sampleItem(case caseID: String = "C1", action: String = "call", number: Int = 1, channel: Channel? = .phone,
                amount: String = "84.10", opened: Instant = instant("2026-11-23T09:14:02.123456+01:00")) -> WorkItem {
    WorkItem(id: WorkItemID(caseID: CaseID(rawValue: caseID), action: action, number: number), kind: .pressure, channel: channel,
             priority: 57, due: instant("2026-11-25T07:00:00.000001+01:00"),
             contactUntil: channel == nil ? nil : instant("2026-11-25T20:00:00+01:00"),
             rules: ["early_contact", "second_rule"], reasons: ["Bel \"snel\" na de achterstand", "über\\zwei\nregels"],
             tags: [], notes: ["controleer €"], facts: ItemFacts(arrearsAmount: Exact(amount)!, arrearsDays: 17),
             opened: opened, updated: opened)
}

/// Reconciliation helpers.
func opening(_ items: WorkItem...) -> Reconciliation {
    var r = Reconciliation()
    r.opened = items
    return r
}

struct Boom: Error {}
