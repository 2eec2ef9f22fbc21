import ArrearsEngine
import GRDB

/// ``StoreWriter`` inside the one transaction of a `write`.
///
/// ``admit(_:)`` inserts the ids (and invoices) of 64 events in one statement when the ids
/// of a call are distinct, else one insert per event (two for an invoice). An event is parsed again
/// only when its id is already stored, and a case row is written only for a case the store
/// has not seen committed before. The admitted events reach their cases' logs through
/// ``setLog(of:_:)`` (the daemon compiles them while evaluating) or else in ``finish()``.
final class SQLiteWriter: SQLiteReader, StoreWriter {
    /// Cases with a committed `cases` row when the transaction began (possibly fewer).
    private let knownCases: Set<CaseID>
    /// Cases given a `cases` row in this transaction.
    private(set) var addedCases: Set<CaseID> = []
    /// The arrival number of the next new event; read on the first admit.
    private var nextArrival: Int64?
    private var admitStatements: AdmitStatements?
    private var itemStatements: ItemStatements?
    private var wakeStatement: DirectStatement?
    private var closeStatement: DirectStatement?
    private var logStatement: DirectStatement?
    /// Multi-row inserts of a chunk's ids and invoices, by number of rows.
    private var chunkStatements: ChunkStatements?
    /// Per case, the arrivals admitted in this transaction that its stored log lacks.
    private var pending: [CaseID: PendingArrivals] = [:]

    init(_ db: Database, parser: EventParser, knownCases: Set<CaseID>) {
        self.knownCases = knownCases
        super.init(db, parser: parser)
    }

    /// The per-event statements, prepared once per transaction.
    private struct AdmitStatements {
        let insertID, deleteID, insertBlock, insertInvoice, firstInvoice, insertCase: DirectStatement
        init(_ db: Database) throws {
            insertID = try DirectStatement(db, sql: "INSERT INTO event_ids (id, arrival) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
            deleteID = try DirectStatement(db, sql: "DELETE FROM event_ids WHERE id = ?")
            insertBlock = try DirectStatement(db, sql: "INSERT INTO event_blocks (first_arrival, raws) VALUES (?, ?)")
            insertInvoice = try DirectStatement(db, sql: """
                INSERT INTO invoices (case_id, invoice_id, event_id) VALUES (?, ?, ?) ON CONFLICT (case_id, invoice_id) DO NOTHING
                """)
            firstInvoice = try DirectStatement(db, sql: "SELECT event_id FROM invoices WHERE case_id = ? AND invoice_id = ?")
            insertCase = try DirectStatement(db, sql: "INSERT INTO cases (case_id) VALUES (?) ON CONFLICT (case_id) DO NOTHING")
        }
    }

    /// The statements of ``admitChunk(_:_:from:_:)``: an insert of `n` ids (or invoices) in
    /// one statement, prepared when a chunk of that many first needs it, and the deletes that
    /// take a chunk's rows back out.
    private final class ChunkStatements {
        let db: Database
        var ids: [DirectStatement?] = Array(repeating: nil, count: SQLiteWriter.chunk + 1)
        var invoices: [DirectStatement?] = Array(repeating: nil, count: SQLiteWriter.chunk + 1)
        let deleteID, deleteInvoice: DirectStatement

        init(_ db: Database) throws {
            self.db = db
            deleteID = try DirectStatement(db, sql: "DELETE FROM event_ids WHERE id = ? AND arrival = ?")
            deleteInvoice = try DirectStatement(db, sql: "DELETE FROM invoices WHERE case_id = ? AND invoice_id = ? AND event_id = ?")
        }

        func ids(rows n: Int) throws -> DirectStatement {
            if let statement = ids[n] { return statement }
            let statement = try DirectStatement(db, sql: "INSERT INTO event_ids (id, arrival) VALUES "
                + Array(repeating: "(?, ?)", count: n).joined(separator: ", ") + " ON CONFLICT (id) DO NOTHING")
            ids[n] = statement
            return statement
        }

