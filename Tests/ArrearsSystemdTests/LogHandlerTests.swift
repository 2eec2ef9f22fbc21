import Foundation
import Logging
import Testing

@testable import ArrearsSystemd

struct LogHandlerTests {
    /// A journald that is not there: every send fails as sd_journal_sendv does without a socket.
    static let refusing = JournalSender { _ in -ECONNREFUSED }

    @Test func journaldHandlerFallsBackToStderrWhenSendFails() {
        let fallback = CapturedLines()
        let logger = Logger(label: "t") { JournaldLogHandler(label: $0, sender: Self.refusing, fallback: fallback.writer) }
        logger.error("reload failed", metadata: ["ruleset": "baseline", "message_id": .messageID(.reloadFailed)])
        logger.info("second record")
        #expect(fallback.lines == [
            "error reload failed message_id=\(MessageID.reloadFailed.rawValue) ruleset=baseline",
            "info second record",
        ])
    }

    /// libsystemd itself returns 0 for an entry when journald's socket does not exist (it
    /// drops it); the real sender reports -ENOENT instead, so the record reaches the fallback.
    @Test func aMissingJournalSocketIsAFailureNotALostRecord() {
        let sender = JournalSender.libsystemd(socket: "/nonexistent/arrearsd-test/journal/socket")
        #expect(sender.send([JournalField(name: "MESSAGE", value: "lost?")]) == -ENOENT)
        let fallback = CapturedLines()
        let logger = Logger(label: "t") { JournaldLogHandler(label: $0, sender: sender, fallback: fallback.writer) }
        logger.warning("input refused")
        #expect(fallback.lines == ["warning input refused"])
    }

    @Test func journaldHandlerDoesNotFallBackWhenSendSucceeds() {
        let fallback = CapturedLines()
        let sent = CapturedFields()
        let logger = Logger(label: "t") { JournaldLogHandler(label: $0, sender: sent.sender, fallback: fallback.writer) }
        logger.notice("batch applied", metadata: ["Event-ID": "E1", "_private": "x", "message": "clash"])
        #expect(fallback.lines.isEmpty)
        let fields = sent.entries.first ?? []
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["MESSAGE"] == "batch applied")
        #expect(byName["PRIORITY"] == "5")
        #expect(byName["SYSLOG_IDENTIFIER"] == "arrearsd")
        #expect(byName["EVENT_ID"] == "E1")
        #expect(byName["PRIVATE"] == "x")
        #expect(byName["META_MESSAGE"] == "clash")
        #expect(fields.filter { $0.name == "MESSAGE" }.count == 1)
    }

    @Test func handlerMetadataIsAValue() {
        var first = Logger(label: "t") { JournaldLogHandler(label: $0, sender: Self.refusing) }
        first.logLevel = .debug
        first[metadataKey: "only-on"] = "first"
        var second = first
        second.logLevel = .error
        second[metadataKey: "only-on"] = "second"
        #expect(first.logLevel == .debug)
        #expect(first[metadataKey: "only-on"] == "first")
        #expect(second[metadataKey: "only-on"] == "second")
    }

    @Test func stderrHandlerWritesOneLinePerRecord() {
        let out = CapturedLines()
        var logger = Logger(label: "t") { StderrLogHandler(label: $0, writer: out.writer) }
        logger[metadataKey: "rule"] = "r1"
        logger.warning("input rejected:\nbad amount", metadata: ["case_id": "C1", "file": "in box/a.json"])
        logger.debug("below the level")
        #expect(out.lines == [#"warning input rejected:\nbad amount case_id=C1 file="in box/a.json" rule=r1"#])
    }

    @Test(arguments: [
        ("case_id", "CASE_ID"), ("work-id", "WORK_ID"), ("Rule", "RULE"), ("message_id", "MESSAGE_ID"),
        ("__x", "X"), ("9lives", "F_9LIVES"), ("", "F_"), ("zaak.nummer", "ZAAK_NUMMER"), ("één", "N"), ("zaak nr é", "ZAAK_NR___"),
    ])
    func metadataKeysBecomeValidFieldNames(key: String, name: String) {
        #expect(JournalField.sanitizedName(key) == name)
    }

    @Test func fieldNamesAreCappedAt64Bytes() {
        let name = JournalField.sanitizedName(String(repeating: "a", count: 100))
        #expect(name == String(repeating: "A", count: 64))
    }

    @Test func levelsMapToSyslogPriorities() {
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        #expect(levels.map(\.syslogPriority) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test func messageIDsAre128BitHexAndDistinct() {
        let values = MessageID.allCases.map(\.rawValue)
        #expect(values.count == 10)
        #expect(Set(values).count == values.count)
        for value in values {
            #expect(value.wholeMatch(of: /[0-9a-f]{32}/) != nil, "\(value)")
        }
    }

    @Test func autoPicksJournaldUnderSystemdOnly() {
        let none: (String) -> String? = { _ in nil }
        #expect(LogDestination.auto.resolved(environment: none) == .stderr)
        #expect(LogDestination.auto.resolved(environment: { $0 == "JOURNAL_STREAM" ? "8:1234" : nil }) == .journald)
        #expect(LogDestination.auto.resolved(environment: { $0 == "INVOCATION_ID" ? "abc" : nil }) == .journald)
        #expect(LogDestination.auto.resolved(environment: { $0 == "INVOCATION_ID" ? "" : nil }) == .stderr)
        #expect(LogDestination.stderr.resolved(environment: { _ in "x" }) == .stderr)
        #expect(LogDestination.journald.resolved(environment: none) == .journald)
    }

    @Test func makeLoggerUsesTheChosenHandlerWithoutBootstrap() {
        let journald = LogDestination.journald.makeLogger(label: "a", level: .debug)
        #expect(journald.handler is JournaldLogHandler)
        #expect(journald.logLevel == .debug)
        #expect(LogDestination.stderr.makeLogger(label: "b").handler is StderrLogHandler)
        #expect(LogDestination(rawValue: "auto") == .auto)
    }
}

/// Entries a `JournalSender` was given; each send succeeds.
final class CapturedFields: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[JournalField]] = []

    var entries: [[JournalField]] { lock.withLock { stored } }

    var sender: JournalSender {
        JournalSender { fields in self.lock.withLock { self.stored.append(fields) }; return 0 }
    }
}
