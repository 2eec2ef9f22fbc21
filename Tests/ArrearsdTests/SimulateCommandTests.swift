import ArrearsEngine
import ArrearsSimulation
import Foundation
import Testing

/// `arrearsd simulate` with real rule directories: the baseline `rules/` and changed copies.
@Suite struct SimulateCommandTests {
    static let now = "2026-11-23T10:00:00+01:00"
    static var rules: URL { repositoryRoot.appendingPathComponent("rules") }
    static var examples: [String] {
        let dir = repositoryRoot.appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
            .map { dir.appendingPathComponent($0).path }
    }

    /// A copy of the baseline rules in `dir/name` with `edit` applied to `file`.
    func candidate(_ dir: TemporaryDirectory, _ name: String, file: String, _ edit: (String) -> String) throws -> String {
        for f in try FileManager.default.contentsOfDirectory(atPath: Self.rules.path) where f.hasSuffix(".rules") {
            var text = try String(contentsOf: Self.rules.appendingPathComponent(f), encoding: .utf8)
            if f == file { text = edit(text) }
            try dir.write(name + "/" + f, text)
        }
        if !FileManager.default.fileExists(atPath: dir.path(name + "/" + file)) { try dir.write(name + "/" + file, edit("")) }
        return dir.path(name)
    }

    func simulate(_ candidate: String, _ extra: [String] = [], events: [String] = SimulateCommandTests.examples) throws -> Arrearsd.Result {
        try Arrearsd.run(["simulate", "--rules", candidate, "--baseline", Self.rules.path, "--events"] + events + ["--now", Self.now] + extra)
    }

