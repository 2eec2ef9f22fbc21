import ArrearsEngine
import ArrearsRuntime
import ArrearsStore
import ArrearsSystemd
import Foundation
import Logging

/// An input file read for a batch.
struct BatchFile {
    let entry: InboxEntry
    let sha256: String
    /// Events with their line numbers.
    let events: [(event: Event, line: Int)]
    var rejected: [RejectedLine]
    let alreadyApplied: Bool
}

extension Daemon {
    /// Applies one batch: the accepted files of one inbox scan (up to the batch limit), in one
    /// transaction. Rejected lines are written before the commit and files archived after it, so
    /// a crash at any point loses nothing and, since events are deduplicated by id and files by
    /// content hash, applies nothing twice. Returns whether there may be more to do.
    func processInboxBatch() throws -> Bool {
        let entries = try scanner.scan()
        var files: [BatchFile] = []
        var eventCount = 0
        for entry in entries {
            switch entry.disposition {
            case .ignored:
                continue
            case .refused(let reason):
                try refuse(entry, reason: reason)
                continue
            case .accepted:
                break
            }
            if eventCount >= config.maxBatchEvents { break }
            switch InputFile.read(entry.path, maxFileSize: Int64(config.maxFileSize)) {
            case .vanished:
                continue
            case .refused(let reason):
                try refuse(entry, reason: reason)
            case .read(let input):
                let applied = try store.read { try $0.isFileProcessed(sha256: input.sha256) }
                if applied {
                    files.append(BatchFile(entry: entry, sha256: input.sha256, events: [], rejected: [], alreadyApplied: true))
                    continue
                }
                let (events, rejected) = reader.readNumbered(input.bytes, name: entry.name)
                eventCount += events.count
                files.append(BatchFile(entry: entry, sha256: input.sha256, events: events, rejected: rejected, alreadyApplied: false))
            }
        }
        if files.isEmpty { return false }

        let started = ContinuousClock.now
        let now = self.now
        let updater = CaseUpdater(evaluator: evaluator, reevaluateEvery: config.reevaluateEvery)
        var changes = QueueChanges()
        var applied = 0, duplicates = 0
        try store.write { w in
            var touched: [CaseID] = []
            var seen = Set<CaseID>()
            for f in files.indices where !files[f].alreadyApplied {
                let results = try w.admit(files[f].events.map(\.event))
                for (k, result) in results.enumerated() {
                    let (event, line) = files[f].events[k]
                    switch result {
                    case .accepted:
                        applied += 1
                        if seen.insert(event.caseID).inserted { touched.append(event.caseID) }
                        if case .workDone(let work, let outcome, _) = event.body,
                           try w.closeItem(work, at: event.at, outcome: outcome) {
                            changes.closed.append(work)
                        }
                    case .duplicate:
                        duplicates += 1
                    case .conflict(let conflict):
                        files[f].rejected.append(RejectedLine(file: files[f].entry.name, line: line, text: event.raw, error: "\(conflict)"))
                    }
                }
                try w.recordFile(sha256: files[f].sha256, name: files[f].entry.name, applied: results.count, rejected: files[f].rejected.count, at: now)
            }
            for (k, caseID) in touched.enumerated() {
                try updater.update(caseID, in: w, now: now, changes: &changes)
                if k % 1000 == 999 { pingWatchdog() }
            }
            // Rejected lines reach rejected/ before the commit: a crash after this point
            // at worst writes them again (under a new name), never loses them.
            for f in files where !f.rejected.isEmpty {
                _ = try mover.rejectLines(f.entry.name, f.rejected.sorted { $0.line < $1.line })
            }
        }
        try writeQueue()
        let day = evaluator.calendar.date(at: now).description
        for f in files { _ = try mover.archive(f.entry.path, day: day) }
        log(changes, ruleSet: ruleSet)
        for f in files {
            for r in f.rejected {
                logger.warning("\(r)", metadata: ["message_id": "\(MessageID.inputRejected.rawValue)", "file": "\(f.entry.name)"])
            }
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        logger.info("batch applied: \(files.count) files, \(applied) events, \(duplicates) duplicates, \(files.reduce(0) { $0 + $1.rejected.count }) rejected lines, \(changes.evaluated) cases evaluated",
                    metadata: ["message_id": "\(MessageID.batchApplied.rawValue)", "ruleset": "\(ruleSet.label)"])
        metrics.batchApplied(events: applied, rejected: files.reduce(0) { $0 + $1.rejected.count }, seconds: seconds)
        updateStatus()
        return true
    }

    func refuse(_ entry: InboxEntry, reason: String) throws {
        _ = try mover.refuse(entry.path, reason: reason)
        logger.warning("input refused: \(entry.name): \(reason)", metadata: ["message_id": "\(MessageID.inputRejected.rawValue)", "file": "\(entry.name)"])
        metrics.rejected(1)
    }

    /// Re-evaluates the cases whose next wake-up has come, in transactions of up to 10,000.
    func reevaluateDue() throws {
        let now = self.now
        let updater = CaseUpdater(evaluator: evaluator, reevaluateEvery: config.reevaluateEvery)
        var total = QueueChanges()
        while true {
            let due = try store.read { try $0.casesDue(atOrBefore: now, limit: 10_000) }
            if due.isEmpty { break }
            var changes = QueueChanges()
            try store.write { w in
                for (k, caseID) in due.enumerated() {
                    try updater.update(caseID, in: w, now: now, changes: &changes)
                    if k % 1000 == 999 { pingWatchdog() }
                }
            }
            total.merge(changes)
        }
        if !total.isEmpty {
            try writeQueue()
            log(total, ruleSet: ruleSet)
            updateStatus()
        }
    }

    /// Re-evaluates every case (after a reload or a rule set change between runs).
    func reevaluateAll(reason: String) throws {
        let now = self.now
        let updater = CaseUpdater(evaluator: evaluator, reevaluateEvery: config.reevaluateEvery)
        let all = try store.read { try $0.allCaseIDs() }
        var total = QueueChanges()
        for start in stride(from: 0, to: all.count, by: 10_000) {
            var changes = QueueChanges()
            try store.write { w in
                for caseID in all[start..<min(all.count, start + 10_000)] {
                    try updater.update(caseID, in: w, now: now, changes: &changes)
                }
            }
            pingWatchdog()
            total.merge(changes)
        }
        log(total, ruleSet: ruleSet)
        logger.info("re-evaluated \(total.evaluated) cases (\(reason)): \(total.opened.count) opened, \(total.updated.count) updated, \(total.withdrawn.count) withdrawn",
                    metadata: ["ruleset": "\(ruleSet.label)"])
    }

    /// SIGHUP (SPEC §4.6): all or nothing; on any error the old rule set stays.
    func reload() {
        notifier.send(.reloading)
        let (loaded, sources, diagnostics) = RuleDirectory.load(config.rulesDirectory)
        if let loaded, let next = CaseEvaluator(loaded) {
            let previous = ruleSet
            ruleSet = loaded
            evaluator = next
            lastError = nil
            logRuleSetLoaded(reason: "reload (was \(previous.label))")
            do {
                try reevaluateAll(reason: "reload")
                try store.write { try $0.setMeta("ruleset_hash", loaded.contentHash ?? "") }
                try writeQueue()
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
        func fields(_ item: WorkItem, _ id: MessageID) -> Logger.Metadata {
            ["message_id": "\(id.rawValue)", "case_id": "\(item.id.caseID)", "action": "\(item.id.action)",
             "work_id": "\(item.id)", "rule": "\(item.rules.joined(separator: ","))", "ruleset": "\(label)"]
        }
        for item in changes.opened {
            logger.info("opened \(item.id) priority \(item.priority): \(item.reasons.joined(separator: "; "))", metadata: fields(item, .workItemOpened))
        }
        for item in changes.updated {
            logger.info("updated \(item.id) priority \(item.priority)", metadata: fields(item, .workItemUpdated))
        }
        for (item, why) in changes.withdrawn {
            logger.info("withdrew \(item.id): \(why)", metadata: fields(item, .workItemWithdrawn))
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
