import ArrearsEngine
import GRDB

/// Reads for evaluating many cases and writing the queue file, stepped through SQLite directly.
extension SQLiteReader {
    func storedCase(_ caseID: CaseID) throws -> StoredCase {
        var result = StoredCase()
        let row = try DirectStatement(db, sql: """
            SELECT c.next_wake_us, l.log FROM cases c LEFT JOIN case_logs l ON l.case_id = c.case_id WHERE c.case_id = ?
            """)
        row.bind(1, caseID.rawValue)
        try row.forEachRow { result = StoredCase(wakeAndLog: $0, from: 0) }
        result.itemRows = try openItemRows(of: caseID)
        result.numbers = try numberRows(of: caseID)
        return result
    }

    func storedCases(_ ids: [CaseID]) throws -> [StoredCase] {
        guard let first = ids.first, let last = ids.last, ids.count > 1 else { return try ids.map { try storedCase($0) } }
        // Range scans read every case between the first and the last id: worth it when the
        // ids are most of them (a bulk import), not when they are scattered.
        let spanned = try DirectStatement(db, sql: "SELECT count(*) FROM cases WHERE case_id BETWEEN ? AND ?")
        spanned.bind(1, first.rawValue)
        spanned.bind(2, last.rawValue)
        var count = 0
        try spanned.forEachRow { count = Int($0.int64(0)) }
        guard count <= 4 * ids.count else { return try ids.map { try storedCase($0) } }
        return try storedCases(ids, from: first, through: last)
    }

    func caseIDs(after: CaseID?, limit: Int) throws -> [CaseID] {
        let statement = try DirectStatement(db, sql: "SELECT case_id FROM cases WHERE case_id > ? ORDER BY case_id LIMIT ?")
        statement.bind(1, after?.rawValue ?? "")
        statement.bind(2, Int64(limit))
        var ids: [CaseID] = []
        try statement.forEachRow { ids.append(CaseID(rawValue: $0.text(0))) }
        return ids
    }

    /// ``storedCase(_:)`` for each of `ids` (unique, byte-wise order, from `first` through
    /// `last`), in four range scans. Each scan yields its rows in case order, so they are
    /// merged into the result by walking `ids` alongside (rows of other cases are skipped):
    /// no dictionary of cases, and case ids are compared on their bytes, not made into strings.
    private func storedCases(_ ids: [CaseID], from first: CaseID, through last: CaseID) throws -> [StoredCase] {
        var result = [StoredCase](repeating: StoredCase(), count: ids.count)
        // A cursor, not a local function over a captured position: a local function's captures
        // are checked for exclusive access at run time, at every row.
        var cursor = CaseCursor(ids)
        // The wake-ups and the logs in two range scans, not a join: the join looked up each
        // case's log in its b-tree (0.54 s for 908k cases in the sqlite3 shell, against 0.2 s
        // for the two scans).
        let wakes = try DirectStatement(db, sql: "SELECT case_id, next_wake_us FROM cases WHERE case_id BETWEEN ? AND ? ORDER BY case_id")
        wakes.bind(1, first.rawValue)
        wakes.bind(2, last.rawValue)
        try wakes.forEachRow { row in
            if let at = cursor.slot(row.bytes(0)), !row.isNull(1) { result[at].nextWake = Instant(microseconds: row.int64(1)) }
        }
        cursor = CaseCursor(ids)
        let logs = try DirectStatement(db, sql: "SELECT case_id, log FROM case_logs WHERE case_id BETWEEN ? AND ? ORDER BY case_id")
        logs.bind(1, first.rawValue)
        logs.bind(2, last.rawValue)
        try logs.forEachRow { row in
            if let at = cursor.slot(row.bytes(0)) { result[at].log = Array(row.blob(1)) }
        }
        cursor = CaseCursor(ids)
        let items = try DirectStatement(db, sql: """
            SELECT \(WorkItemRow.columns), case_id FROM work_items INDEXED BY work_items_open
            WHERE case_id BETWEEN ? AND ? AND status = 'open' ORDER BY case_id
            """)
        items.bind(1, first.rawValue)
        items.bind(2, last.rawValue)
        // Every item row of the chunk in one arena; each case keeps its run of rows (the rows
        // come in case order, so a case's rows are consecutive).
        var arena = ItemRowArena.Builder(columns: WorkItemRow.columnCount)
        var runs: [(at: Int, rows: Range<Int>)] = []
        try items.forEachRow { row in
            // The case id follows the item's columns.
            guard let at = cursor.slot(row.bytes(WorkItemRow.columnCount)) else { return }
            let index = arena.append(row)
            if let last = runs.last, last.at == at {
                runs[runs.count - 1].rows = last.rows.lowerBound..<(index + 1)
            } else {
                runs.append((at, index..<(index + 1)))
            }
        }
        let finished = arena.finished()
        for run in runs { result[run.at].itemRows = ItemRows(arena: finished, rows: run.rows) }
        cursor = CaseCursor(ids)
        let numbers = try DirectStatement(db, sql: """
            SELECT case_id, action, number FROM item_numbers WHERE case_id BETWEEN ? AND ? ORDER BY case_id
            """)
        numbers.bind(1, first.rawValue)
        numbers.bind(2, last.rawValue)
        // Each case's numbers are gathered in `run` and given to the case in one array of
        // their count (appending to the case's own array would allocate it two or three times).
        var actions = ActionNames()
        var run: [(action: String, number: Int)] = []
        var runCase: Int?
        try numbers.forEachRow { row in
            guard let at = cursor.slot(row.bytes(0)) else { return }
            if at != runCase {
                if let previous = runCase { result[previous].numbers = Array(run[...]) }
                run.removeAll(keepingCapacity: true)
                runCase = at
            }
            run.append((actions.name(row.bytes(1)), Int(row.int64(2))))
        }
        if let last = runCase { result[last].numbers = Array(run[...]) }
        return result
    }

