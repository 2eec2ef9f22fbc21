import ArrearsEngine
import ArrearsStore
import Foundation
import Testing

/// kill -9 at random moments while ingesting, then restart: nothing lost, nothing applied twice.
@Suite(.serialized) struct CrashRecoveryTests {
    /// 40 files of 50 cases each; every case's events are in one file, so however the files
    /// are split into batches, each case is evaluated once with all its events at `--now`.
    static func generateInbox(_ inbox: URL) throws -> Int {
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        var rng: UInt64 = 42
        func next(_ n: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int((rng >> 33) % UInt64(n)) }
        var total = 0
        for f in 0..<40 {
            var lines: [String] = []
            for c in 0..<50 {
                let caseID = "K\(f)-\(c)"
                let cents = 2_000 + next(20_000)
                let amount = "\(cents / 100).\(String(format: "%02d", cents % 100))"
                lines.append(#"{"id":"\#(caseID)-i","type":"invoice","case":"\#(caseID)","at":"2026-10-01T08:00:00+02:00","invoice":"I1","amount":"\#(amount)","due":"2026-10-\#(10 + next(15))"}"#)
                if next(3) == 0 {
                    lines.append(#"{"id":"\#(caseID)-p","type":"payment","case":"\#(caseID)","at":"2026-11-10T08:00:00+01:00","amount":"\#(amount)"}"#)
                }
                if next(5) == 0 {
                    lines.append(#"{"id":"\#(caseID)-s","type":"signal","case":"\#(caseID)","at":"2026-11-12T08:00:00+01:00","signal":"debt_help"}"#)
                }
                for k in 0..<next(4) {
                    lines.append(#"{"id":"\#(caseID)-c\#(k)","type":"contact","case":"\#(caseID)","at":"2026-11-1\#(k)T11:00:00+01:00","channel":"phone","direction":"outbound","outcome":"no_answer"}"#)
                }
            }
            total += lines.count
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: inbox.appendingPathComponent(String(format: "batch-%03d.jsonl", f)))
        }
        return total
    }

    struct Snapshot: Equatable {
        let queue: Data
        let eventIDs: [String]
        let items: [String]
        let archived: [String]
    }

    func snapshot(_ data: URL) throws -> Snapshot {
        let store = try StateStore.openReadOnly(path: data.appendingPathComponent("state.sqlite").path)
        let (eventIDs, items) = try store.read { r in
            let cases = try r.allCaseIDs()
            var ids: [String] = []
            var items: [String] = []
            for c in cases {
                ids += try r.events(of: c).map { $0.event.id.rawValue }
                items += try r.openItems(of: c).map { "\($0.id) \($0.priority) \($0.due)" }
            }
            return (ids.sorted(), items.sorted())
        }
        let archived = try FileManager.default.subpathsOfDirectory(atPath: data.appendingPathComponent("archive").path)
            .filter { $0.hasSuffix(".jsonl") || $0.contains(".jsonl.") }.map { ($0 as NSString).lastPathComponent }.sorted()
        return Snapshot(queue: try Data(contentsOf: data.appendingPathComponent("queue.jsonl")), eventIDs: eventIDs, items: items, archived: archived)
    }

    @Test func killNineDuringIngestThenRestartEqualsOneCleanRun() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", DaemonTests.rules)
        let crashed = dir.url.appendingPathComponent("crashed"), clean = dir.url.appendingPathComponent("clean")
        let total = try CrashRecoveryTests.generateInbox(crashed.appendingPathComponent("inbox"))
        _ = try CrashRecoveryTests.generateInbox(clean.appendingPathComponent("inbox"))
        let common = ["--rules", dir.path("rules"), "--now", DaemonTests.now, "--log", "stderr"]

        var rng: UInt64 = 7
        var killedMidway = 0
        for _ in 0..<20 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let delay = 5_000 + Int((rng >> 33) % 200_000)  // 5–205 ms
            // Small transactions: a scan of many, each committed before its cases are evaluated
            // at the end of the scan, so kills land between transactions as well as in the
            // evaluation after them.
            let daemon = try DaemonProcess(common + ["--data", crashed.path, "--batch-events", "150"])
            usleep(UInt32(delay))
            let remaining = (try? FileManager.default.contentsOfDirectory(atPath: crashed.appendingPathComponent("inbox").path))?.count ?? 0
            if remaining > 0 { killedMidway += 1 }
            daemon.signal(SIGKILL)
            daemon.waitForExit()
        }
        let finish = try Arrearsd.run(["run", "--once", "--data", crashed.path] + common)
        #expect(finish.status == 0, "\(finish.stderr)")
        let reference = try Arrearsd.run(["run", "--once", "--data", clean.path] + common)
        #expect(reference.status == 0, "\(reference.stderr)")

        let a = try snapshot(crashed), b = try snapshot(clean)
        #expect(killedMidway >= 1, "no round was killed while the inbox still held files: the test proved nothing")
        #expect(a.eventIDs.count == total, "events lost or applied twice: \(a.eventIDs.count) of \(total)")
        #expect(Set(a.eventIDs).count == a.eventIDs.count)
        #expect(a.eventIDs == b.eventIDs)
        #expect(a.items == b.items)
        #expect(a.queue == b.queue)
        #expect(a.archived == b.archived, "every input file archived exactly once")
        let rejected = try FileManager.default.contentsOfDirectory(atPath: crashed.appendingPathComponent("rejected").path)
        #expect(rejected.isEmpty, "\(rejected)")
    }
}
