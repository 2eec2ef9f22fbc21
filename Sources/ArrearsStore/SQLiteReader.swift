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
        let statement = try db.cachedStatement(sql: "SELECT arrival, id, raw FROM events WHERE case_id = ? ORDER BY arrival")
        var result: [SequencedEvent] = []
        let rows = try Row.fetchCursor(statement, arguments: [caseID.rawValue])
        while let row = try rows.next() {
            let arrival: Int64 = row[0]
            result.append(SequencedEvent(try parse(id: row[1], raw: row[2]), arrival: UInt64(arrival)))
        }
        return result
    }

    func event(id: EventID) throws -> Event? {
        let statement = try db.cachedStatement(sql: "SELECT raw FROM events WHERE id = ?")
        guard let raw = try String.fetchOne(statement, arguments: [id.rawValue]) else { return nil }
        return try parse(id: id.rawValue, raw: raw)
    }

    /// Re-parses stored raw text.
    func parse(id: String, raw: String) throws -> Event {
        do {
            return try parser.parse(line: raw)
        } catch {
            throw StoreError.unreadableEvent(id: id, problem: error.description)
        }
    }

    func openItems(of caseID: CaseID) throws -> [WorkItem] {
        let statement = try db.cachedStatement(sql: "SELECT \(WorkItemRow.columns) FROM work_items WHERE case_id = ? AND status = 'open'")
        return try WorkItemRow.decodeAll(Row.fetchCursor(statement, arguments: [caseID.rawValue])).sorted(by: WorkItem.queueOrder)
    }

    func allOpenItems() throws -> [WorkItem] {
        let statement = try db.cachedStatement(sql: "SELECT \(WorkItemRow.columns) FROM work_items WHERE status = 'open'")
        return try WorkItemRow.decodeAll(Row.fetchCursor(statement)).sorted(by: WorkItem.queueOrder)
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
        let statement = try db.cachedStatement(sql: "SELECT action, max(number) FROM work_items WHERE case_id = ? GROUP BY action")
        var result: [String: Int] = [:]
        let rows = try Row.fetchCursor(statement, arguments: [caseID.rawValue])
        while let row = try rows.next() { result[row[0]] = row[1] }
        return result
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
