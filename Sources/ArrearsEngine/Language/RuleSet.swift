/// A declared action (SPEC §4.2).
public struct ActionDefinition: Sendable, Hashable {
    public let name: String
    public let kind: ActionKind
    public let channel: Channel?
    /// Default 7d.
    public let cooldown: TimeSpan
    public let location: SourceLocation
}

/// A `let` binding.
public struct LetDefinition: Sendable {
    public let name: String
    public let value: TypedExpression
    public let location: SourceLocation
}

/// A checked effect of a rule.
public enum RuleEffect: Sendable {
    /// Queue the action (index into `RuleSet.actions`).
    case queue(action: Int, priority: TypedExpression, due: Timing, note: String?)
    case hold(reason: String)
    case tag(String)
}

/// A checked rule.
public struct Rule: Sendable {
    public let name: String
    public let description: String?
    public let condition: TypedExpression
    public let effects: [RuleEffect]
    public let location: SourceLocation

    /// The description if given, else the name: shown as the reason of a queued item.
    public var reason: String { description ?? name }
    public var hasHold: Bool { effects.contains { if case .hold = $0 { true } else { false } } }
}

/// A complete, checked rule set: every `*.rules` file of a directory as one (SPEC §4.6).
public struct RuleSet: Sendable {
    /// From `ruleset "name"`; nil when not given.
    public let name: String?
    public let calendar: CalendarSettings
    public let limits: [ContactLimit]
    public let actions: [ActionDefinition]
    /// Every usable signal name: the standard ones and those declared.
    public let signals: Set<String>
    /// `signal NAME lasts D`: default durations of activations without `until`.
    public let signalDurations: [String: TimeSpan]
    public let lets: [LetDefinition]
    /// In evaluation order: files by name, rules in file order.
    public let rules: [Rule]
    /// SHA-256 hex digest over the file names and bytes, when the loader computed one.
    public internal(set) var contentHash: String?

    /// The standard signal names of SPEC §3.
    public static let standardSignals: Set<String> = [
        "debt_help", "cannot_pay", "dispute", "illness", "job_loss", "breathing_space", "deceased",
        "low_literacy", "objects_to_sharing",
    ]

    public func actionIndex(named name: String) -> Int? { actions.firstIndex { $0.name == name } }
}
