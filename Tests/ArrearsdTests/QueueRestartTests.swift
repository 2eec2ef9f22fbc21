import Foundation
import Testing

/// The queue file across restarts: kept when it is the one written from the last committed
/// state, rebuilt when it was changed or replaced, re-rendered when the time zone changes.
@Suite(.serialized) struct QueueRestartTests {
    func runOnce(_ dir: TemporaryDirectory, _ data: URL, rules: String = "rules") throws -> Arrearsd.Result {
        try Arrearsd.run(["run", "--once", "--rules", dir.path(rules), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"])
    }

    func inode(_ url: URL) throws -> UInt64 {
        try (FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    func setUp() throws -> (TemporaryDirectory, URL, URL) {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", DaemonTests.rules)
        let data = dir.url.appendingPathComponent("var")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try drop("001.jsonl", DaemonTests.invoice("e1", "C1") + "\n" + DaemonTests.invoice("e2", "C2", due: "2026-10-01") + "\n",
                 into: data.appendingPathComponent("inbox"))
        return (dir, data, data.appendingPathComponent("queue.jsonl"))
    }

    @Test func anUnchangedQueueFileIsNotRewrittenAtStart() throws {
        let (dir, data, queue) = try setUp()
        let first = try runOnce(dir, data)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try inode(queue)
        let bytes = try Data(contentsOf: queue)
        #expect(queueItems(queue).count == 3)
        let second = try runOnce(dir, data)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try inode(queue) == before, "the queue file was replaced although nothing changed")
        #expect(try Data(contentsOf: queue) == bytes)
    }

    /// A queue file kept at start-up is edited by the first batch after it: where its lines
    /// lie comes from the store's queue index (each stored line's length), not from reading
    /// every line again.
    @Test func theFirstBatchAfterARestartEditsTheKeptFile() throws {
        let (dir, data, queue) = try setUp()
        #expect(try runOnce(dir, data).status == 0)
        try drop("002.jsonl", DaemonTests.invoice("e3", "C3") + "\n" + DaemonTests.invoice("e4", "C0") + "\n",
                 into: data.appendingPathComponent("inbox"))
        let second = try runOnce(dir, data)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("queue edited"), "\(second.stderr)")
        let edited = try Data(contentsOf: queue)
        #expect(queueItems(queue).count == 5)
        try FileManager.default.removeItem(at: queue)
        #expect(try runOnce(dir, data).status == 0)
        #expect(try Data(contentsOf: queue) == edited)
    }

    @Test func aQueueFileChangedByHandIsRebuiltFromTheStore() throws {
        let (dir, data, queue) = try setUp()
        #expect(try runOnce(dir, data).status == 0)
        let bytes = try Data(contentsOf: queue)
        try Data("{\"id\":\"bogus\"}\n".utf8).write(to: queue)
        let again = try runOnce(dir, data)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: queue) == bytes)
    }

    @Test func aQueueFileMissingIsRebuilt() throws {
        let (dir, data, queue) = try setUp()
        #expect(try runOnce(dir, data).status == 0)
        let bytes = try Data(contentsOf: queue)
        try FileManager.default.removeItem(at: queue)
        #expect(try runOnce(dir, data).status == 0)
        #expect(try Data(contentsOf: queue) == bytes)
    }

    @Test func storedLinesFollowATimeZoneChange() throws {
        let (dir, data, queue) = try setUp()
        // A support item without a channel: re-evaluation in another zone leaves it as it is,
        // so only rendering the stored lines again can move its times to the new zone.
        try drop("002.json", #"{"id":"s1","type":"signal","case":"C2","at":"2026-11-20T09:00:00+01:00","signal":"debt_help"}"#,
                 into: data.appendingPathComponent("inbox"))
        #expect(try runOnce(dir, data).status == 0)
        #expect(queueItems(queue).contains { $0["id"] as? String == "C2/refer/1" })
        #expect(queueItems(queue).allSatisfy { ($0["opened"] as? String)?.hasSuffix("+01:00") == true })
        // The same rules with another time zone: a changed rule set, so every case is
        // re-evaluated; items whose decisions did not change keep their stored line unless
        // it is rendered again in the new zone.
        try dir.write("london/a.rules", "calendar { timezone \"Europe/London\" }\n" + DaemonTests.rules)
        let moved = try runOnce(dir, data, rules: "london")
        #expect(moved.status == 0, "\(moved.stderr)")
        let items = queueItems(queue)
        #expect(items.contains { $0["id"] as? String == "C2/refer/1" })
        #expect(!moved.stderr.contains("updated C2/refer/1"), "\(moved.stderr)")
        for item in items {
            #expect((item["opened"] as? String)?.hasSuffix("Z") == true, "\(item)")
            #expect((item["due"] as? String)?.hasSuffix("Z") == true, "\(item)")
        }
    }

