import ArrearsEngine

extension SQLiteWriter {
    func renderQueueLines(_ render: (WorkItem) -> String) throws {
        let items = try allOpenItems()
        let update = try DirectStatement(db, sql: "UPDATE work_items SET line = ?, line_bytes = ? WHERE id = ?")
        for item in items {
            let line = render(item)
            update.bind(1, line)
            update.bind(2, Int64(line.utf8.count))
            update.bind(3, item.id.description)
            try update.run()
        }
    }
}
