/// One event compiled for folding: fixed size, no strings, so a fold copies no references.
/// Names (invoice ids, signals, actions) are indices into the tables of ``FoldInput``.
struct FoldRecord: Sendable {
    enum Kind: UInt8, Sendable {
        case invoice, payment, credit, contact, signalStart, signalUntil, signalClear, arrangement, workDone, customer
    }

    let at: Int64
    let kind: Kind
    /// invoice: invoice; payment: named invoice or -1; credit: invoice; contact: ``ContactMark``
    /// bits; signal: name; arrangement: status index; work_done: action; customer: change set.
    let a: Int32
    /// invoice: due day number; signalUntil: until day number; work_done: ``done`` or 0.
    let b: Int32
    /// invoice: the index of its event id in `invoiceEventIDs`.
    let c: Int32
    /// Amounts in cents; work_done: the item number.
    let amount: Int64

    /// `b` of a work_done with outcome done.
    static let done: Int32 = 1

    static func code(_ status: ArrangementStatus) -> Int32 {
        switch status {
        case .none: 0
        case .agreed: 1
        case .broken: 2
        case .completed: 3
        case .cancelled: 4
        }
    }

    static func arrangementStatus(_ code: Int32) -> ArrangementStatus {
        switch code {
        case 1: .agreed
        case 2: .broken
        case 3: .completed
        case 4: .cancelled
        default: .none
        }
    }
}

/// A case's events compiled for folding, in fold order, with the name tables they refer to.
struct FoldInput: Sendable {
    private(set) var records: [FoldRecord] = []
    private(set) var invoiceIDs: [InvoiceID] = []
    private(set) var invoiceEventIDs: [EventID] = []
    private(set) var signalNames: [String] = []
    private(set) var actions: [String] = []
    private(set) var customerChanges: [AttributeUpdates] = []
    private var invoiceIndex: [InvoiceID: Int32] = [:]
    private var signalIndex: [String: Int32] = [:]
    private var actionIndex: [String: Int32] = [:]
    /// Whether the three indexes above match the tables (a decoded input builds them on its
    /// first insert).
    private var indexed = true
    /// Records per kind, for reserving capacity in a fold.
    private(set) var counts = [Int](repeating: 0, count: 10)

    /// Compiles events given in fold order.
    init(sorted events: some Sequence<SequencedEvent>) {
        for e in events { insert(e.event, at: records.count) }
    }

    init() {}

    /// An input from its parts, as ``CaseLog`` decodes it.
    init(records: [FoldRecord], invoiceIDs: [InvoiceID], invoiceEventIDs: [EventID], signalNames: [String],
         actions: [String], customerChanges: [AttributeUpdates]) {
        self.records = records
        self.invoiceIDs = invoiceIDs
        self.invoiceEventIDs = invoiceEventIDs
        self.signalNames = signalNames
        self.actions = actions
        self.customerChanges = customerChanges
        for r in records { counts[Int(r.kind.rawValue)] += 1 }
        indexed = invoiceIDs.isEmpty && signalNames.isEmpty && actions.isEmpty
    }

    private mutating func buildIndexes() {
        guard !indexed else { return }
        // Each index sized once for its table and a few more entries, not grown key by key.
        invoiceIndex.reserveCapacity(invoiceIDs.count + 4)
        signalIndex.reserveCapacity(signalNames.count + 2)
        actionIndex.reserveCapacity(actions.count + 2)
        for (k, id) in invoiceIDs.enumerated() { invoiceIndex[id] = Int32(k) }
        for (k, name) in signalNames.enumerated() { signalIndex[name] = Int32(k) }
        for (k, name) in actions.enumerated() { actionIndex[name] = Int32(k) }
        indexed = true
    }

    /// Where an event with `at` goes when it arrived after every event held: after each
    /// record with an `at` at or before it.
    func position(after at: Instant) -> Int {
        var lo = records.count
        while lo > 0, records[lo - 1].at > at.microseconds { lo -= 1 }
        return lo
    }

    /// Compiles `event` and inserts it at fold position `position`.
    mutating func reserveCapacity(_ n: Int) { records.reserveCapacity(n) }

    mutating func insert(_ event: Event, at position: Int) {
        buildIndexes()
        let record = compile(event)
        counts[Int(record.kind.rawValue)] += 1
        records.insert(record, at: position)
    }

    private mutating func compile(_ event: Event) -> FoldRecord {
        let t = event.at.microseconds
        func rec(_ kind: FoldRecord.Kind, _ a: Int32, _ b: Int32 = 0, _ c: Int32 = 0, _ amount: Int64 = 0) -> FoldRecord {
            FoldRecord(at: t, kind: kind, a: a, b: b, c: c, amount: amount)
        }
        switch event.body {
        case let .invoice(invoice, amount, due):
            invoiceEventIDs.append(event.id)
            return rec(.invoice, intern(invoice), Int32(truncatingIfNeeded: due.dayNumber), Int32(invoiceEventIDs.count - 1), amount.cents)
        case let .payment(amount, invoice):
            return rec(.payment, invoice.map { intern($0) } ?? -1, 0, 0, amount.cents)
        case let .credit(invoice, amount):
            return rec(.credit, intern(invoice), 0, 0, amount.cents)
        case let .contact(channel, direction, outcome):
            let outbound = direction == .outbound
            let reached = !outbound || outcome == .reached
            let delivered = outbound && outcome == .delivered
            return rec(.contact, Int32(UInt8(channel.index) | (outbound ? ContactMark.outbound : 0) | (reached ? ContactMark.reached : 0)
                                       | (delivered ? ContactMark.delivered : 0)))
        case let .signal(name, until, cleared):
            let k = intern(signal: name)
            if cleared { return rec(.signalClear, k) }
            if let until { return rec(.signalUntil, k, Int32(truncatingIfNeeded: until.dayNumber)) }
            return rec(.signalStart, k)
        case let .arrangement(status, _):
            return rec(.arrangement, FoldRecord.code(status))
        case let .workDone(work, outcome, _):
            return rec(.workDone, intern(action: work.action), outcome == .done ? FoldRecord.done : 0, 0, Int64(work.number))
        case let .customer(changes):
            customerChanges.append(changes)
            return rec(.customer, Int32(customerChanges.count - 1))
        }
    }

    private mutating func intern(_ id: InvoiceID) -> Int32 {
        if let k = invoiceIndex[id] { return k }
        invoiceIDs.append(id)
        invoiceIndex[id] = Int32(invoiceIDs.count - 1)
        return Int32(invoiceIDs.count - 1)
    }

    private mutating func intern(signal name: String) -> Int32 {
        if let k = signalIndex[name] { return k }
        signalNames.append(name)
        signalIndex[name] = Int32(signalNames.count - 1)
        return Int32(signalNames.count - 1)
    }

    private mutating func intern(action: String) -> Int32 {
        if let k = actionIndex[action] { return k }
        actions.append(action)
        actionIndex[action] = Int32(actions.count - 1)
        return Int32(actions.count - 1)
    }
}

extension Exact {
    /// Whole cents (amounts have at most two decimals and at most 12 integer digits; more
    /// decimals are rounded half-even; a value beyond Int64 cents saturates).
    var cents: Int64 {
        let r = rounded(to: 2)
        let (c, overflow) = r.mantissa.multipliedReportingOverflow(by: Exact.powersOfTen[2 - r.scale])
        return overflow ? (r.mantissa < 0 ? .min : .max) : Int64(clamping: c)
    }
}
