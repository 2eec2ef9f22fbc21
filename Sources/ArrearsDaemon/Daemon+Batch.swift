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
    /// Events with their line numbers (emptied once admitted).
    var events: NumberedEvents
    var rejected: [RejectedLine]
    let alreadyApplied: Bool
}

extension Daemon {
    /// Applies the accepted files of one inbox scan, up to the event limit, in one transaction
    /// (a scan larger than that is applied in several, and its cases evaluated after the last:
    /// the earlier ones only store the events and make their cases due). Rejected lines are
    /// written before the commit and files archived after it, so a crash at any point loses
    /// nothing and, since events are deduplicated by id and files by content hash, applies
    /// nothing twice. Returns whether there may be more to do.
    func processInboxBatch() throws -> Bool {
        var timer = PhaseTimer()
        let entries = try scanner.scan()
        var files: [BatchFile] = []
        var eventCount = 0
        // Files are read, hashed and parsed in parallel, a wave at a time; the batch ends with
        // the wave that reaches the event limit.
        var wave: [InboxEntry] = []
        var waveBytes: Int64 = 0
        var batchBytes: Int64 = 0
        // Whether the scan found more than this transaction takes: its cases are then
        // evaluated once, after the scan's last transaction (SPEC §4.5 rule 7: a batch is
        // what one scan found), not after each of them.
        var moreFollows = false
        for entry in entries {
            guard case .accepted(let size) = entry.disposition else {
                if case .refused(let reason) = entry.disposition { try refuse(entry, reason: reason) }
                continue
            }
            if eventCount >= config.maxBatchEvents {
                moreFollows = true
                break
            }
            waveBytes += size
            wave.append(entry)
            if wave.count >= waveFileLimit(events: eventCount) || waveBytes >= waveByteLimit(events: eventCount, bytes: batchBytes) {
                eventCount += try takeWave(&wave, into: &files)
                batchBytes += waveBytes
                waveBytes = 0
            }
        }
        eventCount += try takeWave(&wave, into: &files)
        if files.isEmpty { return false }

        timer.mark("read")
        let now = self.now
        var changes = QueueChanges()
        var applied = 0, duplicates = 0
        try commitChanges(&changes) { w, changes in
            // The batch's events in one array, moved out of their files so that one copy is
            // alive, with the file and line each came from.
            let fresh = files.indices.filter { !files[$0].alreadyApplied }
            var events: [Event] = []
            var origins: [(file: Int, line: Int)] = []
            events.reserveCapacity(eventCount)
            origins.reserveCapacity(eventCount)
            for f in fresh {
                events.append(contentsOf: files[f].events.events)
                for line in files[f].events.lines { origins.append((f, line)) }
                files[f].events = NumberedEvents()
            }
            // One admit for the whole batch, so the store can write it in case order. It
            // frees each event's raw text once stored.
            let results = try w.admit(releasingRawOf: &events)
            // The raw texts admit freed (about 200 bytes each, a third of the batch's memory)
            // lie between chunks still in use, where the store's pages cannot reuse them: given
            // back now, the evaluation that follows does not add its memory on top of theirs.
            if eventCount >= HeapTrim.afterEvents { HeapTrim.release() }
            timer.mark("admit")
            // The batch's accepted events (their arrivals and positions in `events`), already
            // parsed: only what a case had before this batch is read (and parsed) back from the store.
            var taken: [(arrival: UInt64, position: Int)] = []
            taken.reserveCapacity(events.count)
            // Per file, its events offered to the store (as recorded before the batch's
            // events were moved out of their files).
            var offered = [Int](repeating: 0, count: files.count)
            for k in events.indices {
                let (f, line) = origins[k]
                offered[f] += 1
                switch results[k] {
                case .accepted(let arrival):
                    applied += 1
                    taken.append((arrival, k))
                    let event = events[k]
                    if case .workDone(let work, let outcome, _) = event.body,
                       let position = try w.closeItem(work, at: event.at, outcome: outcome) {
                        changes.closed.append(work)
                        changes.edits.remove(position)
                    }
                case .duplicate:
                    duplicates += 1
                case .conflict(let conflict):
                    files[f].rejected.append(RejectedLine(file: files[f].entry.name, line: line, text: events[k].raw, error: "\(conflict)"))
                }
            }
            origins = []
            for f in fresh {
                try w.recordFile(sha256: files[f].sha256, name: files[f].entry.name, applied: offered[f],
                                 rejected: files[f].rejected.count, at: now)
            }
            // In case order, the store's reads and writes walk each b-tree once, in key
            // order, instead of jumping around it (the case logs, items and wake-ups are all
            // keyed by case), each case's events in arrival order. One flat array of events and
            // one of where each case's run begins, instead of a list per case (a bulk import
            // touches a few hundred thousand cases). The store numbers the arrivals of a batch
            // in case order (unless an id repeats in it), so sorting by arrival usually groups
            // the cases already and only needs checking.
            taken.sort { $0.arrival < $1.arrival }
            let grouped = zip(taken, taken.dropFirst()).allSatisfy { !(events[$1.position].caseID < events[$0.position].caseID) }
            if !grouped {
                taken.sort { a, b in
                    let (x, y) = (events[a.position].caseID, events[b.position].caseID)
                    return x == y ? a.arrival < b.arrival : x < y
                }
            }
            var touched: [CaseID] = []
            var runStarts: [Int] = []
            for (n, t) in taken.enumerated() where touched.last != events[t.position].caseID {
                touched.append(events[t.position].caseID)
                runStarts.append(n)
            }
            runStarts.append(taken.count)
            timer.mark("group")
            /// The batch's events of the case at `index` in `touched`, moved out of `events`
            /// (each is taken once; the batch keeps no copy of an evaluated case's events).
            func takeEvents(ofCase index: Int) -> [SequencedEvent] {
                taken[runStarts[index]..<runStarts[index + 1]].map { t in
                    var event = Self.consumedEvent
                    swap(&event, &events[t.position])
                    return SequencedEvent(event, arrival: t.arrival)
                }
            }
            try updater.update(cases: touched.count, maxChunk: Self.chunk, load: { range in
                let ids = Array(touched[range])
                return zip(range, try w.storedCases(ids)).map { index, stored in
                    CaseJob(caseID: touched[index], stored: stored, batchEvents: takeEvents(ofCase: index),
                            deferEvaluation: moreFollows)
                }
            }, in: w, now: now, changes: &changes, timer: &timer, step: { afterChunk($0) })
            // Rejected lines reach rejected/ before the commit: a crash after this point
            // at worst writes them again (under a new name), never loses them.
            for f in files where !f.rejected.isEmpty {
                _ = try mover.rejectLines(f.entry.name, f.rejected.sorted { $0.line < $1.line })
            }
        }
        timer.mark("commit")
        if changes.deferred > 0 { evaluationDeferred = true }
        timer.mark(try writeQueue() ? "queue edited" : "queue rebuilt")
        let day = updater.evaluators[0].calendar.date(at: now).description
        try mover.archive(files.map(\.entry.path), day: day)
        timer.mark("archive")
        log(changes, ruleSet: ruleSet)
        for f in files {
            for r in f.rejected {
                logger.warning("\(r)", metadata: ["message_id": "\(MessageID.inputRejected.rawValue)", "file": "\(f.entry.name)"])
            }
        }
        timer.mark("log")
        if eventCount >= HeapTrim.afterEvents { releaseMemory() }
        let seconds = timer.total
        logger.info("batch applied: \(files.count) files, \(applied) events, \(duplicates) duplicates, \(files.reduce(0) { $0 + $1.rejected.count }) rejected lines, \(changes.evaluated) cases evaluated\(changes.deferred > 0 ? " (\(changes.deferred) more when the scan's last transaction is in)" : "") in \(PhaseTimer.format(seconds)) s (\(timer.summary))",
                    metadata: ["message_id": "\(MessageID.batchApplied.rawValue)", "ruleset": "\(ruleSet.label)"])
        metrics.batchApplied(events: applied, rejected: files.reduce(0) { $0 + $1.rejected.count }, seconds: seconds)
        updateStatus()
        return true
    }

    /// What an event of a batch is replaced with once moved into its case's job: no text,
    /// nothing on the heap.
    private static let consumedEvent = Event(id: EventID(rawValue: ""), caseID: CaseID(rawValue: ""), at: Instant(microseconds: 0),
                                             body: .contact(channel: .phone, direction: .outbound, outcome: .reached), raw: "")

    func refuse(_ entry: InboxEntry, reason: String) throws {
        _ = try mover.refuse(entry.path, reason: reason)
        logger.warning("input refused: \(entry.name): \(reason)", metadata: ["message_id": "\(MessageID.inputRejected.rawValue)", "file": "\(entry.name)"])
        metrics.rejected(1)
    }

    /// Files read per wave of parallel reading and parsing: a few until the batch has events
    /// to judge its files by, then many (for small files, each wave costs a store read and a
    /// round of thread hand-offs).
    static let firstWaveFiles = 8
    static let waveFiles = 256
    /// Bytes read per wave at most (unless one file is larger): with the event limit, this
    /// bounds the memory a batch of large files takes.
    static let waveBytes: Int64 = 8 << 20

    private func waveFileLimit(events: Int) -> Int { events == 0 ? Self.firstWaveFiles : Self.waveFiles }

    /// Bytes the next wave takes at most: ``waveBytes``, and no more than the batch's
    /// remaining events take at its bytes per event so far, so that a wave of many small
    /// files does not carry the batch far past its event limit.
    private func waveByteLimit(events: Int, bytes: Int64) -> Int64 {
        guard events > 0 else { return Self.waveBytes }
        let remaining = Int64(max(0, config.maxBatchEvents - events))
        return min(Self.waveBytes, max(1, remaining * bytes / Int64(events)))
    }

    /// Reads, hashes and parses the files of `wave` in parallel, then (in order) refuses what
    /// cannot be read, marks what was committed before, and appends the rest to `files`.
    /// Returns the number of events added; empties `wave`.
    private func takeWave(_ wave: inout [InboxEntry], into files: inout [BatchFile]) throws -> Int {
        guard !wave.isEmpty else { return 0 }
        let entries = wave
        wave.removeAll()
        let reader = self.reader
        let maxFileSize = Int64(config.maxFileSize)
        let read = ParallelMap.map(entries, workers: config.workers) { entry -> (InputFile.Outcome, NumberedEvents, [RejectedLine]) in
            let outcome = InputFile.read(entry.path, maxFileSize: maxFileSize)
            guard case .read(let input) = outcome else { return (outcome, NumberedEvents(), []) }
            let (events, rejected) = reader.readNumbered(input.bytes, name: entry.name)
            return (outcome, events, rejected)
        }
        let processed = try store.read { r in
            try read.map { item -> Bool in
                guard case .read(let input) = item.0 else { return false }
                return try r.isFileProcessed(sha256: input.sha256)
            }
        }
        var added = 0
        for (k, entry) in entries.enumerated() {
            switch read[k].0 {
            case .vanished:
                continue
            case .refused(let reason):
                try refuse(entry, reason: reason)
            case .read(let input):
                if processed[k] {
                    files.append(BatchFile(entry: entry, sha256: input.sha256, events: NumberedEvents(), rejected: [], alreadyApplied: true))
                } else {
                    added += read[k].1.count
                    files.append(BatchFile(entry: entry, sha256: input.sha256, events: read[k].1, rejected: read[k].2, alreadyApplied: false))
                }
            }
        }
        return added
    }
}
