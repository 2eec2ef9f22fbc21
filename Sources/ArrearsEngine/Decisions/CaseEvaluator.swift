/// The decisions for one case at one time, with what they were made from.
public struct CaseEvaluation: Sendable {
    public let caseID: CaseID
    public let now: Instant
    public let facts: CaseSnapshot
    public let decision: CaseDecision
    public let context: CaseContext
    /// The first moment the outcome can change by the passage of time alone (SPEC §4.5 rule 7).
    public let nextWake: Instant?

    /// The facts recorded with the items opened or updated now.
    public var itemFacts: ItemFacts { ItemFacts(arrearsAmount: facts.arrearsAmount, arrearsDays: facts.arrearsDays) }

    /// Opens, updates and withdraws against the case's open items.
    public func reconcile() -> Reconciliation {
        Reconciler.reconcile(caseID: caseID, decision: decision, context: context, facts: itemFacts, now: now)
    }
}

/// Evaluates cases against one rule set: fold, facts, rules, decisions, next wake-up.
/// One case at a time: a thread that evaluates needs its own evaluator.
public final class CaseEvaluator {
    public let ruleSet: RuleSet
    public let calendar: ContactCalendar
    let program: RuleProgram<CaseSnapshot>
    let maker: DecisionMaker
    /// Every window the rule set's facts and limits use.
    let windows: [TimeSpan]

    /// nil when the rule set's time zone is unknown (the checker rejects that already).
    public init?(_ ruleSet: RuleSet) {
        guard let calendar = ContactCalendar(settings: ruleSet.calendar) else { return nil }
        self.ruleSet = ruleSet
        self.calendar = calendar
        self.program = RuleProgram(ruleSet)
        self.maker = DecisionMaker(ruleSet: ruleSet, calendar: calendar)
        var windows = Set(ruleSet.limits.map(\.window))
        func collect(_ n: TypedExpression) {
            if case .fact(let fact) = n.kind {
                switch fact {
                case .paymentAmount(let d), .contacts(let d, _), .reached(let d, _), .delivered(let d, _), .arrangementBroken(let d),
                     .done(_, let d):
                    windows.insert(d)
                default: break
                }
            }
            n.children.forEach(collect)
        }
        ruleSet.lets.forEach { collect($0.value) }
        for rule in ruleSet.rules {
            collect(rule.condition)
            for case .queue(_, let priority, _, _) in rule.effects { collect(priority) }
        }
        self.windows = windows.sorted()
    }

    /// Folds `history` through `now` and evaluates it.
    public func evaluate(_ history: CaseHistory, openItems: [WorkItem] = [], highestNumbers: [String: Int] = [:],
                         now: Instant) -> CaseEvaluation {
        let state = history.state(at: now, signalDurations: ruleSet.signalDurations)
        return evaluate(state, caseID: history.caseID, openItems: openItems, highestNumbers: highestNumbers,
                        nextEventAt: history.nextEventAt(after: now), now: now)
    }

    /// Evaluates a folded state at `now` (within the state's validity). The state is taken
    /// into the evaluation's facts (passed as its last use, it is moved there, not copied).
    public func evaluate(_ state: consuming CaseState, caseID: CaseID, openItems: [WorkItem], highestNumbers: [String: Int] = [:],
                         nextEventAt: Instant?, now: Instant) -> CaseEvaluation {
        let today = calendar.date(at: now)
        var payday: Int?
        if case .number(let n)? = state.attributes["payday"], let day = n.intValue, (1...31).contains(day) { payday = day }
        let calendar = self.calendar
        let facts = CaseSnapshot(state: consume state, at: now, today: today,
                                 daysToPayday: calendar.daysToPayday(today: today, caseDay: payday),
                                 openActions: openItems.map(\.id.action), localDate: { calendar.date(at: $0) })
        var highest = highestNumbers
        var lastFinished: [String: Instant] = [:]
        for action in ruleSet.actions {
            var n = facts.state.highestWorkNumber(action.name)
            for item in openItems where item.id.action == action.name { n = max(n, item.id.number) }
            if n > (highest[action.name] ?? 0) { highest[action.name] = n }
            if let t = facts.state.lastFinished(action.name) { lastFinished[action.name] = t }
        }
        let context = CaseContext(outboundContacts: facts.state.outboundContacts, lastFinished: lastFinished,
                                  highestNumber: highest, payday: payday, openItems: openItems)
        let decision = maker.decide(program.evaluate(facts), context: context, now: now)
        return CaseEvaluation(caseID: caseID, now: now, facts: facts, decision: decision, context: context,
                              nextWake: nextWake(facts.state, decision: decision, lastFinished: lastFinished, nextEventAt: nextEventAt, now: now))
    }

    /// The earliest of: the next local midnight (day-based facts), a window losing an event,
    /// a signal ending, a cooldown ending, an item's due or contact window end, a future event.
    func nextWake(_ state: CaseState, decision: CaseDecision, lastFinished: [String: Instant], nextEventAt: Instant?,
                  now: Instant) -> Instant? {
        var candidates: [Instant] = [calendar.timeZone.instant(date: calendar.date(at: now).adding(days: 1), secondOfDay: 0)]
        if let t = state.nextWindowChange(after: now, windows: windows) { candidates.append(t) }
        if let t = nextEventAt { candidates.append(t) }
        for action in ruleSet.actions {
            if let t = lastFinished[action.name], t + action.cooldown > now { candidates.append(t + action.cooldown) }
        }
        for item in decision.items {
            if item.due > now { candidates.append(item.due) }
            if let until = item.contactUntil, until > now { candidates.append(until) }
        }
        return candidates.filter { $0 > now }.min()
    }
}

extension CaseEvaluator {
    /// The rules alone over ready facts (benchmarks; the daemon uses `evaluate`).
    public func outcome(_ facts: CaseSnapshot, into outcome: inout RuleOutcome) { program.evaluate(facts, into: &outcome) }

    /// Every rule explained for these facts (for `arrearsd explain`).
    public func explain(_ facts: CaseSnapshot) -> [RuleExplanation] { program.explain(facts) }
}
