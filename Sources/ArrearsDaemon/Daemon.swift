import ArrearsEngine
import ArrearsRuntime
import ArrearsStore
import ArrearsSystemd
import Foundation
import Logging
import Synchronization

/// The long-running service of SPEC §1–§6: watches the inbox, applies events in batches (one
/// transaction each), re-evaluates cases as time passes, keeps `queue.jsonl`, reloads on SIGHUP.
///
/// The loop runs on one thread; `requestReload()` and `requestStop()` may be called from any.
public final class Daemon: @unchecked Sendable {
    let config: DaemonConfiguration
    let layout: DataDirectory
    let store: StateStore
    let notifier: SystemdNotifier
    let logger: Logger
    let watcher: InboxWatcher
    let scanner: InboxScanner
    let mover: FileMover
    let queueWriter: QueueFileWriter
    let reader = EventFileReader()
    /// Cases per transaction (and per parallel evaluation) when many are evaluated.
    static let chunk = 2_500
    /// Meta key: the identity (device, inode, size, mtime) of the queue file last written
    /// from a committed state, or empty when a commit may have changed the queue since. At
    /// start-up an equal identity means the queue file is current and need not be rebuilt.
    static let queueStampKey = "queue_file"
    /// Meta key: the time zone the stored queue lines were rendered in.
    static let queueZoneKey = "queue_line_zone"
    /// The identity of the queue file written last, recorded at a clean stop.
    var queueStamp: String?
    /// Where the lines of the queue file written last lie, for rewriting it with the edits since.
    var queueLayout: QueueFileLayout?
    /// The queue lines committed transactions removed and added since the queue file was written.
    var queueEdits = QueueEdits()
    /// Whether a transaction made cases due now instead of evaluating them, more of its scan following:
    /// the inbox pass ends with ``reevaluateDue()``.
    var evaluationDeferred = false

    var ruleSet: RuleSet
    /// Evaluates cases under `ruleSet`, one evaluator per worker thread.
    var updater: CaseUpdater
    var lastError: String?
    private var lastWatchdog = ContinuousClock.now
    let metrics: DaemonMetrics

    private struct Requests { var reload = false; var stop = false }
    private let requests = Mutex(Requests())

    /// Prepares the data directory, loads the rule set and opens the store.
    public init(_ config: DaemonConfiguration, logger: Logger, notifier: SystemdNotifier = SystemdNotifier()) throws(DaemonStartError) {
        self.config = config
        self.logger = logger
        self.notifier = notifier
        HeapTrim.configure()
        layout = DataDirectory(root: config.dataDirectory)
        do { try layout.prepare() } catch { throw .dataDirectory("data directory \(config.dataDirectory): \(error)") }
        let (loaded, sources, diagnostics) = RuleDirectory.load(config.rulesDirectory)
        guard let loaded, let updater = CaseUpdater(ruleSet: loaded, reevaluateEvery: config.reevaluateEvery,
                                                    workers: config.workers) else {
            throw .invalidRules(DiagnosticRenderer(sources: sources).text(diagnostics))
        }
        ruleSet = loaded
        self.updater = updater
        do {
            store = try StateStore(path: layout.stateFile)
            watcher = try InboxWatcher(inbox: layout.inbox)
        } catch {
            throw .dataDirectory("data directory \(config.dataDirectory): \(error)")
        }
        scanner = InboxScanner(inbox: layout.inbox, maxFileSize: Int64(config.maxFileSize))
        mover = FileMover(directory: layout)
        queueWriter = QueueFileWriter(path: layout.queueFile)
        metrics = DaemonMetrics(path: config.metricsFile)
        for d in diagnostics where d.severity == .warning {
            logger.warning("\(d.headline)", metadata: ["ruleset": "\(loaded.label)"])
        }
    }

