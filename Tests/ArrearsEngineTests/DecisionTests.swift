import Testing
@testable import ArrearsEngine

@Suite struct DecisionTests {
    static let rules = """
        calendar {
          timezone "Europe/Amsterdam"
          paydays 25
          contact_hours 07:00-20:00
          closed sunday
          holidays nl
        }
        limit contacts 3 per 7d
        limit contacts 1 per 1d channel phone
        action call kind pressure channel phone cooldown 2d
        action sms kind pressure channel sms cooldown 3d
        action letter kind pressure channel letter cooldown 14d
        action refer kind support cooldown 90d
        rule hold_debt_help "Schuldhulp loopt" { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
        rule early "Vroeg bellen" { when arrears.days >= 3 then queue call priority 40 }
        rule later "Later bellen" { when arrears.days >= 10 then queue call priority 60 due in 2d note "vraag naar inkomen" }
        rule text "SMS na payday" { when arrears.days >= 5 then queue sms priority 30 due after payday }

        """

    let ruleSet: RuleSet
    let maker: DecisionMaker

    init() throws {
        ruleSet = try loadRules(DecisionTests.rules)
        maker = DecisionMaker(ruleSet: ruleSet, calendar: ContactCalendar(settings: ruleSet.calendar)!)
    }

    func at(_ text: String) -> Instant { Instant.parseRFC3339(text)! }

    func decide(_ facts: FakeFacts, _ context: CaseContext = CaseContext(), now: String) -> CaseDecision {
        maker.decide(RuleProgram<FakeFacts>(ruleSet).evaluate(facts), context: context, now: at(now))
    }

    func facts(days: Int, debtHelp: Bool = false) -> FakeFacts {
        var f = FakeFacts()
        f.arrearsDays = days
        f.arrearsAmount = Exact("84.10")
        if debtHelp { f.activeSignals["debt_help"] = 1 }
        return f
    }

    @Test func sameActionMergesHighestPriorityEarliestDueAllReasons() {
        // Monday 2026-11-23 10:00 local.
        let d = decide(facts(days: 12), now: "2026-11-23T10:00:00+01:00")
        let call = d.items.first { $0.name == "call" }!
        #expect(call.priority == 60)
        #expect(call.due == at("2026-11-23T10:00:00+01:00"), "earliest due: 'now' from early beats 'in 2d' from later")
        #expect(call.rules == ["early", "later"])
        #expect(call.reasons == ["Vroeg bellen", "Later bellen"])
        #expect(call.notes == ["vraag naar inkomen"])
        #expect(call.contactUntil == at("2026-11-23T20:00:00+01:00"))
    }

    @Test func holdSuppressesPressureButNotSupport() {
        let d = decide(facts(days: 12, debtHelp: true), now: "2026-11-23T10:00:00+01:00")
        #expect(d.items.map(\.name) == ["refer"])
        #expect(Set(d.suppressed.map(\.item.name)) == ["call", "sms"])
        #expect(d.suppressed.allSatisfy { $0.why == .hold(["schuldhulp"]) })
        #expect(d.holds == ["schuldhulp"])
    }

    @Test func cooldownBlocksUntilItEnds() {
        var context = CaseContext()
        context.lastFinished["call"] = at("2026-11-22T09:00:00+01:00")
        let during = decide(facts(days: 4), context, now: "2026-11-23T10:00:00+01:00")
        #expect(!during.items.contains { $0.name == "call" })
        #expect(during.suppressed.first?.why == .cooldown(until: at("2026-11-24T09:00:00+01:00")))
        let after = decide(facts(days: 4), context, now: "2026-11-24T09:00:00+01:00")
        #expect(after.items.contains { $0.name == "call" })
    }

    @Test func quietHoursMoveTheDueToTheNextMorning() {
        let d = decide(facts(days: 4), now: "2026-11-23T21:30:00+01:00")
        let call = d.items.first { $0.name == "call" }!
        #expect(call.due == at("2026-11-24T07:00:00+01:00"))
        #expect(call.contactUntil == at("2026-11-24T20:00:00+01:00"))
    }

    @Test func sundayAndHolidaysAreSkipped() {
        // Saturday 2026-12-26 is Boxing Day, Sunday 27 closed: Monday 28 at 07:00.
        let d = decide(facts(days: 4), now: "2026-12-25T12:00:00+01:00")
        #expect(d.items.first { $0.name == "call" }!.due == at("2026-12-28T07:00:00+01:00"))
    }

