import Foundation
import Testing

/// `arrearsd test` (SPEC §2, §4.7) with the real binary.
@Suite struct TestCommandTests {
    static let rules = """
        ruleset "t"
        limit contacts 1 per 1d channel phone
        action call kind pressure channel phone cooldown 2d
        action refer kind support cooldown 90d
        rule hold_debt_help "Schuldhulp" { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
        rule early "Bel" { when arrears.amount > 0 and arrears.days >= 3 then queue call priority 40 + min(arrears.days, 30) }
        rule broken { when arrangement.status == "broken" then tag broken }

        """

    /// One invoice of 84.10 due Monday 2 November; at Tuesday 10 November 10:00 the call
    /// has priority 48 and is due at once.
    static let invoice = "{type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02, at: 2026-10-19T08:00:00+02:00}"

    /// A temporary directory with `rules/a.rules` and the test files given.
    func setUp(_ files: [String: String]) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", TestCommandTests.rules)
        for (name, text) in files { try dir.write(name, text) }
        return dir
    }

    func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// A file with one test whose body is `body` (indented by 4).
    func file(_ body: String, name: String = "t") -> String {
        "rules: rules\ntests:\n  - name: \(name)\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    // MARK: Passing and failing

    @Test func passingTestsPrintPassAndExitZero() throws {
        let dir = try setUp(["t.test.yaml": """
            rules: rules
            tests:
              - name: a call at once
                now: 2026-11-10T10:00:00+01:00
                events:
                  - \(TestCommandTests.invoice)
                expect:
                  - {id: C1/call/1, case: C1, action: call, kind: pressure, channel: phone, priority: 48, due: 2026-11-10T09:00:00Z, contact_until: 2026-11-10T20:00:00+01:00, rules: [early], reasons: [Bel], tags: [], notes: [], facts: {arrears_amount: 84.10, arrears_days: 8}}
                absent:
                  - {case: C1, action: refer}
                holds: []
                tags: []
              - name: debt help holds
                now: 2026-11-10T10:00:00+01:00
                events:
                  - \(TestCommandTests.invoice)
                  - {type: signal, case: C1, signal: debt_help, at: 2026-11-09T09:00:00+01:00}
                expect:
                  - {case: C1, action: refer, kind: support, channel: null, contact_until: null}
                absent:
                  - {case: C1, action: call}
                holds: {C1: [schuldhulp]}
            """])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(lines(r.stdout) == ["PASS t.test.yaml: a call at once", "PASS t.test.yaml: debt help holds", "2 passed, 0 failed", ""])
    }

    @Test func failingTestShowsExpectedAndActualAndExitsOne() throws {
        let dir = try setUp(["t.test.yaml": file("""
            now: 2026-11-10T10:00:00+01:00
            events:
              - \(TestCommandTests.invoice)
            expect:
              - {case: C1, action: call, priority: 50}
            absent:
              - {case: C1, action: call}
            """, name: "wrong priority")])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 1)
        let item = "{id: C1/call/1, case: C1, action: call, kind: pressure, channel: phone, priority: 48, due: 2026-11-10T10:00:00+01:00, contact_until: 2026-11-10T20:00:00+01:00, rules: [early], tags: []}"
        #expect(lines(r.stdout) == [
            "FAIL t.test.yaml: wrong priority",
            "  t.test.yaml:8:9: expected in the queue: {case: C1, action: call, priority: 50}",
            "    C1/call/1: priority is 48, not 50",
            "  t.test.yaml:10:9: expected not in the queue: {case: C1, action: call}",
            "    but found " + item,
            "  queue of case C1 at 2026-11-10T10:00:00+01:00:",
            "    " + item,
            "0 passed, 1 failed",
            "",
        ])
    }

    @Test func suppressedItemsAndHoldsAreShownOnFailure() throws {
        let dir = try setUp(["t.test.yaml": file("""
            now: 2026-11-10T10:00:00+01:00
            events:
              - \(TestCommandTests.invoice)
              - {type: signal, case: C1, signal: debt_help, at: 2026-11-09T09:00:00+01:00}
            expect:
              - {case: C1, action: call}
            holds: [schuldhulp, schuldhulp]
            """)])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 1)
        let out = lines(r.stdout)
        #expect(out.contains("    no item of case C1 for action call is in the queue"))
        #expect(out.contains("    call of case C1 is suppressed: on hold: schuldhulp"))
        #expect(out.contains("  t.test.yaml:10:12: expected holds of case C1: [schuldhulp, schuldhulp]"))
        #expect(out.contains("    actual holds: [schuldhulp]"))
        #expect(out.contains("  suppressed: call (on hold: schuldhulp)"))
        #expect(out.last(where: { !$0.isEmpty }) == "0 passed, 1 failed")
    }

    @Test func aDirectoryRunsEveryTestFileInNameOrder() throws {
        let passing = file("now: 2026-11-10T10:00:00+01:00\nevents: [\(TestCommandTests.invoice)]\nexpect: [{case: C1, action: call}]")
        let dir = try setUp(["tests/b.test.yaml": passing.replacingOccurrences(of: "rules: rules", with: "rules: ../rules"),
                             "tests/a.test.yaml": passing.replacingOccurrences(of: "rules: rules", with: "rules: ../rules"),
                             "tests/notes.yaml": "not a test file"])
        let r = try Arrearsd.run(["test", "tests"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(lines(r.stdout) == ["PASS tests/a.test.yaml: t", "PASS tests/b.test.yaml: t", "2 passed, 0 failed", ""])
    }

    @Test func bundledRulePackTestsPass() throws {
        let r = try Arrearsd.run(["test", "rules/tests"], in: repositoryRoot)
        #expect(r.status == 0, "\(r.stdout)")
        let last = lines(r.stdout).last(where: { !$0.isEmpty }) ?? ""
        #expect(last.hasSuffix(" passed, 0 failed"), "\(r.stdout)")
        #expect(!r.stdout.contains("FAIL "))
        #expect(!r.stdout.contains(": error: "))
        #expect(!r.stdout.contains(": warning: "))
    }

    // MARK: Defaults and exactness

    @Test func missingIdIsTestAndEventNumber() throws {
        // Event 2 of test 2 gets the id t2-2, so an explicit t2-2 with other content conflicts;
        // the same content again is a duplicate and ignored, as in the inbox.
        let dir = try setUp(["t.test.yaml": """
            rules: rules
            tests:
              - name: first
                now: 2026-11-10T10:00:00+01:00
                events: [\(TestCommandTests.invoice)]
                expect: [{case: C1, action: call}]
              - name: second
                now: 2026-11-10T10:00:00+01:00
                events:
                  - \(TestCommandTests.invoice)
                  - {type: payment, case: C1, amount: 10.00}
                  - {type: payment, case: C1, amount: 10.00, id: t2-2}
                  - {type: payment, case: C1, amount: 11.00, id: t2-2}
                expect: [{case: C1, action: call, facts: {arrears_amount: 74.10}}]
            """])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 1)
        #expect(lines(r.stdout).contains("t.test.yaml:13:9: error: conflict: event id \"t2-2\" was already applied with different content (line 11)"), "\(r.stdout)")
        #expect(r.stdout.contains("PASS t.test.yaml: first"))
        #expect(!r.stdout.contains("t.test.yaml: second"), "a test with an error does not run")
    }

    @Test func missingAtIsNowAndTiesKeepListOrder() throws {
        // Both arrangement events happen at `now`: the one listed last is the latest.
        let dir = try setUp(["t.test.yaml": """
            rules: rules
            tests:
              - name: broken last
                now: 2026-11-10T10:00:00+01:00
                events:
                  - {type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}
                  - {type: arrangement, case: C1, status: agreed}
                  - {type: arrangement, case: C1, status: broken}
                expect: [{case: C1, action: call, due: 2026-11-10T10:00:00+01:00, tags: [broken]}]
                tags: [broken]
              - name: agreed last
                now: 2026-11-10T10:00:00+01:00
                events:
                  - {type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}
                  - {type: arrangement, case: C1, status: broken}
                  - {type: arrangement, case: C1, status: agreed}
                tags: []
              - name: an event after now has no effect yet
                now: 2026-11-10T10:00:00+01:00
                events:
                  - {type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}
                  - {type: payment, case: C1, amount: 84.10, at: 2026-11-10T10:00:01+01:00}
                expect: [{case: C1, action: call}]
            """])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(lines(r.stdout).last(where: { !$0.isEmpty }) == "3 passed, 0 failed")
    }

    @Test func amountsAreExact() throws {
        let dir = try setUp(["t.test.yaml": """
            rules: rules
            tests:
              - name: 0.10 and 0.20 pay 0.30
                now: 2026-11-10T10:00:00+01:00
                events:
                  - {type: invoice, case: C1, invoice: I1, amount: 0.30, due: 2026-11-02, at: 2026-10-19T08:00:00+02:00}
                  - {type: payment, case: C1, amount: 0.10, at: 2026-11-05T08:00:00+01:00}
                  - {type: payment, case: C1, amount: 0.20, at: 2026-11-05T09:00:00+01:00}
                absent: [{case: C1}]
              - name: 0.10 and 0.19 leave a cent
                now: 2026-11-10T10:00:00+01:00
                events:
                  - {type: invoice, case: C1, invoice: I1, amount: 0.30, due: 2026-11-02, at: 2026-10-19T08:00:00+02:00}
                  - {type: payment, case: C1, amount: 0.10, at: 2026-11-05T08:00:00+01:00}
                  - {type: payment, case: C1, amount: "0.19", at: 2026-11-05T09:00:00+01:00}
                expect: [{case: C1, action: call, facts: {arrears_amount: 0.01}}]
            """])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(lines(r.stdout).last(where: { !$0.isEmpty }) == "2 passed, 0 failed")
    }

    // MARK: Malformed files

    /// Runs `text` as `t.test.yaml` and returns the `file:line:col: …` lines; expects exit 1.
    func problems(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let dir = try setUp(["t.test.yaml": text])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 1, "\(r.stdout)", sourceLocation: sourceLocation)
        #expect(lines(r.stdout).last(where: { !$0.isEmpty }) == "0 passed, 0 failed", sourceLocation: sourceLocation)
        return lines(r.stdout).filter { $0.hasPrefix("t.test.yaml:") || $0.hasPrefix("rules/") || $0.hasPrefix("error:") }
    }

    @Test func yamlSyntaxError() throws {
        let p = try problems(file("now: 2026-11-10T10:00:00+01:00\nevents:\n  - {type: invoice, case: C1, invoice: I1 amount: 84.10}"))
        #expect(p == ["t.test.yaml:6:53: error: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping that began at line 6, column 9)"])
    }

    @Test func duplicateKey() throws {
        let p = try problems("rules: rules\ntests:\n  - name: a\n    name: b\n")
        #expect(p == ["t.test.yaml:3:5: error: invalid YAML: duplicate key 'name' in one mapping"])
    }

    @Test func missingTests() throws {
        #expect(try problems("rules: rules\n") == ["t.test.yaml:1:1: error: missing 'tests': a list of tests, each with 'name', 'now' and 'events'"])
        #expect(try problems("rules: rules\ntest: []\n") == [
            "t.test.yaml:1:1: error: missing 'tests': a list of tests, each with 'name', 'now' and 'events'",
            "t.test.yaml:2:1: error: unknown key 'test' in the file; did you mean 'tests'?",
        ])
    }

    @Test func testWithoutNameOrNow() throws {
        #expect(try problems("rules: rules\ntests:\n  - now: 2026-11-10T10:00:00+01:00\n    absent: []\n")
            == ["t.test.yaml:3:5: error: test 1 has no 'name'"])
        #expect(try problems("rules: rules\ntests:\n  - name: later\n    absent: []\n")
            == ["t.test.yaml:3:5: error: test \"later\" has no 'now': the evaluation time, RFC 3339 with offset (like 2026-11-23T09:14:02+01:00)"])
    }

    @Test func nowWithoutOffset() throws {
        #expect(try problems(file("now: 2026-11-10T10:00:00\nabsent: []"))
            == ["t.test.yaml:4:10: error: 'now': \"2026-11-10T10:00:00\" is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)"])
        #expect(try problems(file("now: 2026-11-10\nabsent: []"))
            == ["t.test.yaml:4:10: error: 'now': \"2026-11-10\" is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)"])
    }

    @Test func unknownKeysSuggestTheClosest() throws {
        #expect(try problems(file("now: 2026-11-10T10:00:00+01:00\nexpected: []"))
            == ["t.test.yaml:5:5: error: unknown key 'expected' in a test; did you mean 'expect'?"])
        #expect(try problems(file("now: 2026-11-10T10:00:00+01:00\nevents: [\(TestCommandTests.invoice)]\nexpect:\n  - {case: C1, acton: call, wibble: 1}"))
            == ["t.test.yaml:7:20: error: unknown key 'acton' in an expect entry; did you mean 'action'?",
                "t.test.yaml:7:33: error: unknown key 'wibble' in an expect entry (known keys: id, case, action, kind, channel, priority, due, contact_until, rules, reasons, tags, notes, facts)"])
        #expect(try problems(file("now: 2026-11-10T10:00:00+01:00\nevents: [\(TestCommandTests.invoice)]\nabsent:\n  - {case: C1, contact_untl: null}"))
            == ["t.test.yaml:7:20: error: unknown key 'contact_untl' in an absent entry; did you mean 'contact_until'?"])
    }

    @Test func eventRejectedByTheEventParser() throws {
        let p = try problems(file("""
            now: 2026-11-10T10:00:00+01:00
            events:
              - {type: invoice, case: C1, invoice: I1, amount: 12.345, due: 2026-11-02}
              - {type: invoice, case: C1, invoice: I2, amount: 10, due: 2026-02-30}
              - {type: payment, case: C1}
              - {type: signal, case: C1, signal: debt_help, cleared: yes}
              - {type: contact, case: C1, channel: pigeon, direction: outbound, outcome: reached}
            absent: [{case: C1}]
            """))
        #expect(p == [
            "t.test.yaml:6:9: error: invalid event: field \"amount\": 12.345 has more than two decimals",
            "t.test.yaml:7:9: error: invalid event: field \"due\": \"2026-02-30\" is not a real date",
            "t.test.yaml:8:9: error: invalid event: missing field \"amount\"",
            "t.test.yaml:9:9: error: invalid event: field \"cleared\": expected a bool, found a string",
            "t.test.yaml:10:9: error: invalid event: field \"channel\": \"pigeon\" is not one of phone, sms, whatsapp, email, letter, visit, chat",
        ])
    }

    @Test func rulesThatDoNotLoadShowTheirDiagnostics() throws {
        let dir = try setUp(["t.test.yaml": file("now: 2026-11-10T10:00:00+01:00\nabsent: []").replacingOccurrences(of: "rules: rules", with: "rules: broken"),
                             "broken/a.rules": "action call kind pressure\nrule r { when arrears.amount >= \"x\" then queue call priority 1 }\n"])
        let r = try Arrearsd.run(["test", "t.test.yaml"], in: dir.url)
        #expect(r.status == 1)
        let out = lines(r.stdout)
        #expect(out.contains("t.test.yaml:1:8: error: the rules in 'broken' do not load (1 error): fix them first (arrearsd check --rules broken)"), "\(r.stdout)")
        #expect(out.contains("broken/a.rules:2:30: error: cannot compare money (arrears.amount) with a string (\"x\")"))

        let missing = try problems(file("now: 2026-11-10T10:00:00+01:00\nabsent: [{case: C1}]").replacingOccurrences(of: "rules: rules", with: "rules: nowhere"))
        #expect(missing == ["t.test.yaml:1:8: error: the rules in 'nowhere' do not load (1 error): fix them first (arrearsd check --rules nowhere)",
                            "error: rules directory 'nowhere' does not exist"])
    }

    @Test func duplicateEventIdsWithOtherContentConflict() throws {
        let p = try problems(file("""
            now: 2026-11-10T10:00:00+01:00
            events:
              - {id: e1, type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}
              - {id: e1, type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}
              - {id: e1, type: invoice, case: C1, invoice: I2, amount: 84.10, due: 2026-11-02}
              - {id: e1, type: invoice, case: C2, invoice: I1, amount: 84.10, due: 2026-11-02}
              - {id: e2, type: invoice, case: C1, invoice: I1, amount: 1.00, due: 2026-11-02}
            absent: [{case: C1}]
            """))
        #expect(p == [
            "t.test.yaml:8:9: error: conflict: event id \"e1\" was already applied with different content (line 6)",
            "t.test.yaml:9:9: error: conflict: event id \"e1\" is already used by case \"C1\" (line 6)",
            "t.test.yaml:10:9: error: conflict: invoice \"I1\" already exists (event \"e1\"); corrections are credit events",
        ])
    }

    @Test func namesTheRuleSetDoesNotKnowAreErrors() throws {
        // A misspelt action in `absent` would otherwise pass without testing anything.
        let p = try problems(file("""
            now: 2026-11-10T10:00:00+01:00
            events: [\(TestCommandTests.invoice)]
            absent:
              - {case: C1, action: cal}
              - {case: C2, rules: [erly], tags: [brokn]}
            holds: [schuldhulpp]
            """))
        #expect(p == [
            "t.test.yaml:7:28: error: unknown action 'cal'; did you mean 'call'?",
            "t.test.yaml:8:16: error: no event of this test is for case 'C2'; did you mean 'C1'?",
            "t.test.yaml:8:27: error: unknown rule 'erly'; did you mean 'early'?",
            "t.test.yaml:8:41: error: no rule sets the tag 'brokn'; did you mean 'broken'?",
            "t.test.yaml:9:12: error: no rule holds with the reason \"schuldhulpp\"; did you mean \"schuldhulp\"?",
        ])
    }

    @Test func aBrokenFileDoesNotStopTheOthers() throws {
        let dir = try setUp([
            "a.test.yaml": "rules: rules\ntests: [\n",
            "b.test.yaml": file("now: 2026-11-10T10:00:00+01:00\nevents: [\(TestCommandTests.invoice)]\nexpect: [{case: C1, action: call}]"),
        ])
        try Data([0x72, 0x75, 0x6C, 0x65, 0x73, 0x3A, 0x20, 0xE9, 0x0A]).write(to: dir.url.appendingPathComponent("c.test.yaml"))
        let r = try Arrearsd.run(["test", "a.test.yaml", "missing.test.yaml", "b.test.yaml", "c.test.yaml"], in: dir.url)
        #expect(r.status == 1)
        let out = lines(r.stdout)
        #expect(out.contains { $0.hasPrefix("a.test.yaml:3:1: error: invalid YAML: ") }, "\(r.stdout)")
        #expect(out.contains("error: missing.test.yaml: no such file"))
        #expect(out.contains("PASS b.test.yaml: t"))
        #expect(out.contains("c.test.yaml:1:8: error: the file is not valid UTF-8 here: save it as UTF-8"))
        #expect(out.suffix(3) == ["3 test files with errors (3 errors): the tests concerned did not run", "1 passed, 0 failed", ""])
    }

    @Test func noArgumentsIsAUsageError() throws {
        let r = try Arrearsd.run(["test"])
        #expect(r.status == 64)
    }
}
