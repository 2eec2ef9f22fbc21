import ArrearsEngine

extension SQLiteWriter {
    func renderQueueLines(_ render: (WorkItem) -> String) throws {
        let items = try allOpenItems()
        let update = try DirectStatement(db, sql: "UPDATE work_items SET line = ? WHERE id = ?")
        for item in items {
            update.bind(1, render(item))
            update.bind(2, item.id.description)
            try update.run()
        }
    }
}
