/// The status of a case's latest payment arrangement.
public enum ArrangementStatus: String, Sendable, CaseIterable, Hashable {
    case none, agreed, broken, completed, cancelled
}

/// A case attribute value (`customer` events).
public enum AttributeValue: Sendable, Hashable {
    case string(String)
    case number(Exact)
    case bool(Bool)
}

/// The facts of one case at one evaluation time T, in the calendar's time zone (SPEC §4.4).
///
/// The case engine implements this over folded case state; the evaluator only reads it.
/// Windows "in the last D" cover (T − D, T].
public protocol CaseFacts {
    /// Unpaid amount of invoices past their due date.
    var arrearsAmount: Exact { get }
    /// Calendar days from the oldest unpaid overdue due date to today (0 if none).
    var arrearsDays: Int { get }
    /// Count of unpaid overdue invoices.
    var arrearsInvoices: Int { get }
    /// All unpaid invoices, due or not, minus credit.
    var balance: Exact { get }
    /// Days since the last payment (99999 if none).
    var paymentDays: Int { get }
    /// Total paid in the last `within`.
    func paymentAmount(within: TimeSpan) -> Exact
    /// Outbound contact attempts in the last `within` (one channel or all).
    func contacts(within: TimeSpan, channel: Channel?) -> Int
    /// Contacts that reached the customer in the last `within`.
    func reached(within: TimeSpan, channel: Channel?) -> Int
    /// Outbound contacts with outcome `delivered` in the last `within` (one channel or all).
    func delivered(within: TimeSpan, channel: Channel?) -> Int
    /// Calendar days from the local date of the latest delivered contact of `channel` to
    /// today (0 if none).
    func deliveredDays(_ channel: Channel) -> Int
    /// Outbound attempts since the customer was last reached.
    var unreachedStreak: Int { get }
    /// Whether the signal is active.
    func signalActive(_ name: String) -> Bool
    /// Days since the signal became active (0 if not active).
    func signalDays(_ name: String) -> Int
    /// Status of the latest arrangement.
    var arrangementStatus: ArrangementStatus { get }
    /// Arrangements broken in the last `within`.
    func arrangementsBroken(within: TimeSpan) -> Int
    /// Work items of `action` finished with outcome done in the last `within` (distinct ids).
    func done(_ action: String, within: TimeSpan) -> Int
    /// Whether an item of `action` is open before this evaluation.
    func isOpen(_ action: String) -> Bool
    /// A case attribute, nil if unset.
    func attribute(_ name: String) -> AttributeValue?
    /// The evaluation date in the calendar's time zone.
    var today: LocalDate { get }
    /// Calendar days from today to the next payday P (SPEC §4.3).
    var daysToPayday: Int { get }
}
