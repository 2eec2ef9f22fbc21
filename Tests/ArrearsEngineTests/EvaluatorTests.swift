import Testing
@testable import ArrearsEngine

@Suite struct EvaluatorTests {
    static let prelude = """
        action call kind pressure channel phone cooldown 2d
        action letter kind pressure channel letter
        action refer kind support
        rule hold_debt_help "Schuldhulp" { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }

        """

    func outcome(_ rules: String, _ facts: FakeFacts) throws -> (RuleSet, RuleOutcome) {
        let ruleSet = try loadRules(EvaluatorTests.prelude + rules)
        return (ruleSet, RuleProgram<FakeFacts>(ruleSet).evaluate(facts))
    }

    func priorities(_ rules: String, _ facts: FakeFacts) throws -> [String: Int] {
        let (ruleSet, o) = try outcome(rules, facts)
        var result: [String: Int] = [:]
        for q in o.queued { result[ruleSet.actions[q.action].name] = q.priority }
        return result
    }

    @Test func specExampleComputesPriorityAndTiming() throws {
        var f = FakeFacts()
        f.arrearsDays = 17
        f.arrearsAmount = Exact("84.10")
        let rules = """
            let cannot_pay = signal(cannot_pay) or signal(debt_help) or arrangement.broken(180d) >= 2
            rule early_contact "Bel binnen een week" {
              when arrears.days >= 3 and arrears.amount >= 25 and reached(14d) == 0 and not cannot_pay
              then queue call priority 40 + min(arrears.days, 30) due after payday
            }
            """
        let (ruleSet, o) = try outcome(rules, f)
        #expect(o.queued.count == 1)
        #expect(o.queued[0].priority == 57)
        #expect(o.queued[0].due == .afterPayday(TimeSpan(seconds: 0)))
        #expect(ruleSet.rules[o.queued[0].rule].name == "early_contact")

        f.reachedCounts["14d/all"] = 1
        #expect(try outcome(rules, f).1.queued.isEmpty)
        f.reachedCounts = [:]
        f.broken[TimeSpan.days(180)] = 2
        #expect(try outcome(rules, f).1.queued.isEmpty, "two broken arrangements make the case can't-pay")
    }

    @Test func priorityRoundsHalfUpThenClamps() throws {
        var f = FakeFacts()
        f.arrearsDays = 25
        // 25 / 10 = 2.5 → 3 (half up); 25 * 5 = 125 → 100; 10 - 25 = -15 → 0.
        let p = try priorities("""
            rule a { when true then queue call priority arrears.days / 10 }
            rule b { when true then queue letter priority arrears.days * 5 }
            rule c { when true then queue refer priority 10 - arrears.days }
            """, f)
        #expect(p == ["call": 3, "letter": 100, "refer": 0])
    }

    @Test func moneyArithmeticIsExact() throws {
        var f = FakeFacts()
        f.arrearsAmount = Exact("0.30")
        f.paid[TimeSpan.days(30)] = Exact("0.10")
        // 0.1 + 0.2 == 0.3 holds exactly; in binary floating point it does not.
        let p = try priorities("""
            rule exact { when payment.amount(30d) + 0.20 == arrears.amount then queue call priority 1 }
            rule cents { when arrears.amount * 3 == 0.90 and arrears.amount / 4 == 0.08 then queue letter priority 2 }
            """, f)
        #expect(p == ["call": 1, "letter": 2], "0.30 / 4 = 0.075 rounds half-even to 0.08")
    }

    @Test func andShortCircuitsLeftToRight() throws {
        var f = FakeFacts()
        f.arrearsInvoices = 0
        let (_, o) = try outcome("""
            rule r { when arrears.invoices > 0 and arrears.amount / arrears.invoices > 10 then queue call priority 1 }
            """, f)
        #expect(o.errors.isEmpty)
        #expect(o.queued.isEmpty)
    }

