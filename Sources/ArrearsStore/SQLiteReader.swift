import ArrearsEngine
import GRDB

/// ``StoreReader`` on one GRDB connection, inside the transaction of one `read` or `write`.
class SQLiteReader: StoreReader {
    let db: Database
    let parser: EventParser

    init(_ db: Database, parser: EventParser) {
        self.db = db
        self.parser = parser
    }

    func events(of caseID: CaseID) throws -> [SequencedEvent] {
        try eventTexts(of: caseID).map { try $0.parsed(with: parser) }
    }

    func event(id: EventID) throws -> Event? {
        guard let arrival = try arrival(ofEvent: id) else { return nil }
        return try eventTexts([arrival], of: nil).first?.parsed(with: parser).event
    }

    /// The arrival number of the stored event with this id.
    func arrival(ofEvent id: EventID) throws -> UInt64? {
        let statement = try DirectStatement(db, sql: "SELECT arrival FROM event_ids WHERE id = ?")
        statement.bind(1, id.rawValue)
        var arrival: UInt64?
        try statement.forEachRow { arrival = UInt64(bitPattern: $0.int64(0)) }
        return arrival
    }

    /// The stored text of a case's events, in arrival order: the arrivals its log holds, and
    /// in a write those admitted since the log was written.
    func eventTexts(of caseID: CaseID) throws -> [StoredEventText] {
        let logged = try StoredCase.decodedLog(caseLog(of: caseID), of: caseID).arrivals
        return try eventTexts(Set(logged + pendingArrivals(of: caseID)).sorted(), of: caseID)
    }

    /// The stored text of the events with these arrivals, in increasing order (of `caseID`,
    /// named in errors). Each block is read once for the arrivals it holds.
    func eventTexts(_ arrivals: [UInt64], of caseID: CaseID?) throws -> [StoredEventText] {
        let statement = try DirectStatement(db, sql: """
            SELECT first_arrival, raws FROM event_blocks WHERE first_arrival <= ? ORDER BY first_arrival DESC LIMIT 1
            """)
        var texts: [StoredEventText] = []
        texts.reserveCapacity(arrivals.count)
        var block: (first: UInt64, texts: [String])?
        for arrival in arrivals {
            if block.map({ arrival < $0.first || arrival - $0.first >= UInt64($0.texts.count) }) ?? true {
                block = nil
                statement.bind(1, Int64(bitPattern: arrival))
                try statement.forEachRow { row in
                    let first = UInt64(bitPattern: row.int64(0))
                    guard let decoded = EventBlock.texts(row.blob(1)) else {
                        throw StoreError.corruptRow(table: "event_blocks", key: "\(first)", problem: "not a block of event texts")
                    }
                    block = (first, decoded)
                }
            }
            guard let block, arrival >= block.first, arrival - block.first < UInt64(block.texts.count) else {
                throw StoreError.corruptRow(table: caseID == nil ? "event_ids" : "cases", key: caseID?.rawValue ?? "\(arrival)",
                                            problem: "names event \(arrival), which is not stored")
            }
            texts.append(StoredEventText(arrival: arrival, raw: block.texts[Int(arrival - block.first)]))
        }
        return texts
    }

    /// The stored log of a case (``CaseLog/encoded()``), empty when it has none.
    func caseLog(of caseID: CaseID) throws -> [UInt8] {
        let statement = try DirectStatement(db, sql: "SELECT log FROM case_logs WHERE case_id = ?")
        statement.bind(1, caseID.rawValue)
        var bytes: [UInt8] = []
        try statement.forEachRow { bytes = Array($0.blob(0)) }
        return bytes
    }

    /// Arrivals of the case's events admitted in the running write and not yet in its stored log.
    func pendingArrivals(of caseID: CaseID) -> [UInt64] { [] }

    func openItems(of caseID: CaseID) throws -> [WorkItem] {
        var stored = StoredCase()
        stored.itemRows = try openItemRows(of: caseID)
        return try stored.decodedOpenItems()
    }