    /// Once a run has written the queue file (here at its first start), each batch edits it
    /// rather than rebuilding it: the kept lines are copied from the file before. Run after run
    /// of a generated stream dropped a few days at a time (items opened, updated, withdrawn and
    /// closed; each scan split into transactions, its cases evaluated after the last), the
    /// edited file must be the file a rebuild from the store gives.
    @Test func aQueueEditedBatchAfterBatchIsTheQueueRebuiltFromTheStore() throws {
        let dir = try TemporaryDirectory()
        let data = dir.url.appendingPathComponent("var")
        let inbox = data.appendingPathComponent("inbox")
        let staging = dir.url.appendingPathComponent("stream")
        let queue = data.appendingPathComponent("queue.jsonl")
        let generated = try Arrearsd.run(["generate", "--cases", "400", "--days", "75", "--seed", "11", "--start", "2026-03-01", "--files-per-day", "3",
                                          "--out", staging.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let rules = repositoryRoot.appendingPathComponent("rules").path
        let args = ["run", "--once", "--rules", rules, "--data", data.path, "--now", "2026-05-15T12:00:00+02:00",
                    "--log", "stderr", "--batch-events", "100"]
        let files = try FileManager.default.contentsOfDirectory(atPath: staging.path).sorted()
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        var batches: [Substring] = []
        var dueRuns: [Substring] = []
        for start in stride(from: 0, to: files.count, by: 15) {
            for name in files[start..<min(files.count, start + 15)] {
                try FileManager.default.moveItem(at: staging.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
            }
            let edited = try Arrearsd.run(args)
            #expect(edited.status == 0, "\(edited.stderr.suffix(2000))")
            #expect(!edited.stderr.contains("do not fit"), "\(edited.stderr.suffix(2000))")
            let lines = edited.stderr.split(separator: "\n")
            batches += lines.filter { $0.contains("batch applied") }
            dueRuns += lines.filter { $0.contains("cases due (the cases of a large inbox scan's earlier") }
        }
        #expect(batches.count > 12 && dueRuns.count > 3, "\(batches.count) batches, \(dueRuns.count) deferred evaluations")
        #expect(batches.allSatisfy { $0.contains("queue edited") }, "every batch edits the file")
        #expect(dueRuns.allSatisfy { $0.contains("queue edited") }, "\(dueRuns)")
        let bytes = try Data(contentsOf: queue)
        #expect(queueItems(queue).count > 100, "a queue worth comparing")

        try FileManager.default.removeItem(at: queue)
        let rebuilt = try Arrearsd.run(args)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr.suffix(2000))")
        #expect(try Data(contentsOf: queue) == bytes)
    }

    /// A reload with a rule set that changes no item rewrites every line's `ruleset` field by
    /// editing the file written before (each kept line's head copied, the new tail put on),
    /// and gives the file a rebuild from the store gives.
    @Test func aReloadRelabelsTheQueueAsARebuildWould() throws {
        let (dir, data, queue) = try setUp()
        let notify = try NotifySocket(directory: dir.url)
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        let daemon = try DaemonProcess(["--rules", dir.path("rules"), "--data", data.path, "--now", DaemonTests.now, "--log", "stderr"],
                                       environment: environment)
        #expect(notify.receive(until: { $0.contains("READY=1") }).contains { $0.contains("READY=1") }, "\(daemon.log)")
        #expect(eventually { queueItems(queue).count == 3 })
        let before = queueItems(queue).compactMap { $0["ruleset"] as? String }
        // Another name, the same decisions.
        try dir.write("rules/a.rules", DaemonTests.rules.replacingOccurrences(of: "ruleset \"daemon-test\"", with: "ruleset \"renamed-for-test\""))
        daemon.signal(SIGHUP)
        #expect(notify.receive(until: { $0.contains("READY=1") }).contains { $0.contains("RELOADING=1") })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.log.contains("queue file edited after the reload"), "\(daemon.log)")
        let after = queueItems(queue).compactMap { $0["ruleset"] as? String }
        #expect(before.count == 3 && before.allSatisfy { $0.hasPrefix("daemon-test@") }, "\(before)")
        #expect(after.count == 3 && after.allSatisfy { $0.hasPrefix("renamed-for-test@") }, "\(after)")
        let edited = try Data(contentsOf: queue)
        try FileManager.default.removeItem(at: queue)
        let rebuilt = try runOnce(dir, data)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try Data(contentsOf: queue) == edited)
    }
}
