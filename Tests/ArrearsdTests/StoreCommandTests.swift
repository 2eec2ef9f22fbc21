import ArrearsEngine
import ArrearsStore
import Foundation
import Testing

/// `queue` and `explain --data` against a store written by a real `arrearsd run --once`.
@Suite struct StoreCommandTests {
    static let now = "2026-11-23T10:00:00+01:00"
    static var rules: String { repositoryRoot.appendingPathComponent("rules").path }

    /// A data directory after `run --once` over the bundled examples.
    func examplesStore(in dir: TemporaryDirectory) throws -> String {
        let examples = repositoryRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".jsonl") {
            try dir.write("data/inbox/" + name, try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8))
        }
        let r = try Arrearsd.run(["run", "--once", "--data", dir.path("data"), "--rules", Self.rules, "--now", Self.now, "--log", "stderr"])
        #expect(r.status == 0, "\(r.stderr)")
        return dir.path("data")
    }

    func queueFileLines(_ data: String) throws -> [String] {
        try String(contentsOfFile: data + "/queue.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func queueJSONIsTheQueueFileAndTopLimits() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        let lines = try queueFileLines(data)
        #expect(lines.count == 12)
        let json = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == lines.joined(separator: "\n") + "\n")
        let top = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--format", "json", "--top", "3"])
        #expect(top.stdout == lines.prefix(3).joined(separator: "\n") + "\n")
    }

    @Test func queueTableHasAlignedColumnsInQueueOrder() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        let r = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--top", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map(String.init)
        try #require(rows.count == 4)
        #expect(rows[0].hasPrefix("PRIO  DUE               CASE   ACTION "))
        #expect(rows[1].hasPrefix("  84  2026-11-23 10:00  C1001  call "))
        #expect(rows[1].hasSuffix("C1001/call/1               early_call,call_instead_of_letter"))
        #expect(rows[2].contains("  75  2026-11-23 10:00  C1003  offer_arrangement"))
        // Columns line up: the ID column starts at the same offset in every row.
        let idColumn = rows[0].range(of: "  ID  ")!.lowerBound.utf16Offset(in: rows[0]) + 2
        #expect(rows[1].range(of: "C1001/call/1")!.lowerBound.utf16Offset(in: rows[1]) == idColumn, "\(rows)")
        #expect(rows[2].range(of: "C1003/offer_arrangement/1")!.lowerBound.utf16Offset(in: rows[2]) == idColumn, "\(rows)")
        #expect(rows[3] == "2 of 12 open items")
    }

    @Test func queueReadsWhileAnotherWriterHoldsATransaction() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        let writer = try StateStore(path: data + "/state.sqlite")
        try writer.write { w in
            try w.setMeta("test", "uncommitted")
            let r = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 12)
        }
    }

    @Test func queueAndExplainReadWhileTheDaemonRunsAndWrites() throws {
        let dir = try TemporaryDirectory()
        let examples = repositoryRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".jsonl") {
            try dir.write("data/inbox/" + name, try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8))
        }
        let data = dir.path("data")
        let daemon = try DaemonProcess(["--rules", Self.rules, "--data", data, "--now", Self.now, "--log", "stderr"])
        #expect(eventually { ((try? queueFileLines(data)) ?? []).count == 12 }, "\(daemon.log)")
        let gen = try Arrearsd.run(["generate", "--cases", "300", "--days", "60", "--start", "2026-09-01", "--seed", "2", "--out", dir.path("gen")])
        #expect(gen.status == 0, "\(gen.stderr)")
        // The generated days arrive one by one while queue and explain read the store.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path("gen")).sorted()
        for (k, name) in names.enumerated() {
            try FileManager.default.moveItem(atPath: dir.path("gen/" + name), toPath: dir.path("data/inbox/" + name))
            guard k % 6 == 0 else { continue }
            let r = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
            let explain = try Arrearsd.run(["explain", "C1001", "--data", data, "--rules", Self.rules, "--now", Self.now])
            #expect(explain.status == 0, "\(explain.stderr)")
        }
        #expect(eventually(seconds: 60) { ((try? FileManager.default.contentsOfDirectory(atPath: data + "/inbox")) ?? ["x"]).isEmpty })
        // Once the daemon is idle the queue read from the store is the queue file.
        #expect(try eventually(seconds: 30) {
            let r = try Arrearsd.run(["queue", "--data", data, "--rules", Self.rules, "--format", "json"])
            return r.stdout == (try String(contentsOfFile: data + "/queue.jsonl", encoding: .utf8)) && r.stdout.split(separator: "\n").count > 12
        }, "\(daemon.log.suffix(2000))")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "\(daemon.log.suffix(2000))")
    }

    @Test func queueExits74WithoutAUsableStore() throws {
        let dir = try TemporaryDirectory()
        let missing = try Arrearsd.run(["queue", "--data", dir.path("nope")])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("does not exist"))
        try FileManager.default.createDirectory(atPath: dir.path("empty"), withIntermediateDirectories: true)
        let empty = try Arrearsd.run(["queue", "--data", dir.path("empty")])
        #expect(empty.status == 74)
        #expect(empty.stderr.contains("state.sqlite does not exist"))
        try dir.write("junk/state.sqlite", "not a database, just text that is long enough to be read as a header")
        let junk = try Arrearsd.run(["queue", "--data", dir.path("junk")])
        #expect(junk.status == 74, "\(junk.stderr)")
    }

    @Test func explainDataReadsTheStoredCaseItsItemsAndPendingChanges() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        let r = try Arrearsd.run(["explain", "C1006", "--data", data, "--rules", Self.rules, "--now", Self.now])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("case C1006 at 2026-11-23T10:00:00+01:00, rule set baseline@"))
        #expect(r.stdout.contains(", 4 events\n"))
        #expect(r.stdout.contains("  fired  early_call"))
        for id in ["C1006/call/1", "C1006/offer_arrangement/1", "C1006/refer_debt_help/1", "C1006/sms/1"] {
            #expect(r.stdout.contains("\n  \(id)  open  opened 2026-11-23T10:00:00+01:00"), "\(id)")
        }
        #expect(r.stdout.hasSuffix("if the daemon evaluated the case now\n  no change\n"))
        // The same report as from the event files, up to the store's own sections.
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("examples").path)
            .sorted().map { repositoryRoot.appendingPathComponent("examples/" + $0).path }
        let fromFiles = try Arrearsd.run(["explain", "C1006", "--events"] + files + ["--rules", Self.rules, "--now", Self.now])
        #expect(r.stdout.hasPrefix(fromFiles.stdout))
        // Evaluated after its contact window closed, C1005's call would move to the next window.
        let later = try Arrearsd.run(["explain", "C1005", "--data", data, "--rules", Self.rules, "--now", "2026-11-23T21:00:00+01:00"])
        #expect(later.stdout.contains("\n  update   C1005/call/1 priority 48 -> 48, due 2026-11-23T10:00:00+01:00 -> 2026-11-24T07:00:00+01:00\n"), "\(later.stdout)")
    }

    @Test func explainDataShowsWithdrawnAndClosedItemsWithWhy() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        // C1003 pays the rest: the next run withdraws its items, with why.
        // C1005's call is reported done: closed, not withdrawn.
        try dir.write("data/inbox/pay.jsonl", #"{"id":"pay-1003-2","type":"payment","case":"C1003","at":"2026-11-24T09:00:00+01:00","amount":"102.00"}"# + "\n"
            + #"{"id":"wd-1005-1","type":"work_done","case":"C1005","at":"2026-11-24T09:30:00+01:00","work":"C1005/call/1","outcome":"done"}"# + "\n")
        let run = try Arrearsd.run(["run", "--once", "--data", data, "--rules", Self.rules, "--now", "2026-11-24T10:00:00+01:00", "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        let r = try Arrearsd.run(["explain", "C1003", "--data", data, "--rules", Self.rules, "--now", "2026-11-24T10:00:00+01:00"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\n  C1003/offer_arrangement/1  withdrawn  opened 2026-11-23T10:00:00+01:00 priority 75"))
        #expect(r.stdout.contains("; withdrawn 2026-11-24T10:00:00+01:00: no rule queues offer_arrangement any more"))
        let closed = try Arrearsd.run(["explain", "C1005", "--data", data, "--rules", Self.rules, "--now", "2026-11-24T10:00:00+01:00"])
        #expect(closed.stdout.contains("\n  C1005/call/1  closed  opened 2026-11-23T10:00:00+01:00 priority 48 due 2026-11-23T10:00:00+01:00; closed 2026-11-24T09:30:00+01:00: done  (early_call)\n"), "\(closed.stdout)")
    }

    @Test func explainDataUnknownCaseAndOptionErrors() throws {
        let dir = try TemporaryDirectory()
        let data = try examplesStore(in: dir)
        let unknown = try Arrearsd.run(["explain", "C9999", "--data", data, "--rules", Self.rules, "--now", Self.now])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("case 'C9999' is not in the store"))
        #expect(try Arrearsd.run(["explain", "C1001", "--rules", Self.rules]).status == 64)
        let both = try Arrearsd.run(["explain", "C1001", "--data", data, "--events", "x.jsonl", "--rules", Self.rules])
        #expect(both.status == 64)
        #expect(both.stderr.contains("exactly one of --data"))
        #expect(try Arrearsd.run(["explain", "C1001", "--data", data + "/missing", "--rules", Self.rules]).status == 74)
    }

    @Test func generatedEventsGoThroughTheDaemonWithoutRejects() throws {
        let dir = try TemporaryDirectory()
        let gen = try Arrearsd.run(["generate", "--cases", "200", "--days", "100", "--seed", "11", "--out", dir.path("data/inbox")])
        #expect(gen.status == 0, "\(gen.stderr)")
        let run = try Arrearsd.run(["run", "--once", "--data", dir.path("data"), "--rules", Self.rules, "--now", "2026-04-15T12:00:00+02:00", "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains(" 0 rejected lines, 200 cases evaluated"), "\(run.stderr.suffix(400))")
        let rejected = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("data/rejected"))) ?? []
        #expect(rejected.isEmpty, "\(rejected)")
        let queue = try Arrearsd.run(["queue", "--data", dir.path("data"), "--rules", Self.rules, "--format", "json"])
        #expect(queue.stdout == (try String(contentsOfFile: dir.path("data/queue.jsonl"), encoding: .utf8)))
        #expect(queue.stdout.split(separator: "\n").count > 20)
    }
}
