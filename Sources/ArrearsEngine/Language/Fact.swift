/// A fact of the case being evaluated (SPEC §4.4), with its arguments resolved.
public enum Fact: Sendable, Hashable {
    case arrearsAmount, arrearsDays, arrearsInvoices, balance
    case paymentDays, paymentAmount(TimeSpan)
    case contacts(TimeSpan, Channel?), reached(TimeSpan, Channel?), unreachedStreak
    case delivered(TimeSpan, Channel?), deliveredDays(Channel)
    case signal(String), signalDays(String)
    case arrangementStatus, arrangementBroken(TimeSpan)
    case done(String, TimeSpan), open(String)
    case todayDay, todayWeekday, todayDate, daysToPayday

    public var type: ValueType {
        switch self {
        case .arrearsAmount, .balance, .paymentAmount: .money
        case .signal, .open: .bool
        case .arrangementStatus: .string
        case .todayWeekday: .weekday
        case .todayDate: .date
        default: .number
        }
    }

    /// Facts that are plain names or dotted names, with their types.
    static let plain: [String: Fact] = [
        "arrears.amount": .arrearsAmount, "arrears.days": .arrearsDays, "arrears.invoices": .arrearsInvoices,
        "balance": .balance, "payment.days": .paymentDays, "unreached_streak": .unreachedStreak,
        "arrangement.status": .arrangementStatus, "today.day": .todayDay, "today.weekday": .todayWeekday,
        "today.date": .todayDate, "days_to_payday": .daysToPayday,
    ]

    /// Functions and function-like facts with their usage, for messages.
    static let functions: [String: String] = [
        "payment.amount": "payment.amount(30d)", "contacts": "contacts(7d) or contacts(7d, phone)",
        "reached": "reached(14d) or reached(14d, phone)", "signal": "signal(debt_help)",
        "delivered": "delivered(90d) or delivered(90d, letter)", "delivered_days": "delivered_days(letter)",
        "signal_days": "signal_days(debt_help)", "arrangement.broken": "arrangement.broken(180d)",
        "done": "done(call, 7d)", "open": "open(call)", "attr": "attr(segment) == \"...\"",
        "min": "min(a, b)", "max": "max(a, b)", "abs": "abs(a)",
    ]

    /// Roots that only have members.
    static let roots: [String: [String]] = [
        "arrears": ["amount", "days", "invoices"], "payment": ["days", "amount(D)"],
        "arrangement": ["status", "broken(D)"], "today": ["day", "weekday", "date"],
    ]
}
