/// A case folded from its events up to an instant T (SPEC §3 "Order"): the events with
/// `at` ≤ T applied in order of (`at`, arrival). Time-zone free;
/// ``facts(at:today:daysToPayday:openActions:localDate:)`` adds the calendar.
///
/// The same state holds for every evaluation time in [``asOf``, ``validUntil``): re-evaluating
/// a case as time passes needs a new snapshot, not a new fold.
public struct CaseState: Sendable {
    /// T: the fold includes the events with `at` ≤ T.
    public let asOf: Instant
    /// The earliest `at` after T among the events folded from (nil: none), where this state
    /// stops being the state of the case.
    public private(set) var validUntil: Instant? = nil

    // Name tables of the fold input.
    let invoiceIDs: [InvoiceID]
    let invoiceEventIDs: [EventID]
    let signalNames: [String]
    let actions: [String]

    var ledger: InvoiceLedger
    /// Payment instants and running totals (`paidPrefix[i]` = cents paid by the first i + 1).
    var payments = TimeSeries()
    var paidPrefix: [Int128] = []
    var outbound = TimeSeries()
    var reached = TimeSeries()
    /// Every contact's instant, with ``ContactMark`` bits alongside (per-channel windows).
    var contactTimes = TimeSeries()
    var contactMarks: [UInt8] = []
    /// Per channel index, the instant of the latest outbound contact with outcome `delivered`
    /// (`Int64.min`: none); empty until the first one.
    var lastDelivered: [Int64] = []
    /// Per signal name index.
    var signals: [SignalTimeline]
    var brokenArrangements = TimeSeries()
    /// Per action index.
    var work: [ActionWork]

    /// Outbound attempts after the last contact that reached the customer.
    public private(set) var unreachedStreak = 0
    /// Status of the latest arrangement event.
    public private(set) var arrangementStatus = ArrangementStatus.none
    /// Merged `customer` attributes.
    public private(set) var attributes: [String: AttributeValue] = [:]
    /// `invoice` events skipped because their invoice id was already folded (normally
    /// refused earlier by ``CaseHistory/admit(_:arrival:)``).
    public private(set) var skippedInvoiceEvents: [EventID] = []
    /// How many events were applied.
    public private(set) var appliedCount = 0

    /// Folds `events` (in any order; sorted here when needed) through `t`. `signalDurations`
    /// is the rule set's `signal NAME lasts D`.
    public init(folding events: some Collection<SequencedEvent>, through t: Instant, signalDurations: [String: TimeSpan] = [:]) {
        var sorted = true
        var previous: SequencedEvent? = nil
        for e in events {
            if let p = previous, e.precedes(p) { sorted = false; break }
            previous = e
        }
        let input = sorted ? FoldInput(sorted: events) : FoldInput(sorted: events.sorted { $0.precedes($1) })
        self.init(input, through: t, signalDurations: signalDurations)
    }

    /// Folds compiled input (already in fold order).
    init(_ input: FoldInput, through t: Instant, signalDurations: [String: TimeSpan]) {
        asOf = t
        invoiceIDs = input.invoiceIDs
        invoiceEventIDs = input.invoiceEventIDs
        signalNames = input.signalNames
        actions = input.actions
        ledger = InvoiceLedger(ids: input.invoiceIDs, capacity: input.counts[Int(FoldRecord.Kind.invoice.rawValue)])
        signals = [SignalTimeline](repeating: SignalTimeline(), count: signalNames.count)
        work = [ActionWork](repeating: ActionWork(), count: actions.count)
        let durations: [Int64?] = signalNames.map { name in signalDurations[name].map { $0.seconds &* 1_000_000 } }
        let paymentCount = input.counts[Int(FoldRecord.Kind.payment.rawValue)]
        if paymentCount > 0 { payments.reserve(paymentCount); paidPrefix.reserveCapacity(paymentCount) }
        let contactCount = input.counts[Int(FoldRecord.Kind.contact.rawValue)]
        if contactCount > 0 {
            outbound.reserve(contactCount); reached.reserve(contactCount)
            contactTimes.reserve(contactCount); contactMarks.reserveCapacity(contactCount)
        }
        let limit = t.microseconds
        let changes = input.customerChanges
        for r in input.records {
            if r.at > limit { validUntil = Instant(microseconds: r.at); break }
            apply(r, changes, durations)
        }
    }

