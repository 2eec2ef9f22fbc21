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
        try eventTexts(of: caseID, arrivalBelow: nil).map { try $0.parsed(with: parser) }
    }

    func event(id: EventID) throws -> Event? {
        let statement = try db.cachedStatement(sql: "SELECT raw FROM events WHERE id = ?")
        guard let raw = try String.fetchOne(statement, arguments: [id.rawValue]) else { return nil }
        return try StoredEventText(arrival: 0, id: id.rawValue, raw: raw).parsed(with: parser).event
    }

    /// The stored text of a case's events admitted before `arrivalBelow` (all when nil), in arrival order.
    func eventTexts(of caseID: CaseID, arrivalBelow: UInt64?) throws -> [StoredEventText] {
        let statement = try DirectStatement(db, sql: "SELECT arrival, id, raw FROM events WHERE case_id = ? AND arrival < ? ORDER BY arrival")
        statement.bind(1, caseID.rawValue)
        statement.bind(2, Int64(clamping: arrivalBelow ?? UInt64(Int64.max)))
        var texts: [StoredEventText] = []
        try statement.forEachRow { texts.append(StoredEventText(arrival: UInt64($0.int64(0)), id: $0.text(1), raw: $0.text(2))) }
        return texts
    }

    func openItems(of caseID: CaseID) throws -> [WorkItem] {
        let statement = try DirectStatement(db, sql: "SELECT \(WorkItemRow.columns) FROM work_items WHERE case_id = ? AND status = 'open'")
        statement.bind(1, caseID.rawValue)
        var items: [WorkItem] = []
        try statement.forEachRow { items.append(try WorkItemRow.decode(columns: $0)) }
        return items.sorted(by: WorkItem.queueOrder)
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
        let statement = try DirectStatement(db, sql: "SELECT action, max(number) FROM work_items WHERE case_id = ? GROUP BY action")
        statement.bind(1, caseID.rawValue)
        var result: [String: Int] = [:]
        try statement.forEachRow { result[$0.text(0)] = Int($0.int64(1)) }
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
