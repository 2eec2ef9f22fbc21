import ArrearsEngine
import ArrearsRuntime
import ArrearsStore
import ArrearsSystemd
import Logging

extension Daemon {
    /// Re-evaluates the cases whose next wake-up has come (and those a large scan's earlier
    /// transactions made due), a round of chunks per transaction: each round takes the earliest due
    /// cases and reads them in case order, in range scans where they lie close together (as
    /// the cases of a bulk import or of a payday's wake-ups do), the evaluation of one chunk
    /// overlapping the store work of its neighbours.
    func reevaluateDue() throws {
        let deferred = evaluationDeferred
        evaluationDeferred = false
        let now = self.now
        var total = QueueChanges()
        var timer = PhaseTimer()
        let chunksPerRound = 16
        while true {
            var due = try store.read { try $0.casesDue(atOrBefore: now, limit: Self.chunk * chunksPerRound) }
            if due.isEmpty { break }
            due.sort()
            var changes = QueueChanges()
            try commitChanges(&changes) { w, changes in
                try updater.update(cases: due.count, maxChunk: Self.chunk, load: { range in try CaseJob.stored(Array(due[range]), in: w) },
                                   in: w, now: now, changes: &changes, timer: &timer, step: { afterChunk($0) })
            }
            timer.accumulate("commit")
            total.merge(changes)
        }
        if !total.isEmpty {
            let edited = try writeQueue()
            timer.accumulate(edited ? "queue edited" : "queue rebuilt")
            log(total, ruleSet: ruleSet)
            timer.accumulate("log")
        }
        if deferred {
            logger.info("evaluated \(total.evaluated) cases due (the cases of a large inbox scan's earlier transactions among them): \(total.opened) opened, \(total.updated) updated, \(total.withdrawn) withdrawn in \(PhaseTimer.format(timer.total)) s (\(timer.summary))",
                        metadata: ["ruleset": "\(ruleSet.label)"])
        }
        if !total.isEmpty || deferred { updateStatus() }
    }

    /// Re-evaluates every case (after a reload or a rule set change between runs), in case id
    /// order; each chunk is read from the store in four range scans.
    func reevaluateAll(reason: String) throws {
        let now = self.now
        var total = QueueChanges()
        var last: CaseID?
        var timer = PhaseTimer()
        // One transaction per round of chunks (160,000 cases): long enough for the evaluation
        // of one chunk to overlap the store work of its neighbours, and few commits for a
        // change that updates items all over the store, whose pages each commit writes to the
        // WAL again (383k items updated in 948k cases: commits 1.0-1.1 s in all and 5.6M
        // blocks written, against 1.4-1.7 s and 6.4M in rounds of 16 chunks).
        let chunksPerRound = 64
        var done = false
        while !done {
            var changes = QueueChanges()
            try commitChanges(&changes) { w, changes in
                try updater.update(chunks: chunksPerRound, load: { _ in
                    if done { return [] }
                    let ids = try w.caseIDs(after: last, limit: Self.chunk)
                    guard let final = ids.last else {
                        done = true
                        return []
                    }
                    last = final
                    return try CaseJob.stored(ids, in: w)
                }, in: w, now: now, changes: &changes, timer: &timer, step: { afterChunk($0) })
            }
            timer.accumulate("commit")
            total.merge(changes)
        }
        log(total, ruleSet: ruleSet)
        let counts = "\(total.evaluated) cases (\(reason)): \(total.opened) opened, \(total.updated) updated, \(total.withdrawn) withdrawn"
        total = QueueChanges()
        releaseMemory()
        timer.accumulate("log")
        logger.info("re-evaluated \(counts) in \(PhaseTimer.format(timer.total)) s (\(timer.summary))",
                    metadata: ["ruleset": "\(ruleSet.label)"])
    }

    /// After a large batch or a re-evaluation of every case: gives back the store's page cache
    /// (so that the next batch's events, read before its transaction, do not sit beside a full
    /// cache) and the heap's free pages. The work is committed: failing to free memory must
    /// not fail it.
    func releaseMemory() {
        try? store.releaseMemory()
        HeapTrim.release()
    }

    /// SIGHUP (SPEC §4.6): all or nothing; on any error the old rule set stays.
    func reload() {
        notifier.send(.reloading)
        let (loaded, sources, diagnostics) = RuleDirectory.load(config.rulesDirectory)
        if let loaded, let next = CaseUpdater(ruleSet: loaded, reevaluateEvery: config.reevaluateEvery,
                                              workers: config.workers) {
            let previous = ruleSet
            ruleSet = loaded
            updater = next
            lastError = nil
            logRuleSetLoaded(reason: "reload (was \(previous.label))")
            do {
                try reevaluateAll(reason: "reload")
                try recordRuleSet()
                let timer = PhaseTimer()
                let edited = try writeQueue()
                logger.info("queue file \(edited ? "edited" : "rebuilt from the store") after the reload in \(PhaseTimer.format(timer.total)) s")
            } catch {
                lastError = "re-evaluation after reload failed: \(error)"
                logger.error("\(self.lastError ?? "")")
            }
        } else {
            let first = diagnostics.first { $0.severity == .error }?.headline ?? "the time zone is unknown"
            lastError = "reload failed, keeping \(ruleSet.label): \(first)"
            let rendered = DiagnosticRenderer(sources: sources).text(diagnostics)
            logger.error("reload failed: \(diagnostics.errors.count) errors; keeping rule set \(ruleSet.label)\n\(rendered)",
                         metadata: ["message_id": "\(MessageID.reloadFailed.rawValue)", "ruleset": "\(ruleSet.label)"])
        }
        metrics.reloaded(success: lastError == nil)
        updateStatus()
        notifier.send(.ready)
    }

    func logRuleSetLoaded(reason: String) {
        logger.info("rule set \(ruleSet.label) loaded (\(reason)): \(ruleSet.rules.count) rules, sha256 \(ruleSet.contentHash ?? "")",
                    metadata: ["message_id": "\(MessageID.ruleSetLoaded.rawValue)", "ruleset": "\(ruleSet.label)"])
    }

    /// One journal record per queue change, with the case's fields (SPEC §6).
    func log(_ changes: QueueChanges, ruleSet: RuleSet) {
        let label = ruleSet.label
        let texts = changes.texts
        for record in changes.records {
            let id = record.id(in: texts)
            logger.info("\(record.message(in: texts))", metadata: [
                "message_id": "\(record.messageID.rawValue)", "case_id": "\(id.caseID)", "action": "\(id.action)",
                "work_id": "\(id)", "rule": "\(record.rules(in: texts))", "ruleset": "\(label)"])
        }
        for id in changes.closed {
            logger.info("closed \(id)", metadata: ["message_id": "\(MessageID.workItemClosed.rawValue)", "case_id": "\(id.caseID)",
                                                    "action": "\(id.action)", "work_id": "\(id)", "ruleset": "\(label)"])
        }
        for (caseID, error) in changes.errors {
            logger.warning("run-time error: \(error)", metadata: ["case_id": "\(caseID)", "ruleset": "\(label)"])
        }
        metrics.changed(changes)
    }
}
