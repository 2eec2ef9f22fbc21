import ArrearsEngine

/// The actions of the baseline rule pack (`rules/10-actions.rules`) that generated
/// `work_done` events name (`CASE/ACTION/N`).
public enum BaselineAction: String, CaseIterable, Sendable {
    case call, sms
    case reminderLetter = "reminder_letter"
    case finalNotice = "final_notice"
    case offerArrangement = "offer_arrangement"
    case referDebtHelp = "refer_debt_help"
    case verifyContact = "verify_contact"
    case informDebtHelper = "inform_debt_helper"
    case reviewDispute = "review_dispute"
    case signalMunicipality = "signal_municipality"

    var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// What a planned event will say; ids, work numbers and instants are filled in when it is
/// emitted, so that they follow time order.
enum PlannedBody: Sendable {
    /// The monthly invoice of a case: planned (amount, fate) when its day comes.
    case issueInvoice
    /// An issued invoice (number within the case).
    case invoice(number: Int32, cents: Int64, dueDay: Int32)
    case payment(cents: Int64, invoice: Int32?)
    case credit(invoice: Int32, cents: Int64)
    case contact(Channel, ContactDirection, ContactOutcome)
    case workDone(BaselineAction, WorkOutcome)
    /// `untilDays`: the `until` date as a day index of the generated period.
    case signal(name: String, untilDay: Int32?, cleared: Bool)
    case arrangement(ArrangementStatus, installmentCents: Int64?)
    case customer([String: AttributeUpdate])
}

/// One event planned for a day of the generated period.
struct PlannedEvent: Sendable {
    let caseIndex: Int32
    /// Local second of the day (kept outside 00:00–06:00, so daylight saving gaps never matter).
    let second: Int32
    /// Planning order: breaks ties so that the output order is total and reproducible.
    let sequence: UInt32
    var body: PlannedBody

    /// Time order within a day: second, then case, then planning order.
    static func precedes(_ a: PlannedEvent, _ b: PlannedEvent) -> Bool {
        if a.second != b.second { return a.second < b.second }
        if a.caseIndex != b.caseIndex { return a.caseIndex < b.caseIndex }
        return a.sequence < b.sequence
    }
}
