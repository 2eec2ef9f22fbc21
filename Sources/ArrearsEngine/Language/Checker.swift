import Foundation

/// Loads a rule set from its sources: parses every file, resolves names across files, checks
/// types, and reports every problem at once (SPEC §4.1–4.4, §4.6).
public enum RuleSetLoader {
    /// Checks `sources` as one rule set. The rule set is nil when there is any error; warnings
    /// come with a usable rule set.
    public static func load(_ sources: [SourceFile]) -> (ruleSet: RuleSet?, diagnostics: [Diagnostic]) {
        var checker = Checker()
        var ruleSet = checker.check(sources.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
        ruleSet?.contentHash = RuleSet.contentHash(of: sources)
        let diagnostics = checker.diagnostics.sortedByLocation()
        return (diagnostics.hasErrors ? nil : ruleSet, diagnostics)
    }
}

/// What an expression depends on, collected while checking it (lets included).
struct Usage {
    /// Actions named in `open(…)`, with where they entered (the call or the `let` reference).
    var openActions: [String: (location: SourceLocation, through: String?)] = [:]
    var signals: Set<String> = []

    mutating func merge(_ other: Usage, through letName: String, at location: SourceLocation) {
        for (action, _) in other.openActions where openActions[action] == nil {
            openActions[action] = (location, letName)
        }
        signals.formUnion(other.signals)
    }
}

struct Checker {
    var diagnostics: [Diagnostic] = []
    var poisoned: Set<String> = []

    /// Rules, actions and lets share one namespace.
    var names: [String: (kind: NameKind, location: SourceLocation)] = [:]
    var actions: [ActionDefinition] = []
    var actionIndex: [String: Int] = [:]
    var signals = RuleSet.standardSignals
    var signalDurations: [String: TimeSpan] = [:]
    var signalDeclared: [String: SourceLocation] = [:]

    enum LetState { case unchecked(Expr), checking, checked(TypedExpression?, Usage) }
    var letOrder: [String] = []
    var letStates: [String: LetState] = [:]
    var letLocations: [String: SourceLocation] = [:]
    /// Lets being checked, innermost last (to show a cycle).
    var letStack: [String] = []
    var usedLets: Set<String> = []

    mutating func error(_ location: SourceLocation?, _ message: String, notes: [Diagnostic] = []) {
        diagnostics.append(.error(location, message, notes: notes))
    }

    mutating func warning(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(.warning(location, message))
    }

    mutating func check(_ sources: [SourceFile]) -> RuleSet? {
        if sources.isEmpty {
            error(nil, "no rules: the rule set has no *.rules files")
            return nil
        }
        var declarations: [(Declaration, SourceLocation)] = []
        for source in sources {
            let parser = Parser.parse(source)
            diagnostics += parser.diagnostics
            poisoned.formUnion(parser.poisonedNames)
            declarations += parser.declarations
        }

        var rulesetName: String?, rulesetLocation: SourceLocation?
        var calendar = CalendarSettings(), calendarLocation: SourceLocation?
        var limits: [ContactLimit] = []
        var pendingRules: [(Name, String?, Expr, [Effect])] = []

        // Pass 1: names, actions, signals, calendar, limits.
        for (declaration, location) in declarations {
            switch declaration {
            case .ruleset(let name, _):
                if let first = rulesetLocation {
                    error(location, "a second 'ruleset': a rule set has at most one name (first at \(first))",
                          notes: [.note(first, "first 'ruleset' here")])
                } else {
                    rulesetName = name
                    rulesetLocation = location
                }
            case .calendar(let items, _):
                if let first = calendarLocation {
                    error(location, "a second 'calendar': a rule set has at most one (first at \(first))",
                          notes: [.note(first, "first 'calendar' here")])
                } else {
                    calendarLocation = location
                    calendar = checkCalendar(items)
                }
            case .limit(let count, let window, let channelName, let at):
                if window.seconds <= 0 { error(at, "a limit's window must be longer than 0") }
                let channel = channelName.flatMap { resolveChannel($0) }
                if channelName == nil || channel != nil {
                    limits.append(ContactLimit(count: count, window: window, channel: channel))
                }
            case .action(let name, let kindName, let channelName, let cooldown):
                guard declare(name, as: .action) else { continue }
                let kind = ActionKind(rawValue: kindName.text)
                if kind == nil { error(kindName.location, "unknown action kind '\(kindName.text)': write 'pressure' or 'support'") }
                let channel = channelName.flatMap { resolveChannel($0) }
                if let cooldown, cooldown.seconds < 0 { error(name.location, "cooldown cannot be negative") }
                actionIndex[name.text] = actions.count
                actions.append(ActionDefinition(name: name.text, kind: kind ?? .support, channel: channel,
                                                cooldown: cooldown ?? TimeSpan.days(7), location: name.location))
            case .signal(let name, let lasts):
                if let first = signalDeclared[name.text] {
                    error(name.location, "signal '\(name.text)' is declared twice (first at \(first))",
                          notes: [.note(first, "first declared here")])
                    continue
                }
                signalDeclared[name.text] = name.location
                signals.insert(name.text)
                if let lasts {
                    if lasts.seconds <= 0 { error(name.location, "a signal must last longer than 0") }
                    signalDurations[name.text] = lasts
                }
            case .letBinding(let name, let value):
                guard declare(name, as: .letBinding) else { continue }
                letOrder.append(name.text)
                letStates[name.text] = .unchecked(value)
                letLocations[name.text] = name.location
            case .rule(let name, let description, let condition, let effects):
                guard declare(name, as: .rule) else { continue }
                pendingRules.append((name, description, condition, effects))
            }
        }

        // Pass 2: expressions.
        var lets: [LetDefinition] = []
        for name in letOrder {
            if case (let node?, _) = checkLet(name) {
                lets.append(LetDefinition(name: name, value: node, location: letLocations[name]!))
            }
        }
        var rules: [Rule] = []
        var ruleUsages: [Usage] = []
        for (name, description, condition, effects) in pendingRules {
            if let (rule, usage) = checkRule(name, description, condition, effects) {
                rules.append(rule)
                ruleUsages.append(usage)
            }
        }
        warnAboutUnused(rules: rules, usages: ruleUsages)
        let ruleSet = RuleSet(name: rulesetName, calendar: calendar, limits: limits, actions: actions,
                              signals: signals, signalDurations: signalDurations, lets: lets, rules: rules,
                              contentHash: nil)
        warnAboutConstants(ruleSet)
        return ruleSet
    }

