/// The types of the rules language (SPEC §4.4).
public enum ValueType: String, Sendable, Hashable, CustomStringConvertible {
    case bool, number, money, duration, date, string, weekday
    public var description: String { rawValue }

    /// "numbers", "amounts of money": for messages.
    var plural: String {
        switch self {
        case .money: "amounts of money"
        case .bool: "booleans"
        default: "\(rawValue)s"
        }
    }

    /// "a number", "money", "a duration": for messages.
    var withArticle: String {
        switch self {
        case .money: "money"
        case .bool: "a boolean (true/false)"
        default: "a \(rawValue)"
        }
    }
}

/// A value of the rules language. Money and numbers are both `Exact`; the checker keeps them apart.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case number(Exact)
    case duration(TimeSpan)
    case date(LocalDate)
    case string(String)
    case weekday(Weekday)

    public var description: String {
        switch self {
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.description
        case .duration(let d): d.description
        case .date(let d): d.description
        case .string(let s): JSONText.quote(s)
        case .weekday(let w): w.description
        }
    }

    /// Shown as the given type: money always with two decimals.
    func shown(as type: ValueType) -> String {
        if type == .money, case .number(let n) = self { return n.formatted(decimals: 2) }
        return description
    }
}

/// The kind of an action: pressure asks the customer to pay, support helps (SPEC §4.2).
public enum ActionKind: String, Sendable, Hashable {
    case pressure, support
}
