import ArrearsEngine

extension SQLiteWriter {
    func renderQueueLines(_ render: (WorkItem) -> String) throws {
        let items = try allOpenItems()
        let update = try DirectStatement(db, sql: "UPDATE work_items SET line_bytes = ? WHERE id = ? RETURNING item")
        let lines = try lines()
        for item in items {
            let line = render(item)
            update.bind(1, Int64(line.utf8.count))
            update.bind(2, item.id.description)
            guard let key = try update.returnedItem() else { throw StoreError.itemNotOpen(id: item.id.description, change: "render the line of") }
            try lines.set(line, of: key)
        }
    }
}
