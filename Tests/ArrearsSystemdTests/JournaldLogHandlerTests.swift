import Foundation
import JournaldTestSupport
import Logging
import Testing

@testable import ArrearsSystemd

/// Against a real systemd-journald: fails (does not skip) when none can be reached or started.
@Suite(.serialized)
struct JournaldLogHandlerTests {
    @Test func writesStructuredFieldsThatJournalctlFinds() throws {
        if let problem = Journald.ensureRunning() {
            Issue.record("journald unavailable: \(problem)")
            return
        }
        let marker = UUID().uuidString.replacing("-", with: "").lowercased()
        let fallback = CapturedLines()
        var logger = Logger(label: "arrearsd.test") { JournaldLogHandler(label: $0, fallback: fallback.writer) }
        logger[metadataKey: "rule"] = "remind_after_payday"
        logger.warning(
            "work item opened for C1042",
            metadata: [
                "case_id": "C1042",
                "work_id": "W-77",
                MessageID.metadataKey: .messageID(.workItemOpened),
                "test_marker": .string(marker),
                "note": "two\nlines",
            ]
        )
        #expect(fallback.lines.isEmpty, "journald refused the record: \(fallback.lines)")

        let entries = try Journald.entries(field: "TEST_MARKER", value: marker)
        try #require(entries.count == 1, "expected one entry with TEST_MARKER=\(marker), found \(entries.count)")
        let entry = entries[0]
        #expect(entry["MESSAGE"] as? String == "work item opened for C1042")
        #expect(entry["CASE_ID"] as? String == "C1042")
        #expect(entry["WORK_ID"] as? String == "W-77")
        #expect(entry["RULE"] as? String == "remind_after_payday")
        #expect(entry["MESSAGE_ID"] as? String == MessageID.workItemOpened.rawValue)
        #expect(entry["PRIORITY"] as? String == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] as? String == "arrearsd")
        #expect(entry["NOTE"] as? String == "two\nlines")
        #expect(entry["LOGGER"] as? String == "arrearsd.test")
        #expect(entry["_TRANSPORT"] as? String == "journal")
    }

    @Test func caseHistoryIsOneMatchAway() throws {
        if let problem = Journald.ensureRunning() {
            Issue.record("journald unavailable: \(problem)")
            return
        }
        let caseID = "C" + UUID().uuidString.prefix(8)
        let logger = Logger(label: "arrearsd.test") { JournaldLogHandler(label: $0) }
        logger.info("opened", metadata: ["case_id": .string(caseID), "message_id": .messageID(.workItemOpened)])
        logger.info("closed", metadata: ["case_id": .string(caseID), "message_id": .messageID(.workItemClosed)])
        let entries = try Journald.entries(field: "CASE_ID", value: caseID, minimum: 2)
        #expect(entries.compactMap { $0["MESSAGE"] as? String } == ["opened", "closed"])
        #expect(entries.compactMap { $0["MESSAGE_ID"] as? String }
            == [MessageID.workItemOpened.rawValue, MessageID.workItemClosed.rawValue])
    }
}

/// Lines a `LineWriter` was given.
final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    var writer: LineWriter {
        LineWriter { line in self.lock.withLock { self.stored.append(line) } }
    }
}
