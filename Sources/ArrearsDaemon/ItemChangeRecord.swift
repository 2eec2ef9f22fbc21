import ArrearsEngine
import ArrearsSystemd

/// One work item change, kept until its transaction commits and then logged (SPEC §6): what
/// the journal record says, not the item. A bulk import opens hundreds of thousands of items
/// per batch; the items themselves (rules, reasons, tags, notes, facts) would take several
/// times the memory, and the texts a record keeps repeat from item to item, so they are
/// shared (``TextInterner``).
struct ItemChangeRecord: Sendable {
    enum Kind: Sendable { case opened, updated, withdrawn }

    let kind: Kind
    let id: WorkItemID
    let priority: Int
    /// The rules that queue the item, comma-separated (the `RULE` field).
    let rules: String
    /// The reasons of an opened item, why a withdrawn one went; empty for an update.
    let detail: String

    static func opened(_ item: WorkItem, _ texts: inout TextInterner) -> Self {
        Self(.opened, item, detail: texts.intern(item.reasons.joined(separator: "; ")), &texts)
    }

    static func updated(_ item: WorkItem, _ texts: inout TextInterner) -> Self {
        Self(.updated, item, detail: "", &texts)
    }

    static func withdrawn(_ item: WorkItem, why: String, _ texts: inout TextInterner) -> Self {
        Self(.withdrawn, item, detail: texts.intern(why), &texts)
    }

    private init(_ kind: Kind, _ item: WorkItem, detail: String, _ texts: inout TextInterner) {
        self.kind = kind
        id = item.id
        priority = item.priority
        rules = texts.intern(item.rules.joined(separator: ","))
        self.detail = detail
    }

    /// The record's message.
    var message: String {
        switch kind {
        case .opened: "opened \(id) priority \(priority): \(detail)"
        case .updated: "updated \(id) priority \(priority)"
        case .withdrawn: "withdrew \(id): \(detail)"
        }
    }

    var messageID: MessageID {
        switch kind {
        case .opened: .workItemOpened
        case .updated: .workItemUpdated
        case .withdrawn: .workItemWithdrawn
        }
    }
}

/// Gives equal texts one shared String, up to ``limit`` distinct texts (then they pass
/// through as they are). Texts of 15 bytes or fewer are stored inline and pass through.
struct TextInterner {
    static let limit = 4096
    private var texts: Set<String> = []

    mutating func intern(_ text: String) -> String {
        if text.utf8.count <= 15 { return text }
        if let known = texts.firstIndex(of: text) { return texts[known] }
        if texts.count < Self.limit { texts.insert(text) }
        return text
    }
}