    /// Registers a rule, action or `let` name; a duplicate is an error pointing at both places.
    mutating func declare(_ name: Name, as kind: NameKind) -> Bool {
        if let first = names[name.text] {
            error(name.location, "duplicate name '\(name.text)': already declared as \(first.kind.withArticle) at \(first.location)",
                  notes: [.note(first.location, "'\(name.text)' first declared here")])
            return false
        }
        names[name.text] = (kind, name.location)
        return true
    }

    mutating func resolveChannel(_ name: Name) -> Channel? {
        if let channel = Channel(rawValue: name.text) { return channel }
        let known = Channel.allCases.map(\.rawValue)
        if let s = Suggestions.closest(to: name.text, in: known) {
            error(name.location, "unknown channel '\(name.text)'; did you mean '\(s)'?")
        } else {
            error(name.location, "unknown channel '\(name.text)': channels are \(known.joined(separator: ", "))")
        }
        return nil
    }

    mutating func checkCalendar(_ items: [CalendarItem]) -> CalendarSettings {
        var settings = CalendarSettings()
        var seen: [String: SourceLocation] = [:]
        func once(_ key: String, _ at: SourceLocation) -> Bool {
            if let first = seen[key] {
                error(at, "calendar setting '\(key)' is given twice (first at \(first))")
                return false
            }
            seen[key] = at
            return true
        }
        for item in items {
            switch item {
            case .timezone(let id, let at):
                guard once("timezone", at) else { continue }
                if TimeZone(identifier: id) == nil {
                    let s = Suggestions.closest(to: id, in: TimeZone.knownTimeZoneIdentifiers)
                    error(at, "unknown time zone \"\(id)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ": use an IANA name such as \"Europe/Amsterdam\""))
                } else {
                    settings.timezone = id
                }
            case .paydays(let days, let at):
                guard once("paydays", at) else { continue }
                var valid: [Int] = []
                for (day, dayAt) in days {
                    if (1...31).contains(day) { valid.append(day) } else { error(dayAt, "a payday is a day of the month, 1 to 31; found \(day)") }
                }
                settings.paydays = Array(Set(valid)).sorted()
            case .contactHours(let start, let end, let at):
                guard once("contact_hours", at) else { continue }
                if start >= end {
                    error(at, "contact hours must start before they end: \(start)-\(end)")
                } else {
                    settings.contactStart = start
                    settings.contactEnd = end
                }
            case .closed(let days, let at):
                guard once("closed", at) else { continue }
                var closed: Set<Weekday> = []
                for day in days {
                    if let w = Weekday(name: day.text) {
                        closed.insert(w)
                    } else {
                        let s = Suggestions.closest(to: day.text, in: Weekday.allCases.map(\.description))
                        error(day.location, "unknown weekday '\(day.text)'" + (s.map { "; did you mean '\($0)'?" } ?? ": write monday … sunday"))
                    }
                }
                settings.closed = closed
            case .holidays(let set, let at):
                guard once("holidays", at) else { continue }
                if set.text == "nl" { settings.dutchHolidays = true } else if set.text == "none" {
                    settings.dutchHolidays = false
                } else {
                    error(set.location, "unknown holiday calendar '\(set.text)': write 'nl' (Dutch public holidays) or 'none'")
                }
            case .holiday(let date, _):
                settings.extraHolidays.insert(date)
            }
        }
        return settings
    }
}
