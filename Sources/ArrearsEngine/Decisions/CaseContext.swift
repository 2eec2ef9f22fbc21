/// What the decisions need from a case beyond its facts (SPEC §4.5 rules 4–8).
public struct CaseContext: Sendable {
    /// Outbound contact attempts received, with their channels (for `limit`).
    public var outboundContacts: [(at: Instant, channel: Channel)]
    /// The last `work_done` of any outcome per action (for cooldowns).
    public var lastFinished: [String: Instant]
    /// The highest N ever opened or named in a `work_done`, per action.
    public var highestNumber: ItemNumbers
    /// The case attribute `payday`, if set.
    public var payday: Int?
    /// The case's open work items before this evaluation.
    public var openItems: [WorkItem]

    public init(outboundContacts: [(at: Instant, channel: Channel)] = [], lastFinished: [String: Instant] = [:],
                highestNumber: ItemNumbers = [:], payday: Int? = nil, openItems: [WorkItem] = []) {
        self.outboundContacts = outboundContacts
        self.lastFinished = lastFinished
        self.highestNumber = highestNumber
        self.payday = payday
        self.openItems = openItems
    }
}
