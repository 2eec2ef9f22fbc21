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

    /// Opens, updates and withdraws against the case's open items (with the open items after
    /// it in `open` when `keepingOpen`).
    public func reconcile(keepingOpen: Bool = true) -> Reconciliation {
        Reconciler.reconcile(caseID: caseID, decision: decision, context: context, facts: itemFacts, now: now,
                             keepingOpen: keepingOpen)
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
    public func evaluate(_ history: CaseHistory, openItems: [WorkItem] = [], highestNumbers: ItemNumbers = [:],
                         now: Instant) -> CaseEvaluation {
        let state = history.state(at: now, signalDurations: ruleSet.signalDurations)
        return evaluate(state, caseID: history.caseID, openItems: openItems, highestNumbers: highestNumbers,
                        nextEventAt: history.nextEventAt(after: now), now: now)
    }

    /// Evaluates a folded state at `now` (within the state's validity). The state is taken
    /// into the evaluation's facts (passed as its last use, it is moved there, not copied).
    public func evaluate(_ state: consuming CaseState, caseID: CaseID, openItems: [WorkItem], highestNumbers: ItemNumbers = [:],
                         nextEventAt: Instant?, now: Instant) -> CaseEvaluation {
        let today = calendar.date(at: now)
        var payday: Int?
        if case .number(let n)? = state.attributes["payday"], let day = n.intValue, (1...31).contains(day) { payday = day }
        let calendar = self.calendar
        let facts = CaseSnapshot(state: consume state, at: now, today: today,
                                 daysToPayday: calendar.daysToPayday(today: today, caseDay: payday),
                                 openActions: openItems.map(\.id.action), localDate: { calendar.date(at: $0) })
        // The highest number per action (stored, named in a `work_done`, open) and the latest
        // `work_done` per action. Only the actions the case has work for or items of are
        // visited (most cases have none), not every action of the rule set; entries for
        // actions the rule set does not define are never looked up.
        var highest = highestNumbers
        var lastFinished: [String: Instant] = [:]
        for (name, work) in zip(facts.state.actions, facts.state.work) {
            if work.highestNumber > (highest[name] ?? 0) { highest[name] = work.highestNumber }
            if let t = work.lastFinished { lastFinished[name] = Instant(microseconds: t) }
        }
        for item in openItems where item.id.number > (highest[item.id.action] ?? 0) {
            highest[item.id.action] = item.id.number
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
        // The earliest candidate after `now`, kept as they come (no list per case).
        var earliest: Instant?
        func consider(_ t: Instant?) {
            guard let t, t > now else { return }
            if earliest.map({ t < $0 }) ?? true { earliest = t }
        }
        consider(calendar.timeZone.instant(date: calendar.date(at: now).adding(days: 1), secondOfDay: 0))
        consider(state.nextWindowChange(after: now, windows: windows))
        consider(nextEventAt)
        if !lastFinished.isEmpty {
            for action in ruleSet.actions {
                if let t = lastFinished[action.name] { consider(t + action.cooldown) }
            }
        }
        for item in decision.items {
            consider(item.due)
            consider(item.contactUntil)
        }
        return earliest
    }
}

extension CaseEvaluator {
    /// The rules alone over ready facts (benchmarks; the daemon uses `evaluate`).
    public func outcome(_ facts: CaseSnapshot, into outcome: inout RuleOutcome) { program.evaluate(facts, into: &outcome) }

    /// Every rule explained for these facts (for `arrearsd explain`).
    public func explain(_ facts: CaseSnapshot) -> [RuleExplanation] { program.explain(facts) }
}
