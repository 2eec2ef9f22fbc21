import Foundation
import JournaldTestSupport
import Testing

/// `arrearsd run` as a real process on a temporary data directory (SPEC §1, §3, §5, §6).
@Suite(.serialized) struct DaemonTests {
    static let rules = """
        ruleset "daemon-test"
        action call kind pressure channel phone cooldown 2d
        action letter kind pressure channel letter cooldown 14d
        action refer kind support cooldown 90d
        rule hold_debt_help "Schuldhulp loopt" { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
        rule early "Bel vroeg" { when arrears.days >= 3 and arrears.amount >= 25 then queue call priority 40 + min(arrears.days, 30) }
        rule late "Brief" { when arrears.days >= 30 then queue letter priority 20 }

        """
    static let now = "2026-11-23T10:00:00+01:00"

    static func invoice(_ id: String, _ c: String, amount: String = "84.10", due: String = "2026-11-06") -> String {
        #"{"id":"\#(id)","type":"invoice","case":"\#(c)","at":"2026-11-01T08:00:00+01:00","invoice":"I-\#(id)","amount":"\#(amount)","due":"\#(due)"}"#
    }

    func setUp() throws -> (TemporaryDirectory, URL, URL) {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", DaemonTests.rules)
        let data = dir.url.appendingPathComponent("var")
        return (dir, data, data.appendingPathComponent("inbox"))
    }

    func ids(_ data: URL) -> Set<String> { Set(queueItems(data.appendingPathComponent("queue.jsonl")).compactMap { $0["id"] as? String }) }