        func invoices(rows n: Int) throws -> DirectStatement {
            if let statement = invoices[n] { return statement }
            let statement = try DirectStatement(db, sql: "INSERT INTO invoices (case_id, invoice_id, event_id) VALUES "
                + Array(repeating: "(?, ?, ?)", count: n).joined(separator: ", ") + " ON CONFLICT (case_id, invoice_id) DO NOTHING")
            invoices[n] = statement
            return statement
        }
    }

    /// The events whose ids (and invoices) one statement inserts, when no id occurs twice in a call.
    static let chunk = 64

    /// The events of one case run accepted so far, stored as one block once the run ends.
    private struct OpenBlock {
        var first: Int64?
        var block = EventBlock()

        /// The raw text of an accepted event of this run, by arrival.
        func raw(arrival: UInt64) -> String? {
            guard let first, arrival >= UInt64(first), arrival - UInt64(first) < UInt64(block.count) else { return nil }
            return block.bytes.withUnsafeBytes { EventBlock.texts($0)?[Int(arrival - UInt64(first))] }
        }
    }

    /// The arrival after the highest stored one (blocks hold consecutive arrivals from their key).
    private func arrivalAfterStored() throws -> Int64 {
        let statement = try DirectStatement(db, sql: "SELECT first_arrival, raws FROM event_blocks ORDER BY first_arrival DESC LIMIT 1")
        var next: Int64 = 1
        try statement.forEachRow { row in
            guard let count = EventBlock.count(row.blob(1)) else {
                throw StoreError.corruptRow(table: "event_blocks", key: "\(row.int64(0))", problem: "not a block of event texts")
            }
            next = row.int64(0) + Int64(count)
        }
        return next
    }

    func admit(releasingRawOf events: inout [Event]) throws -> [AdmitResult] {
        let s = try admitStatements ?? AdmitStatements(db)
        admitStatements = s
        var arrival = try nextArrival ?? arrivalAfterStored()
        defer { nextArrival = arrival }
        // When no id occurs twice in the call, the events are stored in (case, arrival) order:
        // each case's rows and index entries are then written together instead of all over
        // the b-trees. The outcome of each event is the same as in arrival order, since its
        // checks involve only its own id (unique here) and its own case's invoices (kept in
        // arrival order), and arrival numbers still increase in arrival order within a case,
        // which is the only order they are compared in. The positions of the events are
        // grouped by case (one flat array: no list per case), then taken a case at a time.
        // A run's accepted events get consecutive arrivals and are stored as one block.
        // Events are reached by address: through the array, each access copied the event
        // (retaining everything it holds) to read one field.
        return try events.withUnsafeMutableBufferPointer { events in
            var seen = Set<EventID>(minimumCapacity: events.count)
            let unique = events.indices.allSatisfy { seen.insert(events[$0].id).inserted }
            seen = []
            let grouping = unique ? CaseGrouping(count: events.count) { events[$0].caseID }
                                  : CaseGrouping(consecutive: events.count) { events[$0].caseID }
            pending.reserveCapacity(pending.count + grouping.runs)
            var results = [AdmitResult](repeating: .duplicate, count: events.count)
            // With distinct ids, the outcomes are decided a chunk at a time first (in the
            // same order, with the same arrivals as one by one); otherwise as each run is stored.
            if unique { try admitInChunks(UnsafeBufferPointer(events), order: grouping.order, arrival: &arrival, s, &results) }
            for run in 0..<grouping.runs {
                let positions = grouping[run: run]
                let caseID = events[positions.first!].caseID
                var arrivals = pending[caseID]
                var open = OpenBlock()
                for k in positions {
                    var result = results[k]
                    if !unique {
                        result = try admitOne(events[k], arrival: arrival, s, open)
                        if case .accepted = result { arrival += 1 }
                    }
                    switch result {
                    case .accepted(let accepted):
                        if arrivals == nil { arrivals = PendingArrivals(accepted) } else { arrivals?.append(accepted) }
                        if open.first == nil { open.first = Int64(accepted) }
                        open.block.append(events[k].raw)
                        events[k].releaseRaw()
                    case .duplicate:
                        events[k].releaseRaw()
                    case .conflict:
                        break
                    }
                    results[k] = result
                }
                guard let first = open.first else { continue }
                s.insertBlock.bind(1, first)
                s.insertBlock.bind(2, blob: open.block.bytes)
                try s.insertBlock.run()
                pending[caseID] = arrivals
                if !knownCases.contains(caseID), addedCases.insert(caseID).inserted {
                    s.insertCase.bind(1, caseID.rawValue)
                    try s.insertCase.run()
                }
            }
            return results
        }
    }

