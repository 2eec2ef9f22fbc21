import ArrearsEngine
import ArrearsStore

/// Changes to the queue made while applying a batch or re-evaluating, for logging and metrics.
struct QueueChanges {
    /// The items opened, updated and withdrawn, in the order they were written.
    private(set) var records: [ItemChangeRecord] = []
    /// The texts of `records`.
    private(set) var texts = ChangeTexts()
    /// Counts of `records` by kind.
    var opened: Int { count(.opened) }
    var updated: Int { count(.updated) }
    var withdrawn: Int { count(.withdrawn) }
    var closed: [WorkItemID] = []
    var evaluated = 0
    /// Cases whose log took a batch's events but whose evaluation waits for the end of the scan.
    var deferred = 0
    var errors: [(caseID: CaseID, error: EvaluationError)] = []
    /// The queue lines removed and added, for rewriting the queue file.
    var edits = QueueEdits()

    var isEmpty: Bool { records.isEmpty && closed.isEmpty }

    /// Records the changes of one case's reconciliation.
    mutating func add(_ r: Reconciliation) {
        for item in r.opened { records.append(.opened(item, &texts)) }
        for (_, item) in r.updated { records.append(.updated(item, &texts)) }
        for (item, why) in r.withdrawn { records.append(.withdrawn(item, why: why, &texts)) }
    }

    private func count(_ kind: ItemChangeRecord.Kind) -> Int { records.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) } }

    mutating func merge(_ other: QueueChanges) {
        if records.isEmpty {
            (records, texts) = (other.records, other.texts)
        } else {
            for record in other.records { records.append(record.moved(from: other.texts, to: &texts)) }
        }
        closed += other.closed
        evaluated += other.evaluated
        deferred += other.deferred
        errors += other.errors
        edits.append(other.edits)
    }
}

/// One case to evaluate: what the store holds, plus the running batch's new events (arrivals
/// above every stored one).
struct CaseJob: Sendable {
    let caseID: CaseID
    var stored: StoredCase
    var batchEvents: [SequencedEvent] = []
    /// Compile the batch's events into the log and make the case due now, without evaluating
    /// it: more of the same scan follows, after which the due cases are evaluated once.
    var deferEvaluation = false
}

extension CaseJob {
    /// Jobs for `ids` (unique, byte-wise order) as the store holds them, with no new events.
    static func stored(_ ids: [CaseID], in store: StoreReader) throws -> [CaseJob] {
        zip(ids, try store.storedCases(ids)).map { CaseJob(caseID: $0, stored: $1) }
    }
}

/// What evaluating one case decided.
struct CaseResult: Sendable {
    let caseID: CaseID
    let reconciliation: Reconciliation
    /// Queue line heads of the opened and updated items.
    let lines: [WorkItemID: String]
    /// The case's log with the batch's events, to store; nil when it has none.
    let log: EncodedCaseLog?
    let nextWake: Instant
    /// Whether `nextWake` must be stored: the stored one is missing, has come, or is later.
    /// An earlier stored wake-up stands: evaluating early is harmless (it changes nothing
    /// when nothing changed) and saves rewriting every case's wake-up after a reload.
    let storeWake: Bool
    let errors: [EvaluationError]
    /// False for a job that deferred its evaluation (only its log and wake-up are written).
    let evaluated: Bool
}

/// Evaluates cases on every core (SPEC §4.5 rules 6–7) and applies the outcome in the
/// store's transaction. Folding, rules, decisions and rendering queue lines run in parallel,
/// one ``CaseEvaluator`` per worker; the store is read and written on the calling thread.
final class CaseUpdater: @unchecked Sendable {
    let evaluators: [CaseEvaluator]
    /// One per evaluator, used on the same thread.
    let listCaches: [ItemListCache]
    let reevaluateEvery: TimeSpan

    init?(ruleSet: RuleSet, reevaluateEvery: TimeSpan, workers: Int) {
        var evaluators: [CaseEvaluator] = []
        for _ in 0..<max(1, workers) {
            guard let e = CaseEvaluator(ruleSet) else { return nil }
            evaluators.append(e)
        }
        self.evaluators = evaluators
        listCaches = evaluators.map { _ in ItemListCache() }
        self.reevaluateEvery = reevaluateEvery
    }

    var timeZone: LocalTimeZone { evaluators[0].calendar.timeZone }

