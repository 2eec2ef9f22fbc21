/// A case folded from its events up to an instant T (SPEC §3 "Order"): the events with
/// `at` ≤ T applied in order of (`at`, arrival). Time-zone free; ``facts(today:daysToPayday:openActions:localDate:)``
/// adds the calendar.
public struct CaseState: Sendable {
    /// T: the fold includes the events with `at` ≤ T.
    public let asOf: Instant
    var ledger = InvoiceLedger()
    /// Payment instants and running totals (`paidPrefix[i]` = cents paid by the first i).
    var payments = TimeSeries()
    var paidPrefix: [Int128] = [0]
    var outbound = TimeSeries()
    var outboundByChannel = [TimeSeries](repeating: TimeSeries(), count: 7)
    var reached = TimeSeries()
    var reachedByChannel = [TimeSeries](repeating: TimeSeries(), count: 7)
    var signals: [SignalTimeline] = []
    var brokenArrangements = TimeSeries()
    var work: [ActionWork] = []

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
        asOf = t
        var sorted = true
        var previous: SequencedEvent? = nil
        for e in events {
            if let p = previous, e.precedes(p) { sorted = false; break }
            previous = e
        }
        if sorted {
            for e in events {
                if e.event.at > t { break }
                apply(e.event, signalDurations)
            }
        } else {
            for e in events.sorted(by: { $0.precedes($1) }) where e.event.at <= t { apply(e.event, signalDurations) }
        }
    }

    mutating func apply(_ event: Event, _ signalDurations: [String: TimeSpan]) {
        appliedCount += 1
        let t = event.at.microseconds
        switch event.body {
        case let .invoice(invoice, amount, due):
            if !ledger.addInvoice(id: invoice, cents: amount.cents, due: due, eventID: event.id) {
                skippedInvoiceEvents.append(event.id)
            }
        case let .payment(amount, invoice):
            let cents = amount.cents
            ledger.pay(cents: cents, naming: invoice)
            payments.append(t)
            paidPrefix.append(paidPrefix[paidPrefix.count - 1] + cents)
        case let .credit(invoice, amount):
            ledger.creditNote(cents: amount.cents, invoice: invoice)
        case let .contact(channel, direction, outcome):
            let isOutbound = direction == .outbound
            let isReached = !isOutbound || outcome == .reached
            if isOutbound {
                outbound.append(t)
                outboundByChannel[channel.index].append(t)
            }
            if isReached {
                reached.append(t)
                reachedByChannel[channel.index].append(t)
                unreachedStreak = 0
            } else {
                unreachedStreak += 1
            }
        case let .signal(name, until, cleared):
            var k = signals.firstIndex { $0.name == name } ?? -1
            if k < 0 { signals.append(SignalTimeline(name: name)); k = signals.count - 1 }
            if cleared {
                signals[k].clear(at: t)
            } else if let until {
                signals[k].activate(at: t, end: .endOfDay(until))
            } else if let span = signalDurations[name] {
                signals[k].activate(at: t, end: .instant((event.at + span).microseconds))
            } else {
                signals[k].activate(at: t, end: .never)
            }
        case let .arrangement(status, _):
            arrangementStatus = status
            if status == .broken { brokenArrangements.append(t) }
        case let .workDone(item, outcome, _):
            var k = work.firstIndex { $0.action == item.action } ?? -1
            if k < 0 { work.append(ActionWork(action: item.action)); k = work.count - 1 }
            work[k].record(number: item.number, outcome: outcome, at: t)
        case let .customer(changes):
            for (key, change) in changes {
                switch change {
                case .set(let value): attributes[key] = value
                case .delete: attributes[key] = nil
                }
            }
        }
    }

    /// The invoices in order of application.
    public var invoices: [InvoiceState] { ledger.invoices }
    public func invoice(_ id: InvoiceID) -> InvoiceState? { ledger.position(of: id).map { ledger.invoices[$0] } }
    /// Money received beyond every invoice, not yet used.
    public var credit: Exact { Exact(mantissa: ledger.creditCents, scale: 2) }
    /// The latest payment's `at`.
    public var lastPaymentAt: Instant? { payments.last.map(Instant.init(microseconds:)) }

    /// The latest `work_done` of any outcome for `action` (for its cooldown).
    public func lastFinished(_ action: String) -> Instant? {
        work.first { $0.action == action }.map { Instant(microseconds: $0.lastFinished) }
    }

    /// The highest N named in a `work_done` for `action` (0 if none), for new item ids.
    public func highestWorkNumber(_ action: String) -> Int {
        work.first { $0.action == action }?.highestNumber ?? 0
    }

    /// The facts at ``asOf`` in the calendar: `today` is the local date of ``asOf``.
    public func facts(today: LocalDate, daysToPayday: Int, openActions: [String] = [],
                      localDate: (Instant) -> LocalDate) -> CaseSnapshot {
        CaseSnapshot(state: self, today: today, daysToPayday: daysToPayday, openActions: openActions, localDate: localDate)
    }
}

/// The `work_done` history of one action on one case.
struct ActionWork: Sendable {
    let action: String
    /// Numbers of items finished with outcome `done`.
    private var doneNumbers: Set<Int> = []
    /// When each of those was first reported done, ascending.
    private(set) var doneTimes = TimeSeries()
    /// The latest `work_done` of any outcome.
    private(set) var lastFinished: Int64 = .min
    private(set) var highestNumber = 0

    init(action: String) { self.action = action }

    mutating func record(number: Int, outcome: WorkOutcome, at t: Int64) {
        lastFinished = max(lastFinished, t)
        highestNumber = max(highestNumber, number)
        if outcome == .done, doneNumbers.insert(number).inserted { doneTimes.append(t) }
    }
}