    @Test func appliesDroppedFilesAndKeepsTheQueue() throws {
        let (dir, data, inbox) = try setUp()
        let daemon = try DaemonProcess(["--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"])
        #expect(eventually { FileManager.default.fileExists(atPath: data.appendingPathComponent("queue.jsonl").path) }, "\(daemon.log)")

        try drop("001.jsonl", DaemonTests.invoice("e1", "C1") + "\n" + DaemonTests.invoice("e2", "C2") + "\n", into: inbox)
        #expect(eventually { ids(data) == ["C1/call/1", "C2/call/1"] }, "\(ids(data)) \(daemon.log)")
        let first = queueItems(data.appendingPathComponent("queue.jsonl"))
        #expect(first.first?["priority"] as? Int == 57)
        #expect((first.first?["facts"] as? [String: Any])?["arrears_amount"] as? String == "84.10")

        // A work_done closes its item; the cooldown keeps the call away.
        try drop("002.json", #"{"id":"e3","type":"work_done","case":"C1","at":"2026-11-23T09:30:00+01:00","work":"C1/call/1","outcome":"done"}"#, into: inbox)
        #expect(eventually { ids(data) == ["C2/call/1"] }, "\(ids(data))")

        // A payment that clears the arrears withdraws the pressure.
        try drop("003.json", #"{"id":"e4","type":"payment","case":"C2","at":"2026-11-23T09:40:00+01:00","amount":84.10}"#, into: inbox)
        #expect(eventually { ids(data).isEmpty }, "\(ids(data))")

        // A debt-help signal empties the pressure from the queue and refers.
        try drop("004.jsonl", DaemonTests.invoice("e5", "C3", due: "2026-10-01") + "\n", into: inbox)
        #expect(eventually { ids(data) == ["C3/call/1", "C3/letter/1"] }, "\(ids(data))")
        try drop("005.json", #"{"id":"e6","type":"signal","case":"C3","at":"2026-11-23T09:50:00+01:00","signal":"debt_help"}"#, into: inbox)
        #expect(eventually { ids(data) == ["C3/refer/1"] }, "\(ids(data))")

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "\(daemon.log)")
        let archived = try FileManager.default.subpathsOfDirectory(atPath: data.appendingPathComponent("archive").path).filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }
        #expect(archived.map { ($0 as NSString).lastPathComponent }.sorted() == ["001.jsonl", "002.json", "003.json", "004.jsonl", "005.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.path).isEmpty)
    }

    /// A queue file that could not be written after a batch's commit is written at a later
    /// pass: the batch's input stays in the inbox until then, and is seen as applied when it
    /// is read again (here at the passes of the watchdog's wake-ups).
    @Test func aQueueWriteThatFailedIsRetriedAtALaterPass() throws {
        let (dir, data, inbox) = try setUp()
        let queue = data.appendingPathComponent("queue.jsonl")
        var environment = ProcessInfo.processInfo.environment
        environment["WATCHDOG_USEC"] = "200000"
        environment["NOTIFY_SOCKET"] = nil
        let daemon = try DaemonProcess(["--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"],
                                       environment: environment)
        #expect(eventually { FileManager.default.fileExists(atPath: queue.path) }, "\(daemon.log)")
        // A non-empty directory in its place: renaming the new file over it fails.
        try FileManager.default.removeItem(at: queue)
        try FileManager.default.createDirectory(at: queue, withIntermediateDirectories: false)
        try Data().write(to: queue.appendingPathComponent("in-the-way"))
        try drop("001.jsonl", DaemonTests.invoice("e1", "C1") + "\n", into: inbox)
        #expect(eventually { daemon.log.contains("pass failed") && daemon.log.contains("queue") }, "\(daemon.log)")

        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("001.jsonl").path), "not archived yet")
        try FileManager.default.removeItem(at: queue)
        #expect(eventually { ids(data) == ["C1/call/1"] }, "\(daemon.log)")
        #expect(eventually { !FileManager.default.fileExists(atPath: inbox.appendingPathComponent("001.jsonl").path) })
        #expect(eventually { daemon.log.contains("1 files, 0 events, 0 duplicates") }, "read again as applied: \(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "\(daemon.log)")
    }

    @Test func badInputIsRejectedWithItsReasonAndTheRestApplies() throws {
        let (dir, data, inbox) = try setUp()
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let good = DaemonTests.invoice("g1", "C1")
        try dir.write("var/inbox/a-mixed.jsonl", good + "\nnot json\n" + #"{"id":"g2","type":"payment","case":"C1","at":"2026-11-02T08:00:00+01:00","amount":12.345}"# + "\n")
        try dir.write("var/inbox/b-conflict.jsonl", DaemonTests.invoice("g1", "C1", amount: "99.00") + "\n" + DaemonTests.invoice("g3", "C2") + "\n")
        try dir.write("target.json", DaemonTests.invoice("s1", "C9"))
        try FileManager.default.createSymbolicLink(atPath: inbox.appendingPathComponent("c-link.json").path, withDestinationPath: dir.path("target.json"))
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("d-dir.json"), withIntermediateDirectories: true)
        try dir.write("var/inbox/e-big.jsonl", String(repeating: good + "\n", count: 40))
        try dir.write("var/inbox/.hidden.json", DaemonTests.invoice("h1", "C8"))

        let r = try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now,
                                  "--log", "stderr", "--max-file-size", "2000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ids(data) == ["C1/call/1", "C2/call/1"])
        let rejected = data.appendingPathComponent("rejected")
        func text(_ name: String) -> String { (try? String(contentsOf: rejected.appendingPathComponent(name), encoding: .utf8)) ?? "<missing \(name)>" }
        #expect(text("a-mixed.jsonl.lines") == "not json\n" + #"{"id":"g2","type":"payment","case":"C1","at":"2026-11-02T08:00:00+01:00","amount":12.345}"# + "\n")
        let mixedErrors = text("a-mixed.jsonl.error")
        #expect(mixedErrors.contains("a-mixed.jsonl:2: "), "\(mixedErrors)")
        #expect(mixedErrors.contains("a-mixed.jsonl:3: field \"amount\": 12.345 has more than two decimals"), "\(mixedErrors)")
        #expect(text("b-conflict.jsonl.error").contains("b-conflict.jsonl:1: "), "\(text("b-conflict.jsonl.error"))")
        #expect(text("c-link.json.error").contains("symbolic link"), "\(text("c-link.json.error"))")
        #expect(text("d-dir.json.error").contains("not a regular file"), "\(text("d-dir.json.error"))")
        #expect(text("e-big.jsonl.error").contains("2000"), "\(text("e-big.jsonl.error"))")
        // The dotfile is left alone; nothing else stays in the inbox.
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.path) == [".hidden.json"])
    }

    /// Waves of many small files are cut to the batch's remaining events (at the bytes per
    /// event read so far), so a batch of single-event files ends near its event limit.
    @Test func manySmallFilesMakeBatchesNearTheEventLimit() throws {
        let (dir, data, inbox) = try setUp()
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for k in 0..<600 {
            try drop(String(format: "%04d.json", k), DaemonTests.invoice("e\(k)", "C\(k % 50)"), into: inbox)
        }
        let run = try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now,
                                    "--log", "stderr", "--batch-events", "100"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let sizes = run.stderr.split(separator: "\n").filter { $0.contains("batch applied") }.compactMap { line -> Int? in
            guard let files = line.firstRange(of: "batch applied: ") else { return nil }
            return Int(line[files.upperBound...].prefix { $0.isNumber })
        }
        #expect(sizes.reduce(0, +) == 600, "\(sizes)")
        #expect(sizes.count >= 5 && sizes.allSatisfy { $0 <= 110 }, "files per batch: \(sizes)")
    }

    /// A scan that holds more than one transaction takes (`--batch-events`) is still one batch
    /// (SPEC §4.5 rule 7): its earlier transactions store the events and make their cases due,
    /// and each case is evaluated once, after the last. The items (numbers included), their
    /// facts and the queue file are those of the whole scan taken in one transaction, and no
    /// item is opened only to be withdrawn or updated by the scan's next transaction.
    @Test func aScanSplitIntoTransactionsIsEvaluatedAsOneBatch() throws {
        let dir = try TemporaryDirectory()
        let rules = repositoryRoot.appendingPathComponent("rules").path
        func ingest(_ name: String, _ extra: [String]) throws -> (queue: Data, log: String) {
            let data = dir.url.appendingPathComponent(name)
            let generated = try Arrearsd.run(["generate", "--cases", "300", "--days", "70", "--seed", "5", "--start", "2026-03-01",
                                              "--out", data.appendingPathComponent("inbox").path])
            #expect(generated.status == 0, "\(generated.stderr)")
            let run = try Arrearsd.run(["run", "--once", "--rules", rules, "--data", data.path, "--now", "2026-05-10T12:00:00+02:00",
                                        "--log", "stderr"] + extra)
            #expect(run.status == 0, "\(run.stderr.suffix(2000))")
            return (try Data(contentsOf: data.appendingPathComponent("queue.jsonl")), run.stderr)
        }
        let split = try ingest("split", ["--batch-events", "200"])
        let whole = try ingest("whole", [])
        let batches = split.log.split(separator: "\n").filter { $0.contains("batch applied") }
        #expect(batches.count > 5, "\(batches)")
        #expect(batches.dropLast().allSatisfy { $0.contains(" 0 cases evaluated (") && $0.contains("more when the scan's last transaction is in") },
                "\(batches)")
        #expect(split.log.contains("evaluated ") && split.log.contains("cases due (the cases of a large inbox scan's earlier"), "\(split.log.suffix(2000))")
        #expect(queueItems(dir.url.appendingPathComponent("whole/queue.jsonl")).count > 20, "a queue worth comparing")
        #expect(split.queue == whole.queue)
        func records(_ log: String, _ word: String) -> Int { log.split(separator: "\n").count { $0.hasPrefix("info \(word) ") } }
        for word in ["opened", "updated", "withdrawn"] {
            #expect(records(split.log, word) == records(whole.log, word), "\(word) records")
        }
    }

    /// A batch's events reach their cases whole whatever order their cases come in: the store
    /// numbers them in case order, or (when an id repeats in the batch) in arrival order, and
    /// either way each case is evaluated once with all its new events and its log keeps them
    /// for the next batch.
    @Test(arguments: [false, true]) func interleavedCasesOfABatchEachGetAllTheirEvents(repeatedID: Bool) throws {
        let (dir, data, inbox) = try setUp()
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        func payment(_ id: String, _ c: String) -> String {
            #"{"id":"\#(id)","type":"payment","case":"\#(c)","at":"2026-11-20T08:00:00+01:00","amount":"84.10"}"#
        }
        // C2 and C1 alternate; each has two invoices and pays one of them.
        var lines = [DaemonTests.invoice("a1", "C2"), DaemonTests.invoice("b1", "C1"), payment("a2", "C2"),
                     DaemonTests.invoice("b2", "C1"), DaemonTests.invoice("a3", "C2"), payment("b3", "C1")]
        if repeatedID { lines.append(DaemonTests.invoice("a1", "C2")) }  // the same event again: a duplicate
        try drop("001.jsonl", lines.joined(separator: "\n") + "\n", into: inbox)
        let common = ["run", "--once", "--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"]
        let first = try Arrearsd.run(common)
        #expect(first.status == 0, "\(first.stderr.suffix(2000))")
        #expect(first.stderr.contains("2 cases evaluated"), "\(first.stderr.suffix(2000))")
        #expect(first.stderr.contains("\(repeatedID ? 1 : 0) duplicates"), "\(first.stderr.suffix(2000))")
        func arrears() -> [String: String] {
            Dictionary(uniqueKeysWithValues: queueItems(data.appendingPathComponent("queue.jsonl")).compactMap { item in
                guard let id = item["id"] as? String, let facts = item["facts"] as? [String: Any],
                      let amount = facts["arrears_amount"] as? String else { return nil }
                return (id, amount)
            })
        }
        #expect(arrears() == ["C1/call/1": "84.10", "C2/call/1": "84.10"])
        // A later batch adds to what the logs kept: a third invoice each.
        try drop("002.jsonl", DaemonTests.invoice("a4", "C2") + "\n" + DaemonTests.invoice("b4", "C1") + "\n", into: inbox)
        let second = try Arrearsd.run(common)
        #expect(second.status == 0, "\(second.stderr.suffix(2000))")
        for c in ["C1", "C2"] {
            let explained = try Arrearsd.run(["explain", c, "--data", data.path, "--rules", dir.path("rules"), "--now", DaemonTests.now])
            #expect(explained.stdout.contains("  arrears.amount = 168.20\n"), "\(c): \(explained.stdout) \(explained.stderr)")
        }
    }

    @Test func exitCodesForInvalidRulesAndUnusableData() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", "rule r { when arrears.dayz > 1 then tag x }\n")
        let invalid = try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", dir.path("var"), "--log", "stderr"])
        #expect(invalid.status == 78)
        #expect(invalid.stderr.contains("a.rules:1:15: error: unknown name 'arrears.dayz'"), "\(invalid.stderr)")

        try dir.write("rules/a.rules", DaemonTests.rules)
        try dir.write("not-a-dir", "x")
        let unusable = try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", dir.path("not-a-dir"), "--log", "stderr"])
        #expect(unusable.status == 74, "\(unusable.stderr)")
    }

    @Test func reloadKeepsTheOldRulesOnErrorAndAppliesGoodOnes() throws {
        let (dir, data, inbox) = try setUp()
        let notify = try NotifySocket(directory: dir.url)
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "1000000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try dir.write("var/inbox/001.jsonl", DaemonTests.invoice("e1", "C1") + "\n")
        let daemon = try DaemonProcess(["--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"],
                                       environment: environment)
        let startup = notify.receive(until: { $0.contains("READY=1") })
        #expect(startup.contains { $0.contains("READY=1") }, "\(startup) \(daemon.log)")
        #expect(eventually { ids(data) == ["C1/call/1"] })
        // With WatchdogSec (WATCHDOG_USEC=1s) the idle loop pings at least every half second.
        let pings = notify.receive(until: { $0.contains("WATCHDOG=1") }, seconds: 5)
        #expect(pings.contains { $0.contains("WATCHDOG=1") }, "\(pings)")

        try dir.write("rules/a.rules", DaemonTests.rules + "rule broken { when arrears.amout > 1 then tag x }\n")
        daemon.signal(SIGHUP)
        let failed = notify.receive(until: { $0.contains("READY=1") })
        #expect(failed.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") }, "\(failed)")
        #expect(failed.contains { $0.contains("STATUS=") && $0.contains("reload failed") && $0.contains("arrears.amout") }, "\(failed)")
        #expect(queueItems(data.appendingPathComponent("queue.jsonl")).first?["priority"] as? Int == 57)

        try dir.write("rules/a.rules", DaemonTests.rules.replacingOccurrences(of: "priority 40 +", with: "priority 10 +"))
        daemon.signal(SIGHUP)
        let good = notify.receive(until: { $0.contains("READY=1") })
        #expect(good.contains { $0.contains("RELOADING=1") }, "\(good)")
        #expect(eventually { queueItems(data.appendingPathComponent("queue.jsonl")).first?["priority"] as? Int == 27 })

        daemon.signal(SIGTERM)
        let stopping = notify.receive(until: { $0.contains("STOPPING=1") })
        #expect(stopping.contains { $0.contains("STOPPING=1") }, "\(stopping)")
        #expect(daemon.waitForExit() == 0)
    }

    @Test func journalEntriesCarryTheCaseFields() throws {
        if let problem = Journald.ensureRunning() {
            Issue.record("journald unavailable: \(problem)")
            return
        }
        let (dir, data, inbox) = try setUp()
        let marker = "J\(UInt32.random(in: 1_000_000...9_999_999))"
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try dir.write("var/inbox/001.jsonl", DaemonTests.invoice("\(marker)-e1", marker) + "\n")
        let r = try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "journald"])
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try Journald.entries(field: "CASE_ID", value: marker)
        let opened = entries.first { ($0["MESSAGE"] as? String)?.hasPrefix("opened") == true }
        #expect(opened?["WORK_ID"] as? String == "\(marker)/call/1", "\(entries)")
        #expect(opened?["ACTION"] as? String == "call")
        #expect(opened?["RULE"] as? String == "early")
        #expect(opened?["MESSAGE_ID"] as? String == "bcb4cae58785420b91991ca575332223")
        #expect((opened?["RULESET"] as? String)?.hasPrefix("daemon-test@") == true)
        #expect(opened?["SYSLOG_IDENTIFIER"] as? String == "arrearsd")
    }
}
