import Testing
@testable import ArrearsEngine

@Suite struct CaseEvaluatorTests {
    static let rules = """
        ruleset "t"
        limit contacts 1 per 1d channel phone
        action call kind pressure channel phone cooldown 2d
        action refer kind support cooldown 90d
        signal breathing_space lasts 60d
        rule hold_debt_help "Schuldhulp" { when signal(debt_help) or signal(breathing_space) then hold "schuldhulp" queue refer priority 70 }
        rule early "Bel binnen een week" {
          when arrears.days >= 3 and arrears.amount >= 25 and reached(14d) == 0
          then queue call priority 40 + min(arrears.days, 30)
        }

        """

    func at(_ s: String) -> Instant { Instant.parseRFC3339(s)! }

    func history(_ lines: [String]) throws -> CaseHistory {
        var h = CaseHistory(caseID: "C1042")
        for (i, line) in lines.enumerated() {
            _ = h.admit(try EventParser.parse(line: line), arrival: UInt64(i))
        }
        return h
    }

    @Test func queueLineMatchesTheContract() throws {
        let evaluator = CaseEvaluator(try loadRules(CaseEvaluatorTests.rules))!
        let h = try history([
            #"{"id":"e1","type":"invoice","case":"C1042","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"84.10","due":"2026-11-06"}"#,
        ])
        let now = at("2026-11-23T09:14:02+01:00")
        let r = evaluator.evaluate(h, now: now).reconcile()
        #expect(r.opened.count == 1)
        let line = r.opened[0].queueLine(timeZone: evaluator.calendar.timeZone, ruleSet: evaluator.ruleSet.label)
        let hash = String(evaluator.ruleSet.contentHash!.prefix(8))
        #expect(line == #"{"id":"C1042/call/1","case":"C1042","action":"call","kind":"pressure","channel":"phone","priority":57,"due":"2026-11-23T09:14:02+01:00","contact_until":"2026-11-23T20:00:00+01:00","rules":["early"],"reasons":["Bel binnen een week"],"tags":[],"notes":[],"facts":{"arrears_amount":"84.10","arrears_days":17},"opened":"2026-11-23T09:14:02+01:00","updated":"2026-11-23T09:14:02+01:00","ruleset":"t@"# + hash + #""}"#)
    }

    @Test func paymentWithdrawsAndWorkDoneStartsTheCooldown() throws {
        let evaluator = CaseEvaluator(try loadRules(CaseEvaluatorTests.rules))!
        var lines = [#"{"id":"e1","type":"invoice","case":"C1042","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"84.10","due":"2026-11-06"}"#]
        let first = evaluator.evaluate(try history(lines), now: at("2026-11-23T10:00:00+01:00")).reconcile()
        #expect(first.opened.map(\.id.description) == ["C1042/call/1"])

        // work_done of the call: the next call waits for the 2d cooldown, and gets number 2.
        lines.append(#"{"id":"e2","type":"work_done","case":"C1042","at":"2026-11-23T11:00:00+01:00","work":"C1042/call/1","outcome":"failed"}"#)
        let during = evaluator.evaluate(try history(lines), now: at("2026-11-24T10:00:00+01:00"))
        #expect(during.decision.items.isEmpty)
        #expect(during.nextWake == at("2026-11-25T00:00:00+01:00"), "midnight comes before the cooldown ends at 11:00 on the 25th")
        let after = evaluator.evaluate(try history(lines), now: at("2026-11-25T11:00:00+01:00")).reconcile()
        #expect(after.opened.map(\.id.description) == ["C1042/call/2"])

        // A payment that clears the arrears withdraws the open call.
        lines.append(#"{"id":"e3","type":"payment","case":"C1042","at":"2026-11-25T12:00:00+01:00","amount":84.10}"#)
        let paid = evaluator.evaluate(try history(lines), openItems: after.open, now: at("2026-11-25T12:00:00+01:00")).reconcile()
        #expect(paid.withdrawn.map(\.item.id.description) == ["C1042/call/2"])
        #expect(paid.withdrawn.first?.why == "no rule queues call any more")
    }

    @Test func nextWakeFindsTheEarliestTimeDependentChange() throws {
        let evaluator = CaseEvaluator(try loadRules(CaseEvaluatorTests.rules))!
        // Reached on the 20th at 15:00: reached(14d) stays 1 until Dec 4 at 15:00 — but the
        // next midnight comes first. A breathing space that lasts 60d ends at a fixed instant.
        let h = try history([
            #"{"id":"e1","type":"invoice","case":"C1042","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"84.10","due":"2026-11-06"}"#,
            #"{"id":"e2","type":"contact","case":"C1042","at":"2026-11-20T15:00:00+01:00","channel":"phone","direction":"inbound","outcome":"reached"}"#,
        ])
        let e = evaluator.evaluate(h, now: at("2026-11-23T10:00:00+01:00"))
        #expect(e.decision.items.isEmpty)
        #expect(e.nextWake == at("2026-11-24T00:00:00+01:00"))
        let state = h.state(at: at("2026-12-04T10:00:00+01:00"))
        #expect(state.nextWindowChange(after: at("2026-12-04T10:00:00+01:00"), windows: evaluator.windows) == at("2026-12-04T15:00:00+01:00"))
    }

    @Test func aFutureEventIsAWakeUp() throws {
        let evaluator = CaseEvaluator(try loadRules(CaseEvaluatorTests.rules))!
        let h = try history([
            #"{"id":"e1","type":"signal","case":"C1042","at":"2026-11-23T10:30:00+01:00","signal":"debt_help"}"#,
        ])
        let e = evaluator.evaluate(h, now: at("2026-11-23T10:00:00+01:00"))
        #expect(e.nextWake == at("2026-11-23T10:30:00+01:00"))
        #expect(e.decision.holds.isEmpty)
    }
}