    func forEachQueueLineHead(render: (WorkItem) -> String,
                              _ body: (_ position: QueuePosition, _ head: UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        // In queue order from the queue index; each line is read from its row.
        let statement = try DirectStatement(db, sql: """
            SELECT priority, due_us, case_id, action, line, rowid FROM work_items WHERE status = 'open'
            ORDER BY priority DESC, due_us, case_id, action
            """)
        let idOfRow = try DirectStatement(db, sql: "SELECT id FROM work_items WHERE rowid = ?")
        var actions = ActionNames()
        try statement.forEachRow { row in
            let position = actions.position(row)
            if !row.isNull(4) { return try body(position, row.bytes(4)) }
            idOfRow.bind(1, row.int64(5))
            let text = try idOfRow.firstText() ?? ""
            guard let id = WorkItemID(text), let stored = try storedItem(id) else {
                throw StoreError.corruptRow(table: "work_items", key: text, problem: "id is not CASE/ACTION/N")
            }
            var head = render(stored.item)
            try head.withUTF8 { try body(position, $0) }
        }
    }

    func forEachQueuePosition(_ body: (_ position: QueuePosition, _ headBytes: Int?) throws -> Void) throws {
        let statement = try DirectStatement(db, sql: """
            SELECT priority, due_us, case_id, action, line_bytes FROM work_items WHERE status = 'open'
            ORDER BY priority DESC, due_us, case_id, action
            """)
        var actions = ActionNames()
        try statement.forEachRow { row in try body(actions.position(row), row.isNull(4) ? nil : Int(row.int64(4))) }
    }
}

/// Action names read from the store, one String per distinct name, shared by every queue
/// position or item number read with it (the caller may keep a million of them).
private struct ActionNames {
    private var names: [String] = []

    /// The position in columns 0–3 (priority, due_us, case_id, action).
    mutating func position(_ row: DirectRow) -> QueuePosition {
        QueuePosition(priority: Int(row.int64(0)), due: Instant(microseconds: row.int64(1)),
                      caseID: CaseID(rawValue: row.text(2)), action: name(row.bytes(3)))
    }

    /// The name whose bytes these are, one string per distinct name.
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let known = names.first(where: { ByteOrder.compare($0, bytes) == 0 }) { return known }
        names.append(String(decoding: bytes, as: UTF8.self))
        return names[names.count - 1]
    }
}

extension StoredCase {
    /// The next wake-up and the log of a row of `cases` joined with `case_logs`, in columns
    /// `first` and `first + 1`.
    init(wakeAndLog row: DirectRow, from first: Int32) {
        self.init()
        nextWake = row.isNull(first) ? nil : Instant(microseconds: row.int64(first))
        log = Array(row.blob(first + 1))
    }
}

/// Walks ids in byte-wise order alongside rows that come in the same order (rows of other
/// cases are skipped).
private struct CaseCursor {
    private let ids: [CaseID]
    private var k = 0

    init(_ ids: [CaseID]) { self.ids = ids }

    /// The position in the ids of the case whose id is `bytes` (or nil), from the last one on.
    mutating func slot(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        while k < ids.count {
            let order = ByteOrder.compare(ids[k].rawValue, bytes)
            if order >= 0 { return order == 0 ? k : nil }
            k += 1
        }
        return nil
    }
}