    @Test func runTimeErrorSkipsRuleButHoldStillHolds() throws {
        var f = FakeFacts()
        f.arrearsInvoices = 0
        f.arrearsDays = 10
        let (ruleSet, o) = try outcome("""
            rule pressure { when arrears.days / arrears.invoices > 1 then queue call priority 50 }
            rule careful { when arrears.days / arrears.invoices > 1 then hold "onzeker" queue letter priority 10 }
            rule bad_priority { when true then queue letter priority 100 / arrears.invoices }
            """, f)
        #expect(o.queued.isEmpty)
        #expect(o.holds.map(\.reason) == ["onzeker"])
        #expect(o.errors.map { ruleSet.rules[$0.rule].name } == ["pressure", "careful", "bad_priority"])
        #expect(o.errors[0].error.error == .divisionByZero)
        #expect(o.errors[0].error.expression == "arrears.days / arrears.invoices")
    }

    @Test func allFiringRulesContributeInOrder() throws {
        var f = FakeFacts()
        f.activeSignals["debt_help"] = 3
        f.arrearsDays = 40
        let (ruleSet, o) = try outcome("""
            rule late { when arrears.days > 30 then queue call priority 60 tag late }
            rule later { when arrears.days > 35 then queue call priority 80 tag later }
            """, f)
        #expect(o.fired.map { ruleSet.rules[$0].name } == ["hold_debt_help", "late", "later"])
        #expect(o.queued.map(\.priority) == [70, 60, 80])
        #expect(o.tags.map(\.tag) == ["late", "later"])
        #expect(o.holds.map(\.reason) == ["schuldhulp"])
    }

    @Test func attributesCompareFalseWhenUnsetOrOfAnotherType() throws {
        let rules = """
            rule seg { when attr(segment) == "zakelijk" then queue call priority 1 }
            rule notseg { when attr(segment) != "zakelijk" then queue letter priority 2 }
            rule big { when attr(limit) < arrears.amount then queue refer priority 3 }
            """
        var f = FakeFacts()
        f.arrearsAmount = Exact("100.00")
        #expect(try priorities(rules, f) == ["letter": 2], "unset: == false, != true, < false")
        f.attributes = ["segment": .number(Exact(5)), "limit": .string("50")]
        #expect(try priorities(rules, f) == ["letter": 2], "another type compares false")
        f.attributes = ["segment": .string("zakelijk"), "limit": .number(Exact("99.99"))]
        #expect(try priorities(rules, f) == ["call": 1, "refer": 3])
    }

    @Test func attributeOnTheRightFlipsTheComparison() throws {
        var f = FakeFacts()
        f.arrearsDays = 10
        f.attributes = ["grace": .number(Exact(5))]
        #expect(try priorities("rule r { when 5 < attr(grace) then queue call priority 1 }", f).isEmpty)
        #expect(try priorities("rule r { when arrears.days > attr(grace) then queue call priority 1 }", f) == ["call": 1])
    }

    @Test func listsMatchByValue() throws {
        var f = FakeFacts()
        f.today = LocalDate(year: 2026, month: 11, day: 28)!  // a Saturday
        f.arrangementStatus = .broken
        f.arrearsAmount = Exact("12.5")
        f.attributes = ["language": .string("en")]
        let p = try priorities("""
            rule weekend { when today.weekday in [saturday, sunday] then queue call priority 1 }
            rule status { when arrangement.status in ["broken", "cancelled"] and arrears.amount in [12.50, 13] then queue letter priority 2 }
            rule lang { when attr(language) in ["nl", "fy"] then queue refer priority 3 }
            """, f)
        #expect(p == ["call": 1, "letter": 2])
    }

    @Test func factsAreReadWithTheirArguments() throws {
        var f = FakeFacts()
        f.contactCounts["7d/phone"] = 2
        f.doneCounts["letter/14d"] = 1
        f.openActions = ["refer"]
        f.activeSignals["dispute"] = 12
        f.today = LocalDate(year: 2026, month: 11, day: 25)!
        f.daysToPayday = 0
        let p = try priorities("""
            rule a { when contacts(7d, phone) == 2 and contacts(7d) == 0 then queue call priority 1 }
            rule b { when done(letter, 14d) == 1 and open(refer) and signal_days(dispute) == 12 then queue letter priority 2 }
            rule c { when today.day == 25 and days_to_payday == 0 and today.date == 2026-11-25 then queue refer priority 3 }
            """, f)
        #expect(p == ["call": 1, "letter": 2, "refer": 3])
    }

