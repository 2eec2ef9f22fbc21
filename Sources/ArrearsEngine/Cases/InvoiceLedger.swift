/// One invoice of a case as folded: its amount and what is still unpaid.
public struct InvoiceState: Sendable, Hashable {
    public let id: InvoiceID
    public let due: LocalDate
    /// The event that created it.
    public let eventID: EventID
    let amountCents: Int128
    var remainingCents: Int128

    public var amount: Exact { Exact(mantissa: amountCents, scale: 2) }
    /// Unpaid part after payments, credit notes and case credit.
    public var remaining: Exact { Exact(mantissa: remainingCents, scale: 2) }
    public var isPaid: Bool { remainingCents == 0 }
}

/// Invoices with FIFO payment allocation and case credit (SPEC §3), in whole cents.
///
/// Invariant: case credit is positive only when no invoice is unpaid, so an arriving invoice
/// is paid from credit first ("credit pays invoices the same way as they arrive").
struct InvoiceLedger: Sendable {
    /// In order of application.
    private(set) var invoices: [InvoiceState] = []
    private var index: [InvoiceID: Int] = [:]
    /// Indices of unpaid invoices, sorted by (due, invoice id byte-wise).
    private var unpaid: [Int] = []
    private(set) var creditCents: Int128 = 0

    func position(of id: InvoiceID) -> Int? { index[id] }

    /// Adds an invoice; false (and nothing changes) when the id is already known.
    mutating func addInvoice(id: InvoiceID, cents: Int128, due: LocalDate, eventID: EventID) -> Bool {
        guard index[id] == nil else { return false }
        let fromCredit = min(creditCents, cents)
        creditCents -= fromCredit
        let invoice = InvoiceState(id: id, due: due, eventID: eventID, amountCents: cents, remainingCents: cents - fromCredit)
        index[id] = invoices.count
        invoices.append(invoice)
        if invoice.remainingCents > 0 { insertUnpaid(invoices.count - 1) }
        return true
    }

    /// A payment: the named invoice (if known) first, then unpaid invoices by (due, id), then credit.
    mutating func pay(cents: Int128, naming named: InvoiceID?) {
        var left = cents
        if let named, let k = index[named] {
            left -= take(left, from: k)
            if invoices[k].remainingCents == 0 { unpaid.removeAll { $0 == k } }
        }
        creditCents += allocate(left)
    }

    /// A credit note lowering one invoice; the excess (all of it for an unknown invoice)
    /// becomes case credit, which pays the other unpaid invoices by (due, id).
    mutating func creditNote(cents: Int128, invoice: InvoiceID) {
        var left = cents
        if let k = index[invoice] {
            left -= take(left, from: k)
            if invoices[k].remainingCents == 0 { unpaid.removeAll { $0 == k } }
        }
        creditCents += allocate(left)
    }

    /// Lowers invoice `k` by at most `cents`; returns what it took.
    private mutating func take(_ cents: Int128, from k: Int) -> Int128 {
        let t = min(cents, invoices[k].remainingCents)
        invoices[k].remainingCents -= t
        return t
    }

    /// Pays unpaid invoices in (due, id) order; returns what is left over.
    private mutating func allocate(_ cents: Int128) -> Int128 {
        var left = cents
        var paidOff = 0
        for k in unpaid {
            if left == 0 { break }
            left -= take(left, from: k)
            if invoices[k].remainingCents == 0 { paidOff += 1 }
        }
        if paidOff > 0 { unpaid.removeFirst(paidOff) }
        return left
    }

    private mutating func insertUnpaid(_ k: Int) {
        let key = invoices[k]
        var lo = 0, hi = unpaid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let other = invoices[unpaid[mid]]
            if (other.due, other.id) < (key.due, key.id) { lo = mid + 1 } else { hi = mid }
        }
        unpaid.insert(k, at: lo)
    }
}

extension Exact {
    /// Whole cents (amounts have at most two decimals; more are rounded half-even).
    var cents: Int128 {
        let r = rounded(to: 2)
        return r.mantissa * Exact.powersOfTen[2 - r.scale]
    }
}
