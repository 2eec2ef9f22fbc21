/// The facts of SPEC §4.4 for one case at one evaluation time T (``CaseState/asOf``).
///
/// Everything that does not depend on a rule's arguments is computed once in `init`;
/// windows "in the last D" cover (T − D, T] and are answered by binary search.
///
/// `arrears.days`: an invoice is overdue from the day after its `due` date, so it is overdue
/// when `due < today`, and `arrearsDays = today − (oldest due among unpaid overdue invoices)`:
/// due 2026-02-01 gives 0 on 2026-02-01 (not overdue) and 1 on 2026-02-02.
/// `payment.days` and `signal_days` likewise count calendar days between local dates.
public struct CaseSnapshot: CaseFacts, Sendable {
    public let state: CaseState
    public let today: LocalDate
    public let daysToPayday: Int
    public let arrearsAmount: Exact
    public let arrearsDays: Int
    public let arrearsInvoices: Int
    public let balance: Exact
    public let paymentDays: Int
    private let activeSignals: [(name: String, days: Int)]
    private let openActions: [String]

    /// `today` is the local date of `state.asOf`; `localDate` converts other instants (payment
    /// and signal start days, `until` ends); `openActions` are the actions with an open item.
    public init(state: CaseState, today: LocalDate, daysToPayday: Int, openActions: [String] = [],
                localDate: (Instant) -> LocalDate) {
        self.state = state
        self.today = today
        self.daysToPayday = daysToPayday
        self.openActions = openActions

        var unpaid: Int128 = 0, overdue: Int128 = 0, overdueCount = 0
        var oldest: LocalDate? = nil
        for invoice in state.ledger.invoices where invoice.remainingCents > 0 {
            unpaid += invoice.remainingCents
            if invoice.due < today {
                overdue += invoice.remainingCents
                overdueCount += 1
                if oldest == nil || invoice.due < oldest! { oldest = invoice.due }
            }
        }
        arrearsAmount = Exact(mantissa: overdue, scale: 2)
        arrearsInvoices = overdueCount
        arrearsDays = oldest.map { today - $0 } ?? 0
        balance = Exact(mantissa: unpaid - state.ledger.creditCents, scale: 2)
        paymentDays = state.payments.last.map { max(0, today - localDate(Instant(microseconds: $0))) } ?? 99_999

        let t = state.asOf.microseconds
        var active: [(name: String, days: Int)] = []
        for timeline in state.signals {
            if let start = timeline.activeRunStart(at: t, localDate: localDate) {
                active.append((timeline.name, max(0, today - localDate(Instant(microseconds: start)))))
            }
        }
        activeSignals = active
    }

    public func paymentAmount(within span: TimeSpan) -> Exact {
        let first = state.payments.firstIndex(after: windowStart(state.asOf, span))
        let prefix = state.paidPrefix
        return Exact(mantissa: prefix[prefix.count - 1] - prefix[first], scale: 2)
    }

    public func contacts(within span: TimeSpan, channel: Channel?) -> Int {
        let series = channel.map { state.outboundByChannel[$0.index] } ?? state.outbound
        return series.count(after: windowStart(state.asOf, span))
    }

    public func reached(within span: TimeSpan, channel: Channel?) -> Int {
        let series = channel.map { state.reachedByChannel[$0.index] } ?? state.reached
        return series.count(after: windowStart(state.asOf, span))
    }

    public var unreachedStreak: Int { state.unreachedStreak }

    public func signalActive(_ name: String) -> Bool {
        for s in activeSignals where s.name == name { return true }
        return false
    }

    public func signalDays(_ name: String) -> Int {
        for s in activeSignals where s.name == name { return s.days }
        return 0
    }

    public var arrangementStatus: ArrangementStatus { state.arrangementStatus }

    public func arrangementsBroken(within span: TimeSpan) -> Int {
        state.brokenArrangements.count(after: windowStart(state.asOf, span))
    }

    public func done(_ action: String, within span: TimeSpan) -> Int {
        for w in state.work where w.action == action { return w.doneTimes.count(after: windowStart(state.asOf, span)) }
        return 0
    }

    public func isOpen(_ action: String) -> Bool { openActions.contains(action) }

    public func attribute(_ name: String) -> AttributeValue? { state.attributes[name] }

    /// The latest `work_done` of any outcome for `action`, for its cooldown.
    public func lastFinished(_ action: String) -> Instant? { state.lastFinished(action) }
}
