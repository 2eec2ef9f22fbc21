import ArrearsEngine
import GRDB

extension SQLiteWriter {
    func renderQueueLines(_ render: (WorkItem) -> String) throws {
        let statement = try db.cachedStatement(sql: "SELECT \(WorkItemRow.columns) FROM work_items WHERE status = 'open'")
        let items = try WorkItemRow.decodeAll(Row.fetchCursor(statement))
        let update = try DirectStatement(db, sql: "UPDATE work_items SET line = ? WHERE id = ?")
        for item in items {
            update.bind(1, render(item))
            update.bind(2, item.id.description)
            try update.run()
        }
    }
}
