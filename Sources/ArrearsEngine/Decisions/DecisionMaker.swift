/// Turns what the rules say into the work items a case should have (SPEC §4.5 rules 2–5).
public struct DecisionMaker: Sendable {
    public let ruleSet: RuleSet
    public let calendar: ContactCalendar
    /// Each rule's name and reason, by rule index: read for every intent of every case
    /// without copying the rule (its expression and effects) out of the rule set.
    private let ruleNames: [String]
    private let ruleReasons: [String]

    public init(ruleSet: RuleSet, calendar: ContactCalendar) {
        self.ruleSet = ruleSet
        self.calendar = calendar
        ruleNames = ruleSet.rules.map(\.name)
        ruleReasons = ruleSet.rules.map(\.reason)
    }

    /// The due time of `timing` for an item opened at `opened`.
    public func due(_ timing: Timing, opened: Instant, payday: Int?) -> Instant {
        switch timing {
        case .now: opened
        case .after(let d): opened + d
        case .afterPayday(let d): calendar.dueAfterPayday(opened: opened, offset: d, caseDay: payday)
        }
    }

    public func decide(_ outcome: RuleOutcome, context: CaseContext, now: Instant) -> CaseDecision {
        let holds = outcome.holds.map(\.reason)
        var tags: [String] = []
        for (_, tag) in outcome.tags where !tags.contains(tag) { tags.append(tag) }

        // Rule 2: one item per action — highest priority, earliest due, every rule a reason.
        // In the order of each action's first intent; a case queues few actions, so a list
        // searched in place (not a dictionary per case).
        var merged: [PlannedItem] = []
        for intent in outcome.queued {
            let name = ruleSet.actions[intent.action].name
            let ruleName = ruleNames[intent.rule], reason = ruleReasons[intent.rule]
            let openedAt = context.openItems.first { $0.id.action == name }?.opened ?? now
            let due = due(intent.due, opened: openedAt, payday: context.payday)
            if let k = merged.firstIndex(where: { $0.action == intent.action }) {
                let existing = merged[k]
                merged[k] = PlannedItem(
                    action: intent.action, name: name, kind: existing.kind, channel: existing.channel,
                    priority: max(existing.priority, intent.priority), openedAt: openedAt,
                    timingDue: min(existing.timingDue, due), due: min(existing.timingDue, due), contactUntil: nil,
                    rules: existing.rules.contains(ruleName) ? existing.rules : existing.rules + [ruleName],
                    reasons: existing.reasons.contains(reason) ? existing.reasons : existing.reasons + [reason],
                    notes: intent.note.map { existing.notes.contains($0) ? existing.notes : existing.notes + [$0] } ?? existing.notes)
            } else {
                merged.append(PlannedItem(
                    action: intent.action, name: name, kind: ruleSet.actions[intent.action].kind,
                    channel: ruleSet.actions[intent.action].channel,
                    priority: intent.priority, openedAt: openedAt, timingDue: due, due: due, contactUntil: nil,
                    rules: [ruleName], reasons: [reason], notes: intent.note.map { [$0] } ?? []))
            }
        }

        // Rules 3 and 4: holds suppress pressure; cooldowns suppress any action.
        var wanted: [PlannedItem] = []
        var suppressed: [(item: PlannedItem, why: Suppression)] = []
        for item in merged {
            let index = item.action
            if item.kind == .pressure && !holds.isEmpty {
                suppressed.append((item, .hold(holds)))
            } else if let finished = context.lastFinished[item.name],
                      finished + ruleSet.actions[index].cooldown > now {
                suppressed.append((item, .cooldown(until: finished + ruleSet.actions[index].cooldown)))
            } else {
                wanted.append(item)
            }
        }

        // Rule 5: place items with a channel in contact hours and within the limits.
        var placement = Placement(calendar: calendar, limits: ruleSet.limits, contacts: context.outboundContacts)
        let channelled = wanted.indices.filter { wanted[$0].channel != nil }.sorted { a, b in
            let x = wanted[a], y = wanted[b]
            if x.timingDue != y.timingDue { return x.timingDue < y.timingDue }
            if x.priority != y.priority { return x.priority > y.priority }
            return x.name.utf8.lexicographicallyPrecedes(y.name.utf8)
        }
        for i in channelled {
            if let window = placement.place(wanted[i].timingDue, channel: wanted[i].channel!, notEndingBy: now) {
                wanted[i].due = window.start
                wanted[i].contactUntil = window.end
            }
        }
        return CaseDecision(outcome: outcome, items: wanted, suppressed: suppressed, holds: holds, tags: tags)
    }
}