    /// The rows of a case's open items, copied out undecoded.
    func openItemRows(of caseID: CaseID) throws -> ItemRows {
        let statement = try DirectStatement(db, sql: "SELECT \(WorkItemRow.columns) FROM work_items INDEXED BY work_items_open WHERE case_id = ? AND status = 'open'")
        statement.bind(1, caseID.rawValue)
        var builder = ItemRowArena.Builder(columns: WorkItemRow.columnCount)
        try statement.forEachRow { _ = builder.append($0) }
        return ItemRows(arena: builder.finished(), rows: 0..<builder.rows)
    }

    func allOpenItems() throws -> [WorkItem] {
        var items: [WorkItem] = []
        try forEachOpenItem(limit: nil) { items.append($0) }
        return items
    }

    func forEachOpenItem(limit: Int?, _ body: (WorkItem) throws -> Void) throws {
        // The order of the queue index (`work_items_queue`), which SQLite walks for it.
        let statement = try DirectStatement(db, sql: """
            SELECT \(WorkItemRow.columns) FROM work_items WHERE status = 'open'
            ORDER BY priority DESC, due_us, case_id, action LIMIT ?
            """)
        statement.bind(1, Int64(limit ?? -1))
        let lists = ItemListCache()
        try statement.forEachRow { row in try body(try WorkItemRow.decode(columns: row, lists: lists)) }
    }

    func storedItem(_ id: WorkItemID) throws -> StoredItem? {
        let statement = try db.cachedStatement(sql: "SELECT \(WorkItemRow.columns), status, ended_at_us, ended_why FROM work_items WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id.description]) else { return nil }
        let statusText: String = row[14]
        guard let status = ItemStatus(rawValue: statusText) else {
            throw StoreError.corruptRow(table: "work_items", key: id.description, problem: "unknown status \(statusText)")
        }
        let endedAt: Int64? = row[15]
        return StoredItem(item: try WorkItemRow.decode(row), status: status, endedAt: endedAt.map(Instant.init(microseconds:)),
                          endedWhy: row[16])
    }

    func highestNumbers(of caseID: CaseID) throws -> [String: Int] {
        var stored = StoredCase()
        stored.numbers = try numberRows(of: caseID)
        return stored.highestNumbers
    }

    /// The case's rows of `item_numbers`: the highest number per action.
    func numberRows(of caseID: CaseID) throws -> [(action: String, number: Int)] {
        let statement = try DirectStatement(db, sql: "SELECT action, number FROM item_numbers WHERE case_id = ?")
        statement.bind(1, caseID.rawValue)
        var rows: [(action: String, number: Int)] = []
        try statement.forEachRow { rows.append(($0.text(0), Int($0.int64(1)))) }
        return rows
    }

    func casesDue(atOrBefore t: Instant, limit: Int) throws -> [CaseID] {
        let statement = try db.cachedStatement(sql: """
            SELECT case_id FROM cases WHERE next_wake_us IS NOT NULL AND next_wake_us <= ?
            ORDER BY next_wake_us, case_id LIMIT ?
            """)
        return try String.fetchAll(statement, arguments: [t.microseconds, limit]).map(CaseID.init(rawValue:))
    }

    func nextWake(of caseID: CaseID) throws -> Instant? {
        let statement = try db.cachedStatement(sql: "SELECT next_wake_us FROM cases WHERE case_id = ?")
        return try Int64?.fetchOne(statement, arguments: [caseID.rawValue])?.map(Instant.init(microseconds:)) ?? nil
    }

    func allCaseIDs() throws -> [CaseID] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT case_id FROM cases ORDER BY case_id")).map(CaseID.init(rawValue:))
    }

    var caseCount: Int {
        get throws { try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM cases")) ?? 0 }
    }

    var openItemCount: Int {
        get throws { try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM work_items WHERE status = 'open'")) ?? 0 }
    }

    func isFileProcessed(sha256: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM files WHERE sha256 = ?"), arguments: [sha256]) != nil
    }

    func meta(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }
}