    @Test func afterPaydayIsMeasuredFromTheOpeningDate() {
        let d = decide(facts(days: 6), now: "2026-11-23T10:00:00+01:00")
        #expect(d.items.first { $0.name == "sms" }!.due == at("2026-11-25T07:00:00+01:00"))
        // An item opened on the 10th keeps its due on the 25th when re-evaluated on the 24th.
        var context = CaseContext()
        context.openItems = [item("sms", opened: "2026-11-10T10:00:00+01:00")]
        let again = decide(facts(days: 6), context, now: "2026-11-24T10:00:00+01:00")
        #expect(again.items.first { $0.name == "sms" }!.timingDue == at("2026-11-25T00:00:00+01:00"))
    }

    @Test func channelLimitDefersToTheNextDay() {
        var context = CaseContext()
        context.outboundContacts = [(at("2026-11-23T08:15:00+01:00"), .phone)]
        let d = decide(facts(days: 6), context, now: "2026-11-23T10:00:00+01:00")
        // 1 phone contact per 1d: the window (t - 1d, t] must not hold the 08:15 call.
        #expect(d.items.first { $0.name == "call" }!.due == at("2026-11-24T08:15:00+01:00"))
    }

    @Test func overallLimitCountsContactsAndPlacedItems() {
        var context = CaseContext()
        context.outboundContacts = [
            (at("2026-11-18T09:00:00+01:00"), .letter),
            (at("2026-11-20T09:00:00+01:00"), .email),
        ]
        // 3 per 7d: the call takes the third slot now; the SMS due on the 25th must wait
        // until the contact of the 18th leaves its window (25th 09:00).
        let d = decide(facts(days: 6), context, now: "2026-11-23T10:00:00+01:00")
        #expect(d.items.first { $0.name == "call" }!.due == at("2026-11-23T10:00:00+01:00"))
        #expect(d.items.first { $0.name == "sms" }!.due == at("2026-11-25T09:00:00+01:00"))
    }

    @Test func suppressedItemsDoNotCountTowardsLimits() {
        var context = CaseContext()
        context.outboundContacts = [(at("2026-11-18T09:00:00+01:00"), .letter), (at("2026-11-20T09:00:00+01:00"), .email)]
        context.lastFinished["call"] = at("2026-11-23T09:00:00+01:00")
        let d = decide(facts(days: 6), context, now: "2026-11-23T10:00:00+01:00")
        #expect(d.items.first { $0.name == "sms" }!.due == at("2026-11-25T07:00:00+01:00"))
    }

    @Test func anItemWhoseWindowPassedMovesToTheNextWindow() {
        var context = CaseContext()
        context.openItems = [item("call", opened: "2026-11-23T10:00:00+01:00")]
        let d = decide(facts(days: 4), context, now: "2026-11-23T20:00:00+01:00")
        let call = d.items.first { $0.name == "call" }!
        #expect(call.due == at("2026-11-24T07:00:00+01:00"))
        #expect(call.contactUntil == at("2026-11-24T20:00:00+01:00"))
    }

    func item(_ action: String, opened: String, number: Int = 1) -> WorkItem {
        let a = ruleSet.actions.first { $0.name == action }!
        return WorkItem(id: WorkItemID(caseID: "C1", action: action, number: number), kind: a.kind, channel: a.channel,
                        priority: 40, due: at(opened), contactUntil: at("2026-11-23T20:00:00+01:00"), rules: ["early"],
                        reasons: ["Vroeg bellen"], tags: [], notes: [], facts: ItemFacts(arrearsAmount: Exact("84.10"), arrearsDays: 4),
                        opened: at(opened), updated: at(opened))
    }