    /// Evaluates one case with evaluator `worker` and its list cache (each used by one thread
    /// at a time, see ``ChunkEvaluation``).
    /// The job is read in place at `job` (the caller keeps it alive).
    func evaluate(_ job: UnsafePointer<CaseJob>, worker: Int, now: Instant) throws -> CaseResult {
        let evaluator = evaluators[worker]
        var log = try job.pointee.stored.decodedLog(of: job.pointee.caseID)
        log.append(contentsOf: job.pointee.batchEvents)
        let encoded = job.pointee.batchEvents.isEmpty ? nil : EncodedCaseLog(log)
        if job.pointee.deferEvaluation {
            return CaseResult(caseID: job.pointee.caseID, reconciliation: Reconciliation(), lines: [:], log: encoded,
                              nextWake: now, storeWake: job.pointee.stored.nextWake.map { $0 > now } ?? true,
                              errors: [], evaluated: false)
        }
        let evaluation = evaluator.evaluate(log, caseID: job.pointee.caseID,
                                            openItems: try job.pointee.stored.decodedOpenItems(lists: listCaches[worker]),
                                            highestNumbers: job.pointee.stored.itemNumbers, now: now)
        // The open items after it are not needed here (the store gets the changes).
        let reconciliation = evaluation.reconcile(keepingOpen: false)
        var lines: [WorkItemID: String] = [:]
        let zone = evaluator.calendar.timeZone
        for item in reconciliation.opened { lines[item.id] = item.queueLineHead(timeZone: zone) }
        for (_, item) in reconciliation.updated { lines[item.id] = item.queueLineHead(timeZone: zone) }
        let latest = now + reevaluateEvery
        let wake = evaluation.nextWake.map { min($0, latest) } ?? latest
        return CaseResult(caseID: job.pointee.caseID, reconciliation: reconciliation, lines: lines, log: encoded,
                          nextWake: wake, storeWake: job.pointee.stored.nextWake.map { $0 <= now || wake < $0 } ?? true,
                          errors: evaluation.decision.outcome.errors.map(\.error), evaluated: true)
    }

    /// Writes the results: items opened, updated, withdrawn, and each case's next wake-up.
    func apply(_ results: [CaseResult], in store: StoreWriter, now: Instant, changes: inout QueueChanges) throws {
        for r in results {
            if !r.reconciliation.isEmpty {
                let head = { (item: WorkItem) in r.lines[item.id] ?? item.queueLineHead(timeZone: self.timeZone) }
                try store.apply(r.reconciliation, at: now, queueLine: head)
                for item in r.reconciliation.opened { changes.edits.add(item, head: head(item)) }
                for (before, after) in r.reconciliation.updated {
                    changes.edits.remove(before.queuePosition)
                    changes.edits.add(after, head: head(after))
                }
                for (item, _) in r.reconciliation.withdrawn { changes.edits.remove(item.queuePosition) }
            }
            if r.storeWake { try store.setNextWake(case: r.caseID, r.nextWake) }
            if let log = r.log { try store.setLog(of: r.caseID, log) }
            if r.evaluated { changes.evaluated += 1 } else { changes.deferred += 1 }
            changes.add(r.reconciliation)
            for error in r.errors { changes.errors.append((r.caseID, error)) }
        }
    }

    /// ``update(chunks:load:in:now:changes:timer:step:)`` over `count` cases in chunks of at
    /// most `maxChunk`, and at least about eight chunks, so that the evaluation of one hides
    /// behind the store work of its neighbours even for a few thousand cases. `load` reads the
    /// cases at a range of positions.
    func update(cases count: Int, maxChunk: Int, load: (Range<Int>) throws -> [CaseJob], in store: StoreWriter, now: Instant,
                changes: inout QueueChanges, timer: inout PhaseTimer, step: (_ changes: QueueChanges) -> Void) throws {
        let chunk = min(maxChunk, max(500, count / 8))
        try update(chunks: (count + chunk - 1) / chunk, load: { k in try load(k * chunk..<min(count, (k + 1) * chunk)) },
                   in: store, now: now, changes: &changes, timer: &timer, step: step)
    }

    /// Loads, evaluates and applies `chunks` chunks of cases, evaluating chunk k on the
    /// workers while this thread applies chunk k − 1 and loads chunk k + 1 (and then joins
    /// the evaluation): the store's single-threaded reads and writes overlap the evaluation
    /// instead of leaving cores idle.
    /// Chunks are applied in order. `load` reads chunk k from the store; `step` runs after each
    /// chunk is applied, with the changes so far. Times go to `timer` as load, write and wait
    /// (evaluation not overlapped).
    func update(chunks: Int, load: (Int) throws -> [CaseJob], in store: StoreWriter, now: Instant,
                changes: inout QueueChanges, timer: inout PhaseTimer, step: (_ changes: QueueChanges) -> Void) throws {
        var inflight: ChunkEvaluation?
        // An evaluation still running when this throws must end before the evaluators are
        // used again.
        defer { inflight?.wait() }
        for k in 0...chunks {
            let jobs = k < chunks ? try load(k) : []
            timer.accumulate("load")
            let finished = try inflight.map { running in
                inflight = nil
                return try running.result()
            }
            timer.accumulate("wait")
            // Chunk k starts before chunk k − 1 is applied, so that its evaluation overlaps
            // the writing as well as the loading of chunk k + 1.
            if k < chunks { inflight = ChunkEvaluation(self, jobs, now: now) }
            if let finished {
                try apply(finished, in: store, now: now, changes: &changes)
                timer.accumulate("write")
                step(changes)
            }
        }
    }
}
