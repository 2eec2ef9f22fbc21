/// The syntax tree of a rule file, as written (before name resolution and type checking).
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case number(Exact)
        case string(String)
        case bool(Bool)
        case duration(TimeSpan)
        case date(LocalDate)
        case time(TimeOfDay)
        /// A bare or dotted name: `cannot_pay`, `balance`, `arrears.amount`, `monday`.
        case path([String])
        /// A call: `signal(debt_help)`, `payment.amount(30d)`, `min(a, b)`.
        case call([String], [Expr])
        case not(Expr)
        case negate(Expr)
        case binary(BinaryOperator, Expr, Expr)
        case inList(Expr, [Expr])
    }

    let kind: Kind
    let location: SourceLocation

    /// The canonical source form, used by `explain` and in messages.
    var source: String {
        switch kind {
        case .number(let n): n.description
        case .string(let s): JSONText.quote(s)
        case .bool(let b): b ? "true" : "false"
        case .duration(let d): d.description
        case .date(let d): d.description
        case .time(let t): t.description
        case .path(let p): p.joined(separator: ".")
        case .call(let p, let args): p.joined(separator: ".") + "(" + args.map(\.source).joined(separator: ", ") + ")"
        case .not(let e): "not " + e.nestedSource(above: 3)
        case .negate(let e): "-" + e.nestedSource(above: 7)
        case .binary(let op, let l, let r):
            l.nestedSource(above: op.precedence) + " " + op.rawValue + " " + r.nestedSource(above: op.precedence + (op.isComparison ? 1 : 0), right: true)
        case .inList(let e, let items): e.nestedSource(above: 5) + " in [" + items.map(\.source).joined(separator: ", ") + "]"
        }
    }

    private var precedence: Int {
        switch kind {
        case .binary(let op, _, _): op.precedence
        case .not: 3
        case .inList: 4
        default: 9
        }
    }

    private func nestedSource(above level: Int, right: Bool = false) -> String {
        precedence < level || (right && precedence == level && precedence >= 5) ? "(" + source + ")" : source
    }
}

enum BinaryOperator: String, Sendable {
    case or, and
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case add = "+", sub = "-", mul = "*", div = "/"

    /// 1 or, 2 and, (3 not), 4 comparisons, 5 + -, 6 * /.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .eq, .ne, .lt, .le, .gt, .ge: 4
        case .add, .sub: 5
        case .mul, .div: 6
        }
    }

    var isComparison: Bool { precedence == 4 }
    var isOrdering: Bool { self == .lt || self == .le || self == .gt || self == .ge }
}

/// A name as written, with where it was written.
struct Name: Sendable {
    let text: String
    let location: SourceLocation
}

/// When a queued item is due (SPEC §4.3), measured from the moment the item was opened.
public enum Timing: Sendable, Hashable, CustomStringConvertible {
    case now
    case after(TimeSpan)
    /// `after payday` (+ offset).
    case afterPayday(TimeSpan)

    public var description: String {
        switch self {
        case .now: "now"
        case .after(let d): "in \(d)"
        case .afterPayday(let d): d.seconds == 0 ? "after payday" : "after payday + \(d)"
        }
    }
}

enum Effect: Sendable {
    case queue(action: Name, priority: Expr, due: Timing, note: String?, location: SourceLocation)
    case hold(reason: String, location: SourceLocation)
    case tag(Name)
}

enum CalendarItem: Sendable {
    case timezone(String, SourceLocation)
    case paydays([(Int, SourceLocation)], SourceLocation)
    case contactHours(TimeOfDay, TimeOfDay, SourceLocation)
    case closed([Name], SourceLocation)
    case holidays(Name, SourceLocation)
    case holiday(LocalDate, SourceLocation)
}

enum Declaration: Sendable {
    case ruleset(String, SourceLocation)
    case calendar([CalendarItem], SourceLocation)
    case limit(count: Int, window: TimeSpan, channel: Name?, location: SourceLocation)
    case action(name: Name, kind: Name, channel: Name?, cooldown: TimeSpan?)
    case signal(name: Name, lasts: TimeSpan?)
    case letBinding(name: Name, value: Expr)
    case rule(name: Name, description: String?, condition: Expr, effects: [Effect])
}

/// What a declared name names (rules, actions and lets share one namespace; signals have their own).
enum NameKind: String, Sendable, CustomStringConvertible {
    case rule, action, letBinding = "let", signal

    var description: String { rawValue }
    /// "a rule", "an action": for messages.
    var withArticle: String { (self == .action ? "an " : "a ") + rawValue }
}