    @Test func reconciliationOpensUpdatesWithdrawsWithStableIds() {
        let facts4 = ItemFacts(arrearsAmount: Exact("84.10"), arrearsDays: 4)
        var context = CaseContext()
        context.highestNumber = ["call": 2]
        let now = "2026-11-23T10:00:00+01:00"
        let first = Reconciler.reconcile(caseID: "C1", decision: decide(facts(days: 4), context, now: now),
                                         context: context, facts: facts4, now: at(now))
        #expect(first.opened.map(\.id.description) == ["C1/call/3"])

        // Same facts again: nothing changes.
        context.openItems = first.open
        context.highestNumber["call"] = 3
        let same = Reconciler.reconcile(caseID: "C1", decision: decide(facts(days: 4), context, now: now),
                                        context: context, facts: facts4, now: at(now))
        #expect(same.isEmpty)

        // More arrears: priority rises, the item is updated in place.
        let later = "2026-11-23T11:00:00+01:00"
        let up = Reconciler.reconcile(caseID: "C1", decision: decide(facts(days: 12), context, now: later),
                                      context: context, facts: facts4, now: at(later))
        #expect(up.updated.map(\.after.id.description) == ["C1/call/3"])
        #expect(up.updated.first?.after.priority == 60)
        #expect(up.updated.first?.after.updated == at(later))
        #expect(up.updated.first?.after.opened == at(now))

        // Debt help: the call is withdrawn with the hold's reason, the referral opened.
        let held = Reconciler.reconcile(caseID: "C1", decision: decide(facts(days: 12, debtHelp: true), context, now: later),
                                        context: context, facts: facts4, now: at(later))
        #expect(held.withdrawn.map(\.item.id.description) == ["C1/call/3"])
        #expect(held.withdrawn.first?.why == "on hold: schuldhulp")
        #expect(held.opened.map(\.id.description) == ["C1/refer/1"])
    }

    /// An open item that differs from its planned item in any one field a reconciliation sets
    /// is updated to the plan; one that differs in none stays as it is.
    @Test func anItemDifferingInAnyReconciledFieldIsUpdated() {
        let facts4 = ItemFacts(arrearsAmount: Exact("84.10"), arrearsDays: 4)
        let now = "2026-11-23T10:00:00+01:00"
        let decision = decide(facts(days: 4), now: now)
        let planned = Reconciler.reconcile(caseID: "C1", decision: decision, context: CaseContext(), facts: facts4, now: at(now)).opened[0]
        var context = CaseContext()
        context.openItems = [planned]
        #expect(Reconciler.reconcile(caseID: "C1", decision: decision, context: context, facts: facts4, now: at(now)).isEmpty)
        let changes: [(String, (inout WorkItem) -> Void)] = [
            ("priority", { $0.priority += 1 }), ("due", { $0.due = $0.due + TimeSpan(1, .minute) }),
            ("contact_until", { $0.contactUntil = nil }), ("kind", { $0.kind = .support }), ("channel", { $0.channel = .sms }),
            ("rules", { $0.rules = ["later"] }), ("reasons", { $0.reasons.append("x") }), ("tags", { $0.tags = ["t"] }),
            ("notes", { $0.notes = ["n"] }),
        ]
        let later = at("2026-11-23T11:00:00+01:00")
        for (field, change) in changes {
            var stored = planned
            change(&stored)
            context.openItems = [stored]
            let r = Reconciler.reconcile(caseID: "C1", decision: decision, context: context, facts: facts4, now: later)
            #expect(r.updated.count == 1, "\(field)")
            #expect(r.updated.first?.before == stored, "\(field)")
            var expected = planned
            expected.updated = later
            #expect(r.updated.first?.after == expected, "\(field)")
            #expect(r.open == [expected], "\(field)")
            let lean = Reconciler.reconcile(caseID: "C1", decision: decision, context: context, facts: facts4, now: later,
                                            keepingOpen: false)
            #expect(lean.updated.map(\.after) == [expected] && lean.open.isEmpty, "\(field)")
        }
    }

    /// The in-place sort of a case's items orders like the standard (stable) sort.
    @Test func itemsSortInQueueOrderLikeTheStandardSort() {
        var generator = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 3, 5, 16, 17, 40] {
            for _ in 0..<50 {
                let items = (0..<n).map { k in
                    var i = item(["call", "sms", "letter"][Int.random(in: 0..<3, using: &generator)], opened: "2026-11-23T10:00:00+01:00",
                                 number: k + 1)
                    i.priority = Int.random(in: 40...42, using: &generator)
                    return i
                }
                var sorted = items
                sorted.sortInQueueOrder()
                #expect(sorted == items.sorted(by: WorkItem.queueOrder))
                #expect(zip(sorted, sorted.dropFirst()).allSatisfy { !WorkItem.queueOrder($1, $0) })
            }
        }
    }

    @Test func workItemIDsParseStrictly() {
        #expect(WorkItemID("C1042/call/3") == WorkItemID(caseID: "C1042", action: "call", number: 3))
        #expect(WorkItemID("C1042/call/0") == nil)
        #expect(WorkItemID("C1042/call/03") == nil)
        #expect(WorkItemID("C1042/call") == nil)
        #expect(WorkItemID("a/b/c/1") == nil)
    }
}