    @Test func durationsCompareAndCombine() throws {
        let p = try priorities("rule r { when 1w + 2d == 9d and max(3h, 2h) > 150m and -(1d) < 0m then queue call priority 1 }", FakeFacts())
        #expect(p == ["call": 1])
    }

    @Test func letsAreEvaluatedWhereUsed() throws {
        var f = FakeFacts()
        f.arrearsAmount = Exact("300.00")
        f.arrearsDays = 45
        let rules = """
            let serious = arrears.amount >= 250 and arrears.days > 30
            let bonus = min(arrears.days, 60) / 3
            rule r { when serious then queue call priority 20 + bonus }
            """
        #expect(try priorities(rules, f) == ["call": 35])
        f.arrearsDays = 20
        #expect(try priorities(rules, f).isEmpty)
    }
}

@Suite struct ExplainTests {
    @Test func explainsTheFirstFalseConjunctWithItsValues() throws {
        let ruleSet = try loadRules(EvaluatorTests.prelude + """
            let cannot_pay = signal(cannot_pay) or arrangement.broken(180d) >= 2
            rule early "Vroeg" { when arrears.days >= 3 and arrears.amount >= 25 and not cannot_pay then queue call priority 40 }
            rule zakelijk { when attr(segment) == "zakelijk" then queue letter priority 10 }
            rule broken_math { when arrears.days / arrears.invoices > 1 then queue letter priority 10 }
            """)
        var f = FakeFacts()
        f.arrearsDays = 5
        f.arrearsAmount = Exact("20.00")
        let explained = RuleProgram<FakeFacts>(ruleSet).explain(f)
        #expect(explained.map(\.rule) == ["hold_debt_help", "early", "zakelijk", "broken_math"])
        let early = explained[1]
        #expect(!early.fired)
        #expect(early.falsePart == "arrears.amount >= 25")
        #expect(early.values.map { "\($0.expression) = \($0.value)" } == ["arrears.amount = 20.00"])
        #expect(explained[2].falsePart == "attr(segment) == \"zakelijk\"")
        #expect(explained[2].values.map { "\($0.expression) = \($0.value)" } == ["attr(segment) = unset"])
        #expect(explained[3].error?.error == .divisionByZero)

        f.arrearsAmount = Exact("30.00")
        f.activeSignals["cannot_pay"] = 2
        let second = RuleProgram<FakeFacts>(ruleSet).explain(f)[1]
        #expect(second.falsePart == "not cannot_pay")
        #expect(second.values.map { "\($0.expression) = \($0.value)" } == ["cannot_pay = true"])
    }
}

@Suite struct LiteralMoneyTests {
    @Test func aLiteralExpressionNextToMoneyIsMoney() throws {
        let ruleSet = try loadRules(EvaluatorTests.prelude + "rule r { when arrears.amount >= 25 + 5 then queue call priority 1 }")
        var f = FakeFacts()
        f.arrearsAmount = Exact("29.99")
        #expect(RuleProgram<FakeFacts>(ruleSet).evaluate(f).queued.isEmpty)
        f.arrearsAmount = Exact("30.00")
        #expect(RuleProgram<FakeFacts>(ruleSet).evaluate(f).queued.count == 1)
    }

    @Test func priorityThatRoundsIntoRangeIsNotWarnedAbout() throws {
        let (_, diagnostics) = RuleSetLoader.load([SourceFile(name: "a.rules", text: EvaluatorTests.prelude + """
            rule r { when true then queue call priority 100.4 }
            rule s { when true then queue letter priority 100.5 }
            """)])
        #expect(diagnostics.map(\.headline) == ["a.rules:6:47: warning: priority 100.5 is outside 0–100 and will be clamped to 100"])
    }
}
