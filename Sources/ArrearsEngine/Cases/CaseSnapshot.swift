/// The facts of SPEC §4.4 for one case at one evaluation time T.
///
/// Everything that does not depend on a rule's arguments is computed once in `init`;
/// windows "in the last D" cover (T − D, T] and are answered by binary search.
///
/// `arrears.days`: an invoice is overdue from the day after its `due` date, so it is overdue
/// when `due < today`, and `arrearsDays = today − (oldest due among unpaid overdue invoices)`:
/// due 2026-02-01 gives 0 on 2026-02-01 (not overdue) and 1 on 2026-02-02.
/// `payment.days` and `signal_days` likewise count calendar days between local dates.
public final class CaseSnapshot: CaseFacts, Sendable {
    /// The folded state these facts are read from.
    public let state: CaseState
    /// The evaluation time T.
    public let asOf: Instant
    public let today: LocalDate
    public let daysToPayday: Int
    public let arrearsAmount: Exact
    public let arrearsDays: Int
    public let arrearsInvoices: Int
    public let balance: Exact
    public let paymentDays: Int
    private let activeSignals: [(name: String, days: Int)]
    private let openActions: [String]
    /// Per channel index, days since the latest delivered contact (-1: none); empty if none at all.
    private let deliveredDayCounts: [Int]

    /// The facts at `t`, default `state.asOf`; `t` must lie in [`state.asOf`, `state.validUntil`).
    /// `today` is the local date of `t`; `localDate` converts other instants (payment and
    /// signal start days, `until` ends); `openActions` are the actions with an open item.
    public init(state: CaseState, at t: Instant? = nil, today: LocalDate, daysToPayday: Int, openActions: [String] = [],
                localDate: (Instant) -> LocalDate) {
        let t = t ?? state.asOf
        assert(t >= state.asOf && state.validUntil.map { t < $0 } ?? true, "evaluation time outside the state's validity")
        self.asOf = t
        self.today = today
        self.daysToPayday = daysToPayday
        self.openActions = openActions

        var unpaid: Int128 = 0, overdue: Int128 = 0, overdueCount = 0
        var oldest = Int.max
        let todayNumber = today.dayNumber
        for invoice in state.ledger.entries where invoice.remaining > 0 {
            unpaid += invoice.remaining
            let due = Int(invoice.due)
            if due < todayNumber {
                overdue += invoice.remaining
                overdueCount += 1
                oldest = min(oldest, due)
            }
        }
        arrearsAmount = Exact(mantissa: overdue, scale: 2)
        arrearsInvoices = overdueCount
        arrearsDays = overdueCount > 0 ? todayNumber - oldest : 0
        balance = Exact(mantissa: unpaid - state.ledger.creditCents, scale: 2)
        paymentDays = state.payments.last.map { max(0, today - localDate(Instant(microseconds: $0))) } ?? 99_999

        var active: [(name: String, days: Int)] = []
        for k in state.signals.indices {
            if let start = state.signals[k].activeRunStart(at: t.microseconds, localDate: localDate) {
                active.append((state.signalNames[k], max(0, today - localDate(Instant(microseconds: start)))))
            }
        }
        activeSignals = active
        deliveredDayCounts = state.lastDelivered.map { $0 == .min ? -1 : max(0, today - localDate(Instant(microseconds: $0))) }
        // Stored last, after its last read: stored first, it was copied (every array in it
        // retained, and released again at the end) for the reads above.
        self.state = state
    }

    public func paymentAmount(within span: TimeSpan) -> Exact {
        let first = state.payments.firstIndex(after: windowStart(asOf, span))
        let prefix = state.paidPrefix
        guard let total = prefix.last else { return .zero }
        return Exact(mantissa: total - (first > 0 ? prefix[first - 1] : 0), scale: 2)
    }

    public func contacts(within span: TimeSpan, channel: Channel?) -> Int {
        guard let channel else { return state.outbound.count(after: windowStart(asOf, span)) }
        return countContacts(after: windowStart(asOf, span), channel: channel, flag: ContactMark.outbound)
    }

    public func reached(within span: TimeSpan, channel: Channel?) -> Int {
        guard let channel else { return state.reached.count(after: windowStart(asOf, span)) }
        return countContacts(after: windowStart(asOf, span), channel: channel, flag: ContactMark.reached)
    }

    public func delivered(within span: TimeSpan, channel: Channel?) -> Int {
        countContacts(after: windowStart(asOf, span), channel: channel, flag: ContactMark.delivered)
    }

    /// `delivered_days(CHANNEL)`: local calendar days since the latest delivered contact, 0 if none.
    public func deliveredDays(_ channel: Channel) -> Int {
        deliveredDayCounts.isEmpty ? 0 : max(0, deliveredDayCounts[channel.index])
    }

    /// Contacts of `channel` (nil: any) with `flag` after `lower`: a scan of the window only.
    private func countContacts(after lower: Int64, channel: Channel?, flag: UInt8) -> Int {
        let want = UInt8(channel?.index ?? 0) | flag
        let mask = (channel == nil ? 0 : ContactMark.channelMask) | flag
        var n = 0
        for k in state.contactTimes.firstIndex(after: lower)..<state.contactMarks.count where state.contactMarks[k] & mask == want {
            n += 1
        }
        return n
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
        state.brokenArrangements.count(after: windowStart(asOf, span))
    }

    public func done(_ action: String, within span: TimeSpan) -> Int {
        state.work(action)?.doneTimes.count(after: windowStart(asOf, span)) ?? 0
    }

    public func isOpen(_ action: String) -> Bool { openActions.contains(action) }

    public func attribute(_ name: String) -> AttributeValue? { state.attributes[name] }

    /// The latest `work_done` of any outcome for `action`, for its cooldown.
    public func lastFinished(_ action: String) -> Instant? { state.lastFinished(action) }
}
