import ArrearsEngine
import ArrearsRuntime
import ArrearsSimulation
import ArrearsSynthetic
import Testing

/// ``CaseReplay`` folds a case again only when an event has come: on generated cases (two
/// months of invoices, payments, contacts, signals, arrangements, work done) under the
/// bundled rules, it ends with exactly the items of a replay that folds at every step.
@Suite struct CaseReplayTests {
    /// The replay as it was, folding the whole history at every step.
    func foldingEveryStep(_ history: CaseHistory, _ evaluator: CaseEvaluator, now: Instant) -> [WorkItem] {
        let events = history.events
        guard var t = events.first?.event.at else { return [] }
        var (open, highest, next) = ([WorkItem](), ItemNumbers(), 0)
        while true {
            while next < events.count, events[next].event.at <= t {
                if case .workDone(let work, _, _) = events[next].event.body { open.removeAll { $0.id == work } }
                next += 1
            }
            let evaluation = evaluator.evaluate(history, openItems: open, highestNumbers: highest, now: t)
            let reconciliation = evaluation.reconcile()
            for item in reconciliation.opened { highest[item.id.action] = max(highest[item.id.action] ?? 0, item.id.number) }
            open = reconciliation.open
            if t == now { return open }
            var wake = evaluation.nextWake ?? now
            if next < events.count { wake = min(wake, events[next].event.at) }
            t = min(max(wake, Instant(microseconds: t.microseconds + 1)), now)
        }
    }

    @Test func reusingTheFoldBetweenEventsChangesNoItem() throws {
        let ruleSet = try #require(RuleDirectory.load(repositoryRoot.appendingPathComponent("rules").path).ruleSet)
        let evaluator = try #require(CaseEvaluator(ruleSet))
        let zone = try #require(LocalTimeZone(identifier: "Europe/Amsterdam"))
        let settings = GeneratorSettings(cases: 300, days: 60, seed: 7, start: try #require(LocalDate("2026-05-01")), timeZone: zone)
        var histories: [CaseID: CaseHistory] = [:]
        var arrival: UInt64 = 0
        let parser = EventParser(localDate: { zone.date(at: $0) })
        _ = try EventStreamGenerator(settings).run { _, lines in
            for k in 0..<lines.count {
                let event = try parser.parse(lineBytes: lines.bytes(ofLines: k..<(k + 1)).dropLast())
                arrival += 1
                var history = histories[event.caseID] ?? CaseHistory(caseID: event.caseID)
                _ = history.admit(event, arrival: arrival)
                histories[event.caseID] = history
            }
        }
        let now = try #require(Instant.parseRFC3339("2026-07-05T12:00:00+02:00"))
        let replay = CaseReplay(evaluator: evaluator)
        var items = 0, steps = 0
        for history in histories.values {
            let result = replay.replay(history, now: now)
            #expect(result.open == foldingEveryStep(history, evaluator, now: now), "case \(history.caseID)")
            items += result.open.count
            steps += result.steps
        }
        #expect(histories.count == 300)
        #expect(items > 50 && steps > 300 * 30, "the cases open items and step through the two months: \(items) items, \(steps) steps")
    }
}
