import Testing
@testable import ArrearsEngine

/// `delivered(D[, CHANNEL])` and `delivered_days(CHANNEL)` in a UTC+01:00 calendar: the
/// facts behind "14 days counted from the day after the letter was delivered".
@Suite struct DeliveredFactsTests {
    @Test func deliveredCountsOutboundDeliveredContactsInTheWindow() {
        let t = "2026-03-10T12:00:00+01:00"
        var c = CaseBuilder()
        c.contact("2026-03-03T12:00:00+01:00", .letter, .outbound, .delivered)  // T − 7d exactly: outside 7d
        c.contact("2026-03-04T09:00:00+01:00", .letter, .outbound, .delivered)
        c.contact("2026-03-05T09:00:00+01:00", .letter, .outbound, .bounced)    // returned: not delivered
        c.contact("2026-03-06T09:00:00+01:00", .email, .outbound, .delivered)
        c.contact("2026-03-07T09:00:00+01:00", .letter, .inbound, .delivered)   // inbound: not ours
        c.contact("2026-03-08T09:00:00+01:00", .phone, .outbound, .reached)
        c.contact("2026-03-11T09:00:00+01:00", .letter, .outbound, .delivered)  // after T: not folded
        let f = c.facts(at: t)
        #expect(f.delivered(within: .days(7), channel: .letter) == 1)
        #expect(f.delivered(within: .days(8), channel: .letter) == 2)
        #expect(f.delivered(within: .days(7), channel: nil) == 2)
        #expect(f.delivered(within: .days(7), channel: .email) == 1)
        #expect(f.delivered(within: .days(7), channel: .phone) == 0)
        // The other counts are unchanged by the new flag.
        #expect(f.contacts(within: .days(7), channel: .letter) == 2)
        #expect(f.reached(within: .days(7), channel: nil) == 2)
    }

    @Test func deliveredDaysCountCalendarDaysSinceTheLatestDelivery() {
        var c = CaseBuilder()
        c.invoice("I1", "50.00", due: "2026-01-10")
        // No delivered letter yet: 0, so `delivered_days(letter) >= 15` cannot hold by accident.
        #expect(c.facts(at: "2026-03-01T12:00:00+01:00").deliveredDays(.letter) == 0)
        c.contact("2026-03-02T23:30:00+01:00", .letter, .outbound, .delivered)
        #expect(c.facts(at: "2026-03-02T23:45:00+01:00").deliveredDays(.letter) == 0)
        #expect(c.facts(at: "2026-03-03T00:00:00+01:00").deliveredDays(.letter) == 1)
        // Delivered 2 March: the 14 days are 3–16 March; 17 March is day 15.
        #expect(c.facts(at: "2026-03-16T23:59:59+01:00").deliveredDays(.letter) == 14)
        #expect(c.facts(at: "2026-03-17T00:00:00+01:00").deliveredDays(.letter) == 15)
        #expect(c.facts(at: "2026-03-17T00:00:00+01:00").deliveredDays(.email) == 0)
        // A bounced letter does not move the count; a later delivered one does.
        c.contact("2026-03-10T10:00:00+01:00", .letter, .outbound, .bounced)
        #expect(c.facts(at: "2026-03-17T10:00:00+01:00").deliveredDays(.letter) == 15)
        c.contact("2026-03-12T10:00:00+01:00", .letter, .outbound, .delivered)
        #expect(c.facts(at: "2026-03-17T10:00:00+01:00").deliveredDays(.letter) == 5)
        // Folded through an earlier T, the later letter is not there yet.
        #expect(c.facts(at: "2026-03-11T10:00:00+01:00").deliveredDays(.letter) == 9)
    }

    @Test func rulesReadTheDeliveredFacts() throws {
        var f = FakeFacts()
        f.deliveredCounts["90d/letter"] = 3
        f.deliveredCounts["30d/all"] = 1
        f.deliveredDayCounts[.letter] = 15
        let ruleSet = try loadRules("""
            action call kind pressure channel phone
            action refer kind support
            rule hold_debt_help { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
            rule a { when delivered(90d, letter) >= 3 and delivered(30d) == 1 and delivered_days(letter) >= 15 then queue call priority 1 }
            rule b { when delivered_days(email) > 0 or delivered(90d, email) > 0 then queue refer priority 2 }
            """)
        let program = RuleProgram<FakeFacts>(ruleSet)
        #expect(program.evaluate(f).queued.map { ruleSet.actions[$0.action].name } == ["call"])
        f.deliveredDayCounts[.letter] = 14
        #expect(program.evaluate(f).queued.isEmpty)
    }

    @Test func deliveredWindowsWakeTheCase() throws {
        let ruleSet = try loadRules("""
            action call kind pressure channel phone
            action refer kind support
            rule hold_debt_help { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
            rule a { when delivered(45d, letter) >= 1 then queue call priority 1 }
            """)
        let evaluator = try #require(CaseEvaluator(ruleSet))
        #expect(evaluator.windows.contains(.days(45)))
    }

    @Test func checkerRejectsMalformedCalls() {
        func errors(_ condition: String) -> [String] {
            let text = """
                action refer kind support
                rule hold_debt_help { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
                rule r { when \(condition) then queue refer priority 1 }
                """
            return RuleSetLoader.load([SourceFile(name: "t.rules", text: text)]).1.map(\.message)
        }
        #expect(errors("delivered_days(letter) >= 15").isEmpty)
        #expect(errors("delivered(7d, post) >= 1")
                == ["unknown channel 'post': channels are phone, sms, whatsapp, email, letter, visit, chat"])
        #expect(errors("delivered_days(7d) >= 1") == ["expected a channel name here, found a duration: write delivered_days(letter)"])
        #expect(errors("delivered_days() >= 1") == ["'delivered_days' takes 1 argument, not 0: write delivered_days(letter)"])
        #expect(errors("delivered_days(letter, 3d) >= 1") == ["'delivered_days' takes 1 argument, not 2: write delivered_days(letter)"])
        #expect(errors("delivered >= 1") == ["'delivered' needs arguments: write delivered(90d) or delivered(90d, letter)"])
        #expect(errors("delivered(letter) >= 1") == ["unknown name 'letter'"])  // as for contacts(letter)
    }

    @Test func deliveredIsReserved() {
        let (ruleSet, diagnostics) = RuleSetLoader.load([SourceFile(name: "t.rules", text: "let delivered = 1\nlet delivered_days = 2\n")])
        #expect(ruleSet == nil)
        #expect(diagnostics.count == 2)
    }
}