    /// Admits events with distinct ids in `order`, ``chunk`` at a time: when one statement
    /// inserts all of a chunk's ids and one all of its invoices (no id stored before, no
    /// invoice taken), its events are accepted with consecutive arrivals; otherwise its rows
    /// are taken back out and its events admitted one by one, as ``admitOne`` would have.
    private func admitInChunks(_ events: UnsafeBufferPointer<Event>, order: [Int], arrival: inout Int64,
                               _ s: AdmitStatements, _ results: inout [AdmitResult]) throws {
        let c = try chunkStatements ?? ChunkStatements(db)
        chunkStatements = c
        var start = 0
        while start < order.count {
            let chunk = order[start..<min(start + Self.chunk, order.count)]
            if try admitChunk(events, chunk, from: arrival, c) {
                for (j, k) in chunk.enumerated() { results[k] = .accepted(arrival: UInt64(arrival) + UInt64(j)) }
                arrival += Int64(chunk.count)
            } else {
                for k in chunk {
                    results[k] = try admitOne(events[k], arrival: arrival, s, OpenBlock())
                    if case .accepted = results[k] { arrival += 1 }
                }
            }
            start = chunk.endIndex
        }
    }

    /// Inserts the ids of a chunk's events (arrivals from `first`) and their invoices; true
    /// when every row went in, else the rows that did are deleted again and false.
    private func admitChunk(_ events: UnsafeBufferPointer<Event>, _ chunk: ArraySlice<Int>, from first: Int64,
                            _ c: ChunkStatements) throws -> Bool {
        let ids = try c.ids(rows: chunk.count)
        var invoiced = 0
        for (j, k) in chunk.enumerated() {
            ids.bind(Int32(2 * j + 1), events[k].id.rawValue)
            ids.bind(Int32(2 * j + 2), first + Int64(j))
            if case .invoice = events[k].body { invoiced += 1 }
        }
        let insertedIDs = try ids.run()
        var insertedInvoices = 0
        if insertedIDs == chunk.count {
            guard invoiced > 0 else { return true }
            let invoices = try c.invoices(rows: invoiced)
            var p: Int32 = 1
            for k in chunk {
                guard case .invoice(let invoice, _, _) = events[k].body else { continue }
                invoices.bind(p, events[k].caseID.rawValue)
                invoices.bind(p + 1, invoice.rawValue)
                invoices.bind(p + 2, events[k].id.rawValue)
                p += 3
            }
            insertedInvoices = try invoices.run()
            if insertedInvoices == invoiced { return true }
        }
        if insertedIDs > 0 {
            for (j, k) in chunk.enumerated() {
                c.deleteID.bind(1, events[k].id.rawValue)
                c.deleteID.bind(2, first + Int64(j))
                try c.deleteID.run()
            }
        }
        if insertedInvoices > 0 {
            for k in chunk {
                guard case .invoice(let invoice, _, _) = events[k].body else { continue }
                c.deleteInvoice.bind(1, events[k].caseID.rawValue)
                c.deleteInvoice.bind(2, invoice.rawValue)
                c.deleteInvoice.bind(3, events[k].id.rawValue)
                try c.deleteInvoice.run()
            }
        }
        return false
    }

