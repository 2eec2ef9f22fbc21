import ArrearsEngine
import ArrearsStore

/// The part of `arrearsd explain --data` that only the store knows: every work item the case
/// ever had, with how it ended, and what an evaluation now would change in the queue.
struct ExplainStoreReport {
    let stored: [StoredItem]
    let reconciliation: Reconciliation
    let timeZone: LocalTimeZone

    var text: String {
        let zone = timeZone
        var out = "\nstored items (opened, closed, withdrawn)\n"
        if stored.isEmpty { out += "  none\n" }
        for s in stored {
            let item = s.item
            out += "  \(item.id)  \(s.status.rawValue)  opened \(zone.rfc3339(item.opened)) priority \(item.priority) due \(zone.rfc3339(item.due))"
            if let endedAt = s.endedAt {
                out += "; \(s.status == .closed ? "closed" : "withdrawn") \(zone.rfc3339(endedAt))"
                if let why = s.endedWhy { out += ": \(why)" }
            } else if item.updated != item.opened {
                out += "; updated \(zone.rfc3339(item.updated))"
            }
            out += "  (\(item.rules.joined(separator: ", ")))\n"
        }
        out += "\nif the daemon evaluated the case now\n"
        if reconciliation.isEmpty { out += "  no change\n" }
        for item in reconciliation.opened { out += "  open     \(item.id) priority \(item.priority) due \(zone.rfc3339(item.due))\n" }
        for (before, after) in reconciliation.updated {
            out += "  update   \(after.id) priority \(before.priority) -> \(after.priority), due \(zone.rfc3339(before.due)) -> \(zone.rfc3339(after.due))\n"
        }
        for (item, why) in reconciliation.withdrawn { out += "  withdraw \(item.id): \(why)\n" }
        return out
    }

    /// Every stored item of the case: numbers 1 … highest per action, in id order.
    static func storedItems(of caseID: CaseID, highest: [String: Int], in reader: any StoreReader) throws -> [StoredItem] {
        var items: [StoredItem] = []
        for action in highest.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where (highest[action] ?? 0) > 0 {
            for n in 1...highest[action]! {
                if let s = try reader.storedItem(WorkItemID(caseID: caseID, action: action, number: n)) { items.append(s) }
            }
        }
        return items
    }
}
