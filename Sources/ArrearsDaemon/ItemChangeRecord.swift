import ArrearsEngine
import ArrearsSystemd

/// One work item change, kept until its transaction commits and then logged (SPEC §6): what
/// the journal record says, not the item. A bulk import opens hundreds of thousands of items
/// per batch, so a record is 40 bytes: the case id and the item's number, and its action,
/// rule list and reasons (or why) as numbers in the ``ChangeTexts`` of the changes that hold
/// it, where each distinct text is kept once.
struct ItemChangeRecord: Sendable {
    enum Kind: UInt8, Sendable { case opened, updated, withdrawn }

    let caseID: CaseID
    let number: Int
    /// Texts in the holder's ``ChangeTexts``.
    private let action, rules, detail: UInt32
    let priority: Int16
    let kind: Kind

    /// - Parameter detail: the reasons of an opened item, why a withdrawn one went; empty
    ///   for an update.
    init(_ kind: Kind, _ item: WorkItem, detail: String, _ texts: inout ChangeTexts) {
        self.kind = kind
        caseID = item.id.caseID
        number = item.id.number
        priority = Int16(clamping: item.priority)
        action = texts.number(item.id.action)
        rules = texts.number(item.rules.joined(separator: ","))
        self.detail = texts.number(detail)
    }

    static func opened(_ item: WorkItem, _ texts: inout ChangeTexts) -> Self {
        Self(.opened, item, detail: item.reasons.joined(separator: "; "), &texts)
    }

    static func updated(_ item: WorkItem, _ texts: inout ChangeTexts) -> Self { Self(.updated, item, detail: "", &texts) }

    static func withdrawn(_ item: WorkItem, why: String, _ texts: inout ChangeTexts) -> Self {
        Self(.withdrawn, item, detail: why, &texts)
    }

    /// The same record with its texts numbered in `target` instead of `source`.
    func moved(from source: ChangeTexts, to target: inout ChangeTexts) -> Self {
        Self(kind: kind, caseID: caseID, number: number, priority: priority, action: target.number(source[action]),
             rules: target.number(source[rules]), detail: target.number(source[detail]))
    }

    private init(kind: Kind, caseID: CaseID, number: Int, priority: Int16, action: UInt32, rules: UInt32, detail: UInt32) {
        self.kind = kind
        self.caseID = caseID
        self.number = number
        self.priority = priority
        self.action = action
        self.rules = rules
        self.detail = detail
    }

    /// The item's id.
    func id(in texts: ChangeTexts) -> WorkItemID { WorkItemID(caseID: caseID, action: texts[action], number: number) }

    /// The rules that queue the item, comma-separated (the `RULE` field).
    func rules(in texts: ChangeTexts) -> String { texts[rules] }

    /// The record's message.
    func message(in texts: ChangeTexts) -> String {
        let id = id(in: texts)
        return switch kind {
        case .opened: "opened \(id) priority \(priority): \(texts[detail])"
        case .updated: "updated \(id) priority \(priority)"
        case .withdrawn: "withdrew \(id): \(texts[detail])"
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

/// The texts of a set of ``ItemChangeRecord``s, each distinct text numbered once, up to
/// ``sharedLimit`` of them (past that, texts are numbered as they come, without looking for
/// an equal one: reasons that quote a case's own figures repeat little).
struct ChangeTexts: Sendable {
    static let sharedLimit = 4096
    private var texts: [String] = [""]
    private var numbers: [String: UInt32] = ["": 0]

    mutating func number(_ text: String) -> UInt32 {
        if let known = numbers[text] { return known }
        let n = UInt32(texts.count)
        texts.append(text)
        if numbers.count < Self.sharedLimit { numbers[text] = n }
        return n
    }

    subscript(number: UInt32) -> String { texts[Int(number)] }
}