    private func admitOne(_ event: borrowing Event, arrival: Int64, _ s: AdmitStatements, _ open: OpenBlock) throws -> AdmitResult {
        // The id rule first, as in CaseHistory.check: a resent invoice is a duplicate.
        s.insertID.bind(1, event.id.rawValue)
        s.insertID.bind(2, arrival)
        if try s.insertID.run() == 0 { return try compareWithStored(event, open) }
        if case .invoice(let invoice, _, _) = event.body {
            s.insertInvoice.bind(1, event.caseID.rawValue)
            s.insertInvoice.bind(2, invoice.rawValue)
            s.insertInvoice.bind(3, event.id.rawValue)
            if try s.insertInvoice.run() == 0 {
                // Rare: take the id back out and name the first invoice event.
                s.deleteID.bind(1, event.id.rawValue)
                try s.deleteID.run()
                s.firstInvoice.bind(1, event.caseID.rawValue)
                s.firstInvoice.bind(2, invoice.rawValue)
                let first = try s.firstInvoice.firstText() ?? ""
                return .conflict(.invoiceExists(invoice, firstEvent: EventID(rawValue: first)))
            }
        }
        return .accepted(arrival: UInt64(arrival))
    }

    /// For an event whose id is stored (or accepted earlier in the running case's block):
    /// `.duplicate` when the stored event has the same content, else a conflict. A stored
    /// text that no longer parses counts as different.
    private func compareWithStored(_ event: borrowing Event, _ open: OpenBlock) throws -> AdmitResult {
        guard let stored = try arrival(ofEvent: event.id) else { return .conflict(.eventIDReused(event.id)) }
        let raw = try open.raw(arrival: stored) ?? eventTexts([stored], of: nil).first?.raw
        if let raw, let parsed = try? parser.parse(line: raw), parsed.hasSameContent(as: event) { return .duplicate }
        return .conflict(.eventIDReused(event.id))
    }

    func closeItem(_ id: WorkItemID, at: Instant, outcome: WorkOutcome) throws -> QueuePosition? {
        let statement = try closeStatement ?? DirectStatement(db, sql: """
            UPDATE work_items SET status = 'closed', ended_at_us = ?, ended_why = ?, line = NULL, line_bytes = NULL WHERE id = ? AND status = 'open'
            RETURNING priority, due_us
            """)
        closeStatement = statement
        statement.bind(1, at.microseconds)
        statement.bind(2, outcome.rawValue)
        statement.bind(3, id.description)
        var position: QueuePosition?
        try statement.forEachRow { row in
            position = QueuePosition(priority: Int(row.int64(0)), due: Instant(microseconds: row.int64(1)),
                               caseID: id.caseID, action: id.action)
        }
        return position
    }

    func apply(_ reconciliation: Reconciliation, at: Instant, queueLine: ((WorkItem) -> String)?) throws {
        let s = try itemStatements ?? ItemStatements(db)
        itemStatements = s
        for item in reconciliation.opened {
            s.insert.bind(1, item.id.description)
            s.insert.bind(2, item.id.caseID.rawValue)
            s.insert.bind(3, item.id.action)
            s.insert.bind(4, Int64(item.id.number))
            s.insert.bind(5, item.opened.microseconds)
            WorkItemRow.bindMutable(item, line: queueLine?(item), to: s.insert, from: 6)
            try s.insert.run()
            s.number.bind(1, item.id.caseID.rawValue)
            s.number.bind(2, item.id.action)
            s.number.bind(3, Int64(item.id.number))
            try s.number.run()
        }
        for (_, item) in reconciliation.updated {
            let next = WorkItemRow.bindMutable(item, line: queueLine?(item), to: s.update, from: 1)
            s.update.bind(next, item.id.description)
            if try s.update.run() == 0 { throw StoreError.itemNotOpen(id: item.id.description, change: "update") }
        }
        for (item, why) in reconciliation.withdrawn {
            s.withdraw.bind(1, at.microseconds)
            s.withdraw.bind(2, why)
            s.withdraw.bind(3, item.id.description)
            if try s.withdraw.run() == 0 { throw StoreError.itemNotOpen(id: item.id.description, change: "withdraw") }
        }
    }

