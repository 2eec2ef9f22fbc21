import ArrearsEngine

/// How a generated customer pays.
enum PayerProfile: CaseIterable, Sendable {
    /// Pays on time nearly always.
    case punctual
    /// Pays just after payday, often after the due date.
    case paydayLate
    /// Often pays part of an invoice.
    case partial
    /// Struggles: arrears, arrangements, can't-pay signals, debt help.
    case struggling
    /// Won't pay: reached, but pays little.
    case wontPay

    static func draw(_ rng: inout SplitMix64) -> PayerProfile {
        rng.weighted([(.punctual, 60), (.paydayLate, 15), (.partial, 8), (.struggling, 12), (.wontPay, 5)])
    }
}

/// What becomes of one invoice.
enum InvoiceFate {
    case onTime, afterPayday, partial, collection

    static func draw(_ profile: PayerProfile, _ rng: inout SplitMix64) -> InvoiceFate {
        switch profile {
        case .punctual: rng.weighted([(.onTime, 92), (.afterPayday, 6), (.collection, 2)])
        case .paydayLate: rng.weighted([(.onTime, 20), (.afterPayday, 68), (.partial, 8), (.collection, 4)])
        case .partial: rng.weighted([(.onTime, 30), (.afterPayday, 20), (.partial, 42), (.collection, 8)])
        case .struggling: rng.weighted([(.onTime, 15), (.afterPayday, 25), (.partial, 25), (.collection, 35)])
        case .wontPay: rng.weighted([(.afterPayday, 10), (.partial, 5), (.collection, 85)])
        }
    }
}

/// How a case in collection ends (within the generated period or not).
enum CollectionOutcome {
    case pays, arrangement, cannotPay, dispute, breathingSpace, illness, nothing

    static func draw(_ profile: PayerProfile, _ rng: inout SplitMix64) -> CollectionOutcome {
        switch profile {
        case .wontPay:
            rng.weighted([(.pays, 20), (.arrangement, 15), (.dispute, 15), (.nothing, 50)])
        case .struggling:
            rng.weighted([(.pays, 25), (.arrangement, 30), (.cannotPay, 25), (.breathingSpace, 6), (.illness, 6), (.nothing, 8)])
        default:
            rng.weighted([(.pays, 55), (.arrangement, 18), (.cannotPay, 5), (.dispute, 10), (.breathingSpace, 3), (.illness, 3), (.nothing, 6)])
        }
    }
}

/// The lasting traits and counters of one generated case.
struct CaseModel: Sendable {
    var rng: SplitMix64
    let profile: PayerProfile
    /// The customer's `payday` attribute, if the creditor knows it.
    let payday: Int?
    /// The day of the month invoices are sent.
    let invoiceDay: Int
    /// The usual invoice amount in cents; each invoice varies around it.
    let baseCents: Int64
    /// Invoices issued so far.
    var invoices: Int32 = 0
    /// Collection work is planned up to this day; new arrears meanwhile get lighter treatment.
    var busyUntil: Int32 = -1

    init(seed: UInt64, index: Int) {
        rng = SplitMix64(seed: seed, stream: UInt64(index))
        profile = PayerProfile.draw(&rng)
        payday = rng.weighted([(Int?.some(20), 25), (23, 12), (25, 38), (nil, 25)])
        invoiceDay = rng.inRange(1...28)
        let band: ClosedRange<Int> = rng.weighted([(1_500...6_000, 45), (6_000...15_000, 40), (15_000...40_000, 15)])
        baseCents = Int64(rng.inRange(band))
    }
}