    var now: Instant {
        config.fixedNow ?? Instant(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// The pending requests, clearing a reload (it is handled once).
    private func takeRequests() -> Requests {
        requests.withLock { r in
            defer { r.reload = false }
            return r
        }
    }

    public func requestReload() {
        requests.withLock { $0.reload = true }
        watcher.wake()
    }

    public func requestStop() {
        requests.withLock { $0.stop = true }
        watcher.wake()
    }

    /// Runs until stopped (or, with `--once`, until the inbox is processed). Errors of a
    /// single batch are logged and retried on the next pass; they never end the loop.
    public func run() throws {
        logRuleSetLoaded(reason: "start")
        try startUp()
        updateStatus()
        notifier.send(.ready)
        pass()
        if config.once { return try recordQueueStamp() }
        // Requests wake the watcher, so reading them after each wait is enough.
        while true {
            let wakeup = try watcher.wait(timeout: waitTimeout())
            pingWatchdog(force: true)
            let pending = takeRequests()
            if pending.stop { break }
            if pending.reload { reload() }
            if case .overflow = wakeup { logger.notice("inbox notification queue overflowed; rescanning") }
            pass()
        }
        notifier.send(.stopping)
        logger.info("stopping", metadata: ["message_id": "\(MessageID.daemonStopping.rawValue)"])
        if queueStamp == nil { try writeQueue() }
        try recordQueueStamp()
    }

    /// Start-up: re-evaluate everything if the rule set changed since the last run, rebuild the
    /// queue file from the store unless it is the one written from the last committed state,
    /// and take in what the inbox holds. Cases due meanwhile follow (after READY=1).
    func startUp() throws {
        let hash = ruleSet.contentHash ?? ""
        let (previous, stamp) = try store.read { (try $0.meta("ruleset_hash"), try $0.meta(Self.queueStampKey)) }
        if previous != hash {
            try reevaluateAll(reason: previous == nil ? "first start" : "rule set changed")
            try recordRuleSet()
        }
        if previous != hash || stamp == nil || stamp != queueWriter.identity() {
            try writeQueue()
        } else {
            queueStamp = stamp
            queueLayout = try keptQueueLayout(identity: stamp)
        }
        do {
            while try processInboxBatch() {}
            // The cases of a large scan's earlier transactions, before READY=1 like the rest of
            // the inbox (other cases that came due wait until after it).
            if evaluationDeferred { try reevaluateDue() }
        } catch {
            lastError = "\(error)"
            logger.error("inbox pass failed: \(error)")
        }
    }

    /// One pass: the inbox until it is empty, then the cases whose time has come, then the
    /// queue file if a failure left it behind the committed state.
    func pass() {
        do {
            while try processInboxBatch() {}
            try reevaluateDue()
            if queueStamp == nil { try writeQueue() }
        } catch {
            lastError = "\(error)"
            logger.error("pass failed: \(error)")
            updateStatus()
        }
    }

    private func waitTimeout() -> Duration {
        var timeout = Duration.seconds(config.rescanEvery.seconds)
        if let interval = notifier.watchdogInterval { timeout = min(timeout, interval) }
        if config.fixedNow == nil, let wake = try? earliestWake() {
            timeout = min(timeout, .microseconds(max(0, wake.microseconds - now.microseconds)))
        }
        return timeout
    }

    /// The earliest next wake-up of any case.
    func earliestWake() throws -> Instant? {
        try store.read { r in
            try r.casesDue(atOrBefore: Instant(microseconds: .max), limit: 1).first.flatMap { try r.nextWake(of: $0) }
        }
    }

    func pingWatchdog(force: Bool = false) {
        guard let interval = notifier.watchdogInterval else { return }
        if force || ContinuousClock.now - lastWatchdog > interval / 2 {
            notifier.send(.watchdog)
            lastWatchdog = ContinuousClock.now
        }
    }

    func updateStatus() {
        let counts = try? store.read { (try $0.caseCount, try $0.openItemCount) }
        var status = "\(counts?.0 ?? 0) cases, \(counts?.1 ?? 0) open items, rule set \(ruleSet.label)"
        if let lastError { status += ", last error: \(lastError)" }
        notifier.send(.status(status))
    }

    /// Runs `body` in a store transaction that collects its queue changes in `changes`. When
    /// there are any, the recorded queue file identity is cleared in the same transaction, so
    /// a crash before the next queue write forces a rebuild at start-up. Once committed, the
    /// changes' line edits move to ``queueEdits`` for the next queue write.
    func commitChanges<T>(_ changes: inout QueueChanges, _ body: (any StoreWriter, inout QueueChanges) throws -> T) throws -> T {
        var collected = changes
        let result = try store.write { w in
            let result = try body(w, &collected)
            if !collected.isEmpty { try w.setMeta(Self.queueStampKey, "") }
            return result
        }
        queueEdits.append(collected.edits)
        collected.edits = QueueEdits()
        changes = collected
        if !changes.isEmpty { queueStamp = nil }
        return result
    }

    /// Records the identity of the queue file last written (at a clean stop or end of `--once`).
    func recordQueueStamp() throws {
        guard let queueStamp else { return }
        try store.write { try $0.setMeta(Self.queueStampKey, queueStamp) }
    }

    /// Records the rule set now in force (after a start with another one, or a reload): its
    /// hash and label, and, when its time zone differs from the one the stored queue lines
    /// were rendered in, the lines rendered again in the new zone.
    func recordRuleSet() throws {
        let zone = updater.timeZone
        let (hash, label) = (ruleSet.contentHash ?? "", ruleSet.label)
        try store.write { w in
            if try w.meta(Self.queueZoneKey) != zone.identifier {
                queueLayout = nil
                try w.renderQueueLines { $0.queueLineHead(timeZone: zone) }
                try w.setMeta(Self.queueZoneKey, zone.identifier)
            }
            try w.setMeta("ruleset_hash", hash)
            try w.setMeta("ruleset_label", label)
        }
    }
}
