import ArrearsEngine
import ArrearsStore
import Foundation
import Testing

/// When the daemon stores a case's next wake-up (SPEC §4.5 rule 7): a re-evaluation keeps an
/// earlier stored one (evaluating early is harmless) and replaces one that has come.
@Suite(.serialized) struct WakeUpTests {
    func runOnce(_ dir: TemporaryDirectory, _ data: URL, now: String) throws -> Arrearsd.Result {
        try Arrearsd.run(["run", "--once", "--rules", dir.path("rules"), "--data", data.path, "--now", now, "--log", "stderr"])
    }

    func wake(_ data: URL, _ caseID: CaseID) throws -> Instant? {
        try StateStore.openReadOnly(path: data.appendingPathComponent(StateStore.fileName).path).read { try $0.nextWake(of: caseID) }
    }

    @Test func anEarlierStoredWakeUpStandsAndOneThatHasComeIsReplaced() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", DaemonTests.rules)
        let data = dir.url.appendingPathComponent("var")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try drop("001.jsonl", DaemonTests.invoice("e1", "C1") + "\n", into: data.appendingPathComponent("inbox"))
        let start = try runOnce(dir, data, now: "2026-11-23T10:00:00+01:00")
        #expect(start.status == 0, "\(start.stderr)")
        // Nothing sooner than --reevaluate-every (1h) can change this case.
        let first = try #require(try wake(data, "C1"))
        #expect(first == Instant.parseRFC3339("2026-11-23T11:00:00+01:00"))

        // A changed rule set re-evaluates every case 20 minutes later. Its wake-up would be
        // 11:20; the stored 11:00 comes first and stands.
        try dir.write("rules/a.rules", DaemonTests.rules.replacingOccurrences(of: "priority 70", with: "priority 71"))
        let changed = try runOnce(dir, data, now: "2026-11-23T10:20:00+01:00")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stderr.contains("re-evaluated 1 cases (rule set changed)"), "\(changed.stderr)")
        #expect(try wake(data, "C1") == first)

        // Once it has come, the case is evaluated and gets its next wake-up after that time.
        let later = try runOnce(dir, data, now: "2026-11-23T12:30:00+01:00")
        #expect(later.status == 0, "\(later.stderr)")
        #expect(try wake(data, "C1") == Instant.parseRFC3339("2026-11-23T13:30:00+01:00"))
    }
}