    private mutating func apply(_ r: FoldRecord, _ customerChanges: [AttributeUpdates], _ durations: [Int64?]) {
        appliedCount += 1
        let t = r.at
        switch r.kind {
        case .invoice:
            if !ledger.addInvoice(r.a, cents: r.amount, due: r.b, event: r.c) { skippedInvoiceEvents.append(invoiceEventIDs[Int(r.c)]) }
        case .payment:
            ledger.pay(cents: r.amount, naming: r.a)
            payments.append(t)
            paidPrefix.append((paidPrefix.last ?? 0) + Int128(r.amount))
        case .credit:
            ledger.creditNote(cents: r.amount, invoice: r.a)
        case .contact:
            let mark = UInt8(truncatingIfNeeded: r.a)
            let isReached = mark & ContactMark.reached != 0
            if mark & ContactMark.outbound != 0 { outbound.append(t) }
            if isReached { reached.append(t) }
            unreachedStreak = isReached ? 0 : unreachedStreak + 1
            contactTimes.append(t)
            contactMarks.append(mark)
            if mark & ContactMark.delivered != 0 {
                if lastDelivered.isEmpty { lastDelivered = [Int64](repeating: .min, count: Channel.allCases.count) }
                lastDelivered[Int(mark & ContactMark.channelMask)] = t
            }
        case .signalStart:
            let end: SignalTimeline.End = durations[Int(r.a)].map { .instant(t &+ $0) } ?? .never
            signals[Int(r.a)].activate(at: t, end: end)
        case .signalUntil:
            signals[Int(r.a)].activate(at: t, end: .endOfDay(LocalDate(dayNumber: Int(r.b))))
        case .signalClear:
            signals[Int(r.a)].clear(at: t)
        case .arrangement:
            arrangementStatus = FoldRecord.arrangementStatus(r.a)
            if arrangementStatus == .broken { brokenArrangements.append(t) }
        case .workDone:
            work[Int(r.a)].record(number: r.amount, done: r.b == FoldRecord.done, at: t)
        case .customer:
            let changes = customerChanges[Int(r.a)]
            // Room for them all at once: grown key by key, the dictionary was rebuilt each time.
            attributes.reserveCapacity(attributes.count + changes.count)
            for (key, change) in changes {
                switch change {
                case .set(let value): attributes[key] = value
                case .delete: attributes[key] = nil
                }
            }
        }
    }

    /// The invoices in order of application.
    public var invoices: [InvoiceState] { ledger.entries.map(invoiceState) }

    /// One invoice by id, nil if not folded (yet).
    public func invoice(_ id: InvoiceID) -> InvoiceState? {
        guard let k = invoiceIDs.firstIndex(of: id), let p = ledger.position(of: k) else { return nil }
        return invoiceState(ledger.entries[p])
    }

    private func invoiceState(_ e: InvoiceLedger.Entry) -> InvoiceState {
        InvoiceState(id: invoiceIDs[Int(e.invoice)], due: LocalDate(dayNumber: Int(e.due)), eventID: invoiceEventIDs[Int(e.event)],
                     amount: Exact(mantissa: e.amount, scale: 2), remaining: Exact(mantissa: e.remaining, scale: 2))
    }

    /// Money received beyond every invoice, not yet used.
    public var credit: Exact { Exact(mantissa: ledger.creditCents, scale: 2) }
    /// The latest payment's `at`.
    public var lastPaymentAt: Instant? { payments.last.map(Instant.init(microseconds:)) }

    /// The work history of `action`, nil if it has none.
    func work(_ action: String) -> ActionWork? {
        for k in actions.indices where actions[k] == action { return work[k] }
        return nil
    }

    /// The latest `work_done` of any outcome for `action` (for its cooldown).
    public func lastFinished(_ action: String) -> Instant? {
        work(action).flatMap { $0.lastFinished }.map(Instant.init(microseconds:))
    }

    /// The latest outbound contact of `channel` with outcome `delivered` (for `delivered_days`).
    public func lastDelivered(_ channel: Channel) -> Instant? {
        guard !lastDelivered.isEmpty, lastDelivered[channel.index] != .min else { return nil }
        return Instant(microseconds: lastDelivered[channel.index])
    }

    /// The highest N named in a `work_done` for `action` (0 if none), for new item ids.
    public func highestWorkNumber(_ action: String) -> Int { work(action)?.highestNumber ?? 0 }

    /// The facts at `t` (default ``asOf``; within [``asOf``, ``validUntil``)) in the calendar:
    /// `today` is the local date of `t`.
    public func facts(at t: Instant? = nil, today: LocalDate, daysToPayday: Int, openActions: [String] = [],
                      localDate: (Instant) -> LocalDate) -> CaseSnapshot {
        CaseSnapshot(state: self, at: t, today: today, daysToPayday: daysToPayday, openActions: openActions, localDate: localDate)
    }
}

/// The `work_done` history of one action on one case.
struct ActionWork: Sendable {
    /// Numbers of items finished with outcome `done` (few per action: a linear set).
    private var doneNumbers: [Int64] = []
    /// When each of those was first reported done, ascending.
    private(set) var doneTimes = TimeSeries()
    /// The latest `work_done` of any outcome; nil before the first.
    private(set) var lastFinished: Int64? = nil
    private(set) var highestNumber = 0

    mutating func record(number: Int64, done: Bool, at t: Int64) {
        lastFinished = max(lastFinished ?? t, t)
        highestNumber = max(highestNumber, Int(number))
        if done, !doneNumbers.contains(number) {
            doneNumbers.append(number)
            doneTimes.append(t)
        }
    }
}

/// The bits stored per contact: the channel index in the low three bits, then three flags.
enum ContactMark {
    static let channelMask: UInt8 = 0b111
    static let outbound: UInt8 = 0b1000
    static let reached: UInt8 = 0b1_0000
    /// An outbound contact with outcome `delivered`.
    static let delivered: UInt8 = 0b10_0000
}