    func json(_ r: Arrearsd.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// The daemon's own queue for the examples under `rules` (the independent count).
    func daemonQueue(_ dir: TemporaryDirectory, rules: String) throws -> [[String: Any]] {
        let data = dir.path("data-" + UUID().uuidString)
        for (k, file) in Self.examples.enumerated() {
            try dir.write(URL(fileURLWithPath: data).lastPathComponent + "/inbox/\(k).jsonl", try String(contentsOfFile: file, encoding: .utf8))
        }
        let r = try Arrearsd.run(["run", "--once", "--data", data, "--rules", rules, "--now", Self.now, "--log", "stderr"])
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOfFile: data + "/queue.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func sameRulesChangeNothing() throws {
        let r = try simulate(Self.rules.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("changes\n  none\n"))
        #expect(r.stdout.hasSuffix("summary: 0 added, 0 withdrawn, 0 re-prioritised, 0 re-timed (12 -> 12 open items)\n"), "\(r.stdout)")
    }

    @Test func changedPriorityReprioritisesEveryItemOfTheAction() throws {
        let dir = try TemporaryDirectory()
        let new = try candidate(dir, "new", file: "40-support.rules") {
            $0.replacingOccurrences(of: "queue refer_debt_help priority 60", with: "queue refer_debt_help priority 61")
        }
        let expected = try daemonQueue(dir, rules: Self.rules.path).filter { $0["action"] as? String == "refer_debt_help" }.count
        #expect(expected == 3)
        let r = try simulate(new)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  re-prioritised  C1001  refer_debt_help  priority 60 -> 61  due "))
        #expect(r.stdout.contains("\n  refer_debt_help      0          0               3         0\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\n  point_to_debt_help      0          0               3         0\n"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("summary: 0 added, 0 withdrawn, \(expected) re-prioritised, 0 re-timed (12 -> 12 open items)\n"))
    }

    @Test func removedRuleWithdrawsItsItems() throws {
        let dir = try TemporaryDirectory()
        let new = try candidate(dir, "new", file: "40-support.rules") { text in
            let start = text.range(of: "rule point_to_debt_help")!.lowerBound
            let end = text.range(of: "rule early_warning")!.lowerBound
            return String(text[..<start] + text[end...])
        }
        let expected = try daemonQueue(dir, rules: Self.rules.path).filter { $0["action"] as? String == "refer_debt_help" }.count
        let doc = try json(try simulate(new, ["--format", "json"]))
        #expect(doc["summary"] as? [String: Int] == ["added": 0, "withdrawn": expected, "re-prioritised": 0, "re-timed": 0])
        let byRule = try #require(doc["by_rule"] as? [String: [String: Int]])
        #expect(byRule == ["point_to_debt_help": ["added": 0, "withdrawn": 3, "re-prioritised": 0, "re-timed": 0]])
        let changes = try #require(doc["changes"] as? [[String: Any]])
        #expect(changes.map { $0["case"] as? String } == ["C1001", "C1003", "C1006"])
        #expect(changes.allSatisfy { $0["new"] is NSNull && ($0["old"] as? [String: Any])?["priority"] as? Int == 60 })
        #expect((doc["candidate"] as? [String: Any])?["open"] as? Int == 12 - expected)
    }

    @Test func addedRuleAddsAnItemPerMatchingCase() throws {
        let dir = try TemporaryDirectory()
        let rule = """
            action review_balance kind support cooldown 7d
            rule balance_review "Bekijk het saldo." {
              when balance >= 100
              then queue review_balance priority 20
            }

            """
        let new = try candidate(dir, "new", file: "50-review.rules") { $0 + rule }
        // The daemon under the candidate rules says which cases get the new item.
        let expected = try daemonQueue(dir, rules: new).filter { $0["action"] as? String == "review_balance" }.compactMap { $0["case"] as? String }
        #expect(expected.sorted() == ["C1001", "C1003", "C1004"])  // balances 168.20, 102.00, 240.00
        let r = try simulate(new, ["--format", "json"])
        let doc = try json(r)
        #expect(doc["summary"] as? [String: Int] == ["added": expected.count, "withdrawn": 0, "re-prioritised": 0, "re-timed": 0])
        let changes = try #require(doc["changes"] as? [[String: Any]])
        #expect(changes.compactMap { $0["case"] as? String } == expected.sorted())
        #expect(changes.allSatisfy { $0["action"] as? String == "review_balance" && $0["old"] is NSNull })
        #expect((doc["by_action"] as? [String: [String: Int]])?["review_balance"]?["added"] == expected.count)
    }

    @Test func changedTimingRetimesFutureItems() throws {
        let dir = try TemporaryDirectory()
        let new = try candidate(dir, "new", file: "30-contact.rules") {
            $0.replacingOccurrences(of: "then queue sms priority 35 + min(arrears.days, 30) due after payday",
                                    with: "then queue sms priority 35 + min(arrears.days, 30) due in 14d")
        }
        let r = try simulate(new)
        #expect(r.status == 0, "\(r.stderr)")
        // C1001's SMS was opened at the second unanswered call (19 Nov 18:40): 14 days later
        // instead of the first contact moment the cap allows after payday 25 Nov.
        #expect(r.stdout.contains("\n  re-timed  C1001  sms  priority 65  due 2026-11-26T18:40:00+01:00 -> 2026-12-03T18:40:00+01:00  (sms_after_payday)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\n  sms         0          0               0         2\n"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("summary: 0 added, 0 withdrawn, 0 re-prioritised, 2 re-timed (12 -> 12 open items)\n"))
    }

    /// Events are admitted across files as the daemon admits them: an exact resend in a later
    /// file is a duplicate, a reused id with other content and an id of another case are
    /// conflicts (warnings), and neither changes the queue.
    @Test func eventsOfLaterFilesAreCheckedAgainstEarlierOnes() throws {
        let dir = try TemporaryDirectory()
        let first = try String(contentsOfFile: Self.examples[0], encoding: .utf8).split(separator: "\n")[0]
        let later = try dir.write("later.jsonl", [
            String(first),  // resent as it was
            first.replacingOccurrences(of: "\"amount\":\"84.10\"", with: "\"amount\":\"99.00\""),
            first.replacingOccurrences(of: "\"case\":\"C1001\"", with: "\"case\":\"C1002\""),
        ].joined(separator: "\n") + "\n")
        let plain = try json(try simulate(Self.rules.path, ["--format", "json"]))
        let r = try simulate(Self.rules.path, ["--format", "json"], events: Self.examples + [later.path])
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = r.stderr.split(separator: "\n").filter { $0.contains("inv-1001-10") }
        #expect(warnings.count == 2, "\(r.stderr)")
        #expect(warnings.contains { $0.contains("already applied with different content") }, "\(r.stderr)")
        #expect(warnings.contains { $0.contains("already used by case \"C1001\"") }, "\(r.stderr)")
        let doc = try json(r)
        #expect(doc["events"] as? Int == plain["events"] as? Int)
        #expect(doc["conflicts"] as? Int == 2)
        #expect((doc["baseline"] as? [String: Any])?["open"] as? Int == (plain["baseline"] as? [String: Any])?["open"] as? Int)
    }

    /// Replayed a partition at a time, the outcome is that of one pass, even where which case
    /// owns an event id is decided across partitions: an id first refused in one case (a
    /// second invoice) belongs to the case that uses it next, so a third case using it is
    /// refused, whatever partitions the three cases fall in.
    @Test func partitionedReplayMatchesOnePass() throws {
        let dir = try TemporaryDirectory()
        func invoice(_ id: String, _ caseID: String, _ invoice: String) -> String {
            "{\"id\":\"\(id)\",\"type\":\"invoice\",\"case\":\"\(caseID)\",\"at\":\"2026-11-02T06:00:00+01:00\","
                + "\"invoice\":\"\(invoice)\",\"amount\":\"50.00\",\"due\":\"2026-11-09\"}"
        }
        let later = try dir.write("later.jsonl", [
            invoice("dup-1", "C1001", "F2026-10-1001"),  // a second invoice: refused
            invoice("dup-1", "C1002", "F-X-1002"),       // so the id is free: taken in
            invoice("dup-1", "C1003", "F-X-1003"),       // used by C1002: refused
            invoice("inv-1001-10", "C1004", "F-X-1004"), // used by C1001: refused
        ].joined(separator: "\n") + "\n")
        // A partition count that puts the three cases sharing `dup-1` apart.
        let count = try #require((2...12).first { n in
            Set(["C1001", "C1002", "C1003"].map { CasePartitioning(count: n).partition(of: CaseID(rawValue: $0)) }).count == 3
        })
        let events = Self.examples + [later.path]
        let one = try simulate(Self.rules.path, ["--format", "json", "--partitions", "1"], events: events)
        #expect(one.status == 0, "\(one.stderr)")
        let doc = try json(one)
        #expect(doc["conflicts"] as? Int == 3, "\(one.stderr)")
        let plain = try json(try simulate(Self.rules.path, ["--format", "json"]))
        #expect(doc["events"] as? Int == (plain["events"] as? Int).map { $0 + 1 })  // dup-1 of C1002
        #expect(one.stderr.contains("event id \"dup-1\" is already used by case \"C1002\""), "\(one.stderr)")
        for n in [count, 2, 5] {
            let parts = try simulate(Self.rules.path, ["--format", "json", "--partitions", String(n)], events: events)
            #expect(parts.status == 0, "\(parts.stderr)")
            #expect(parts.stdout == one.stdout, "--partitions \(n)")
            #expect(parts.stderr == one.stderr, "--partitions \(n)")
        }
        #expect(try simulate(Self.rules.path, ["--partitions", "-1"]).status == 64)
    }

    @Test func rejectedLinesAreWarningsAndInvalidRulesExit78() throws {
        let dir = try TemporaryDirectory()
        let bad = try dir.write("bad.jsonl", "{\"id\":\"x\"}\n")
        let r = try simulate(Self.rules.path, events: Self.examples + [bad.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("bad.jsonl:1: "), "\(r.stderr)")
        let broken = try candidate(dir, "broken", file: "30-contact.rules") { $0 + "\nrule oops { when nonsense then queue call priority 1 }\n" }
        let invalid = try simulate(broken)
        #expect(invalid.status == 78)
        #expect(invalid.stderr.contains("error:"))
        #expect(try Arrearsd.run(["simulate", "--rules", broken]).status == 64)  // no --events
    }
}
