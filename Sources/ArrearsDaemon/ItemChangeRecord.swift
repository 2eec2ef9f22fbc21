import ArrearsEngine
import ArrearsSystemd

/// One work item change, kept until its transaction commits and then logged (SPEC §6): the
/// journal record's text and fields, not the item. A bulk import opens hundreds of thousands
/// of items per batch, and the items themselves (rules, reasons, tags, notes, facts) take
/// several times the memory of what their records say.
struct ItemChangeRecord: Sendable {
    enum Kind: Sendable { case opened, updated, withdrawn }

    let kind: Kind
    let id: WorkItemID
    /// The rules that queue the item, comma-separated (the `RULE` field).
    let rules: String
    /// The record's message.
    let message: String

    static func opened(_ item: WorkItem) -> Self {
        Self(kind: .opened, item, "opened \(item.id) priority \(item.priority): \(item.reasons.joined(separator: "; "))")
    }

    static func updated(_ item: WorkItem) -> Self {
        Self(kind: .updated, item, "updated \(item.id) priority \(item.priority)")
    }

    static func withdrawn(_ item: WorkItem, why: String) -> Self {
        Self(kind: .withdrawn, item, "withdrew \(item.id): \(why)")
    }

    private init(kind: Kind, _ item: WorkItem, _ message: String) {
        self.kind = kind
        id = item.id
        rules = item.rules.joined(separator: ",")
        self.message = message
    }

    var messageID: MessageID {
        switch kind {
        case .opened: .workItemOpened
        case .updated: .workItemUpdated
        case .withdrawn: .workItemWithdrawn
        }
    }
}