    /// The statements of ``apply(_:at:queueLine:)``, prepared once per transaction.
    private struct ItemStatements {
        let insert, number, update, withdraw: DirectStatement
        init(_ db: Database) throws {
            number = try DirectStatement(db, sql: """
                INSERT INTO item_numbers (case_id, action, number) VALUES (?, ?, ?)
                ON CONFLICT (case_id, action) DO UPDATE SET number = max(number, excluded.number)
                """)
            insert = try DirectStatement(db, sql: """
                INSERT INTO work_items (id, case_id, action, number, status, opened_us, \(WorkItemRow.columnsOfMutable))
                VALUES (?, ?, ?, ?, 'open', ?, \(WorkItemRow.placeholdersOfMutable))
                """)
            update = try DirectStatement(db, sql: "UPDATE work_items SET \(WorkItemRow.mutableAssignments) WHERE id = ? AND status = 'open'")
            withdraw = try DirectStatement(db, sql: """
                UPDATE work_items SET status = 'withdrawn', ended_at_us = ?, ended_why = ?, line = NULL, line_bytes = NULL WHERE id = ? AND status = 'open'
                """)
        }
    }

    func setNextWake(case caseID: CaseID, _ wake: Instant?) throws {
        let statement = try wakeStatement ?? DirectStatement(db, sql: """
            INSERT INTO cases (case_id, next_wake_us) VALUES (?, ?)
            ON CONFLICT (case_id) DO UPDATE SET next_wake_us = excluded.next_wake_us
            """)
        wakeStatement = statement
        statement.bind(1, caseID.rawValue)
        statement.bind(2, wake?.microseconds)
        try statement.run()
        addedCases.insert(caseID)
    }

    func setLog(of caseID: CaseID, _ log: EncodedCaseLog) throws { try writeLog(of: caseID, log.bytes, through: log.lastArrival) }

    private func writeLog(of caseID: CaseID, _ bytes: [UInt8], through lastArrival: UInt64) throws {
        let statement = try logStatement ?? DirectStatement(db, sql: """
            INSERT INTO case_logs (case_id, log) VALUES (?, ?) ON CONFLICT (case_id) DO UPDATE SET log = excluded.log
            """)
        logStatement = statement
        statement.bind(1, caseID.rawValue)
        statement.bind(2, blob: bytes)
        try statement.run()
        if let arrivals = pending[caseID], arrivals.last <= lastArrival { pending[caseID] = nil }
    }

    override func pendingArrivals(of caseID: CaseID) -> [UInt64] { pending[caseID]?.all ?? [] }

    /// Before the commit: compiles the events admitted in this transaction into the logs of
    /// the cases whose log was not written with them (the daemon writes them itself).
    func finish() throws {
        guard !pending.isEmpty else { return }
        for caseID in pending.keys.sorted() {
            var log = try StoredCase.decodedLog(caseLog(of: caseID), of: caseID)
            let held = Set(log.arrivals)
            for text in try eventTexts(pendingArrivals(of: caseID).filter { !held.contains($0) }, of: caseID) {
                log.append(try text.parsed(with: parser).event, arrival: text.arrival)
            }
            try writeLog(of: caseID, log.encoded(), through: log.lastArrival)
        }
    }

    func recordFile(sha256: String, name: String, applied: Int, rejected: Int, at: Instant) throws {
        let statement = try DirectStatement(db, sql: """
            INSERT INTO files (sha256, name, processed_at_us, events_applied, lines_rejected) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING
            """)
        statement.bind(1, sha256)
        statement.bind(2, name)
        statement.bind(3, at.microseconds)
        statement.bind(4, Int64(applied))
        statement.bind(5, Int64(rejected))
        try statement.run()
    }

    func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}
