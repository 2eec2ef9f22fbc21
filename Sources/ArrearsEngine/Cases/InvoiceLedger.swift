/// One invoice of a case as folded: its amount and what is still unpaid.
public struct InvoiceState: Sendable, Hashable {
    public let id: InvoiceID
    public let due: LocalDate
    /// The event that created it.
    public let eventID: EventID
    public let amount: Exact
    /// Unpaid part after payments, credit notes and case credit.
    public let remaining: Exact
    public var isPaid: Bool { remaining.isZero }
}

/// Invoices with FIFO payment allocation and case credit (SPEC §3), in whole cents. Invoices
/// are named by their index in the case's invoice id table.
///
/// Invariant: case credit is positive only when no invoice is unpaid, so an arriving invoice
/// is paid from credit first ("credit pays invoices the same way as they arrive").
struct InvoiceLedger: Sendable {
    struct Entry: Sendable {
        let invoice: Int32
        let due: Int32
        /// Index into the table of invoice event ids.
        let event: Int32
        let amount: Int128
        var remaining: Int128
    }

    /// In order of application.
    private(set) var entries: [Entry] = []
    /// Entry position per invoice table index, -1 while not folded.
    private var positions: [Int32]
    /// Positions of unpaid entries, sorted by (due, invoice id byte-wise).
    private var unpaid: [Int] = []
    private(set) var creditCents: Int128 = 0
    /// The id table, for the tie-break on equal due dates.
    private let ids: [InvoiceID]

    init(ids: [InvoiceID], capacity: Int) {
        self.ids = ids
        positions = [Int32](repeating: -1, count: ids.count)
        entries.reserveCapacity(capacity)
    }

    func position(of invoice: Int) -> Int? {
        let p = positions[invoice]
        return p < 0 ? nil : Int(p)
    }

    /// Adds an invoice; false (and nothing changes) when it was folded already.
    mutating func addInvoice(_ invoice: Int32, cents: Int64, due: Int32, event: Int32) -> Bool {
        guard positions[Int(invoice)] < 0 else { return false }
        let cents = Int128(cents)
        let fromCredit = min(creditCents, cents)
        creditCents -= fromCredit
        positions[Int(invoice)] = Int32(entries.count)
        entries.append(Entry(invoice: invoice, due: due, event: event, amount: cents, remaining: cents - fromCredit))
        if cents > fromCredit { insertUnpaid(entries.count - 1) }
        return true
    }

    /// A payment: the named invoice (if folded) first, then unpaid invoices by (due, id), then credit.
    mutating func pay(cents: Int64, naming named: Int32) {
        creditCents += allocate(lower(Int128(cents), named))
    }

    /// A credit note lowering one invoice; the excess (all of it for an invoice not folded)
    /// becomes case credit, which pays the other unpaid invoices by (due, id).
    mutating func creditNote(cents: Int64, invoice: Int32) {
        creditCents += allocate(lower(Int128(cents), invoice))
    }

    /// Lowers the named invoice by at most `cents`; returns the rest.
    private mutating func lower(_ cents: Int128, _ invoice: Int32) -> Int128 {
        guard invoice >= 0, let k = position(of: Int(invoice)), entries[k].remaining > 0 else { return cents }
        let t = min(cents, entries[k].remaining)
        entries[k].remaining -= t
        if entries[k].remaining == 0, let u = unpaid.firstIndex(of: k) { unpaid.remove(at: u) }
        return cents - t
    }

    /// Pays unpaid invoices in (due, id) order; returns what is left over.
    private mutating func allocate(_ cents: Int128) -> Int128 {
        var left = cents
        var paidOff = 0
        for k in unpaid {
            if left == 0 { break }
            let t = min(left, entries[k].remaining)
            entries[k].remaining -= t
            left -= t
            if entries[k].remaining == 0 { paidOff += 1 }
        }
        if paidOff > 0 { unpaid.removeFirst(paidOff) }
        return left
    }

    private mutating func insertUnpaid(_ k: Int) {
        let key = entries[k]
        var lo = 0, hi = unpaid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let other = entries[unpaid[mid]]
            let before = other.due != key.due ? other.due < key.due : ids[Int(other.invoice)] < ids[Int(key.invoice)]
            if before { lo = mid + 1 } else { hi = mid }
        }
        unpaid.insert(k, at: lo)
    }
}
