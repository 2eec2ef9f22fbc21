import Foundation
import Testing

@Suite struct ExplainCommandTests {
    static let rules = """
        ruleset "t"
        action call kind pressure channel phone
        action refer kind support
        rule hold_debt_help "Schuldhulp" { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
        rule early "Vroeg bellen" { when arrears.days >= 3 and arrears.amount >= 25 then queue call priority 40 }

        """

    @Test func explainsFactsRulesHoldsAndItems() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", ExplainCommandTests.rules)
        try dir.write("events.jsonl", """
            {"id":"e1","type":"invoice","case":"C1","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"20.00","due":"2026-11-06"}
            {"id":"e2","type":"invoice","case":"C2","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"99.00","due":"2026-11-06"}
            {"id":"e3","type":"signal","case":"C2","at":"2026-11-20T08:00:00+01:00","signal":"debt_help"}
            {"id":"e4","type":"payment","case":"C1","at":"2026-11-02T08:00:00+01:00","amount":1.005}

            """)
        let one = try Arrearsd.run(["explain", "C1", "--events", "events.jsonl", "--rules", "rules", "--now", "2026-11-23T10:00:00+01:00"], in: dir.url)
        #expect(one.status == 0)
        #expect(one.stdout.contains("  arrears.amount = 20.00\n"))
        #expect(one.stdout.contains("  no     early: arrears.amount >= 25 is false  [arrears.amount = 20.00]\n"))
        #expect(one.stderr.contains("events.jsonl:4: field \"amount\": 1.005 has more than two decimals (line skipped)"))
        #expect(one.stdout.contains("  last delivered: none\n"))

        let two = try Arrearsd.run(["explain", "C2", "--events", "events.jsonl", "--rules", "rules", "--now", "2026-11-23T10:00:00+01:00"], in: dir.url)
        #expect(two.stdout.contains("  signals: debt_help (3 days)\n"))
        #expect(two.stdout.contains("  fired  hold_debt_help  [signal(debt_help) = true]\n"))
        #expect(two.stdout.contains("holds: schuldhulp\n"))
        #expect(two.stdout.contains("  refer priority 70 due 2026-11-23T10:00:00+01:00  (hold_debt_help)\n"))
        #expect(two.stdout.contains("  call priority 40: on hold: schuldhulp  (early)\n"))
    }

    @Test func showsTheLatestDeliveryPerChannel() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", ExplainCommandTests.rules
            + "rule costs \"Kosten\" { when delivered(90d, letter) >= 1 and delivered_days(letter) >= 15 then queue call priority 1 }\n")
        try dir.write("events.jsonl", """
            {"id":"e1","type":"invoice","case":"C1","at":"2026-11-01T08:00:00+01:00","invoice":"I1","amount":"99.00","due":"2026-11-06"}
            {"id":"e2","type":"contact","case":"C1","at":"2026-11-24T11:00:00+01:00","channel":"letter","direction":"outbound","outcome":"delivered"}
            {"id":"e3","type":"contact","case":"C1","at":"2026-11-25T11:00:00+01:00","channel":"letter","direction":"outbound","outcome":"bounced"}

            """)
        let r = try Arrearsd.run(["explain", "C1", "--events", "events.jsonl", "--rules", "rules", "--now", "2026-12-08T23:00:00+01:00"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  last delivered: letter 2026-11-24T11:00:00+01:00 (delivered_days(letter) = 14)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("  no     costs: delivered_days(letter) >= 15 is false  [delivered_days(letter) = 14]\n"), "\(r.stdout)")
    }

    @Test func unknownCaseFails() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", ExplainCommandTests.rules)
        try dir.write("events.jsonl", "")
        let r = try Arrearsd.run(["explain", "C9", "--events", "events.jsonl", "--rules", "rules"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: no events for case 'C9'"))
    }
}
