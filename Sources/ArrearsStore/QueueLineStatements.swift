import GRDB

/// Writes the queue line heads of `queue_lines`, each keyed by its item's `work_items.item`.
struct QueueLineStatements {
    private let upsert, delete: DirectStatement

    init(_ db: Database) throws {
        upsert = try DirectStatement(db, sql: """
            INSERT INTO queue_lines (item, line) VALUES (?, ?) ON CONFLICT (item) DO UPDATE SET line = excluded.line
            """)
        delete = try DirectStatement(db, sql: "DELETE FROM queue_lines WHERE item = ?")
    }

    /// Stores `line` as the line of item `key`, or removes its line when nil (the item is
    /// no longer open, or is stored without a line and rendered when the queue is written).
    func set(_ line: String?, of key: Int64) throws {
        if let line {
            upsert.bind(1, key)
            upsert.bind(2, line)
            try upsert.run()
        } else {
            delete.bind(1, key)
            try delete.run()
        }
    }
}

extension DirectStatement {
    /// Runs an `UPDATE … RETURNING item` and returns the key of the row it changed, if any.
    func returnedItem() throws -> Int64? {
        var key: Int64?
        try forEachRow { key = $0.int64(0) }
        return key
    }
}
