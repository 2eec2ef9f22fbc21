@testable import ArrearsEngine
@testable import ArrearsStore
import Foundation
import GRDB
import Testing

/// The stored queue line heads (`queue_lines`, one row per open item that has one, keyed by
/// the item's `work_items.item`), kept in step with the items and read back in queue order.
@Suite struct QueueLineStoreTests {
    /// Every line the store yields for the queue, in order, with the rendered ones marked.
    private func queueLines(_ store: StateStore) throws -> [String] {
        try store.read { r in
            var lines: [String] = []
            try r.forEachQueueLineHead(render: { "rendered \($0.id)" }) { position, head in
                lines.append("\(position.caseID)/\(position.action): " + String(decoding: head, as: UTF8.self))
            }
            return lines
        }
    }

    /// The rows of `queue_lines` as `id line`, by item id.
    private func lineRows(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: """
                SELECT w.id || ' ' || q.line FROM queue_lines q LEFT JOIN work_items w ON w.item = q.item ORDER BY w.id
                """)
        }
    }

    @Test func linesFollowTheirItemsThroughOpenUpdateWithdrawAndClose() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let at = instant("2026-11-23T09:14:02+01:00")
        let a = sampleItem(case: "C1", action: "call"), b = sampleItem(case: "C2", action: "sms"), c = sampleItem(case: "C3", action: "letter")
        try store.write { w in try w.apply(opening(a, b, c), at: at, queueLine: { "line of \($0.id)" }) }
        #expect(try lineRows(dir.storePath) == ["C1/call/1 line of C1/call/1", "C2/sms/1 line of C2/sms/1", "C3/letter/1 line of C3/letter/1"])

        var later = b
        later.priority = 90
        later.updated = instant("2026-11-24T09:00:00+01:00")
        var change = Reconciliation()
        change.updated = [(b, later)]
        change.withdrawn = [(c, "rule no longer fires")]
        try store.write { w in try w.apply(change, at: at, queueLine: { "new line of \($0.id) at \($0.priority)" }) }
        #expect(try lineRows(dir.storePath) == ["C1/call/1 line of C1/call/1", "C2/sms/1 new line of C2/sms/1 at 90"])
        // In queue order: the raised item first.
        #expect(try queueLines(store) == ["C2/sms: new line of C2/sms/1 at 90", "C1/call: line of C1/call/1"])

        let closed = try store.write { w in try w.closeItem(a.id, at: at, outcome: .done) }
        #expect(closed?.priority == 57)
        #expect(try lineRows(dir.storePath) == ["C2/sms/1 new line of C2/sms/1 at 90"])
        // An item updated without a line loses its stored one and is rendered for the queue.
        var again = later
        again.priority = 91
        change = Reconciliation()
        change.updated = [(later, again)]
        try store.write { w in try w.apply(change, at: at) }
        #expect(try lineRows(dir.storePath).isEmpty)
        #expect(try queueLines(store) == ["C2/sms: rendered C2/sms/1"])
        // Rendering every open item's line again stores them.
        try store.write { w in try w.renderQueueLines { "again \($0.id)" } }
        #expect(try lineRows(dir.storePath) == ["C2/sms/1 again C2/sms/1"])
        let lengths = try store.read { r in
            var lengths: [Int?] = []
            try r.forEachQueuePosition { _, bytes in lengths.append(bytes) }
            return lengths
        }
        #expect(lengths == ["again C2/sms/1".utf8.count])
    }

    @Test func aVersionSixStoreGetsItsLinesMovedToTheirOwnTableWhenOpened() throws {
        let dir = TempDir()
        // A store as arrearsd wrote it before `queue_lines`: schema v6, each open item's line
        // in its `work_items` row; ended items without one, one open item without one.
        try writeStore(at: dir.storePath, upTo: "v6") { db in
            for (caseID, action, number, status, priority, line) in [
                ("C1", "call", 1, "closed", 50, nil), ("C1", "call", 2, "open", 50, "line C1 call"),
                ("C2", "sms", 1, "withdrawn", 70, nil), ("C2", "sms", 2, "open", 70, "line C2 sms"),
                ("C3", "letter", 1, "open", 60, nil), ("C4", "call", 1, "open", 40, "line C4 call"),
            ] as [(String, String, Int, String, Int, String?)] {
                try db.execute(sql: """
                    INSERT INTO work_items (id, case_id, action, number, status, kind, priority, due_us, rules, reasons, tags, notes,
                                            arrears_amount, arrears_days, opened_us, updated_us, line, line_bytes)
                    VALUES (?, ?, ?, ?, ?, 'pressure', ?, 0, '["r"]', '[]', '[]', '[]', '1.00', 1, 0, 0, ?, length(CAST(? AS BLOB)))
                    """, arguments: ["\(caseID)/\(action)/\(number)", caseID, action, number, status, priority, line, line])
            }
        }
        let store = try StateStore(path: dir.storePath)
        #expect(try queueLines(store) == ["C2/sms: line C2 sms", "C3/letter: rendered C3/letter/1", "C1/call: line C1 call", "C4/call: line C4 call"])
        #expect(try lineRows(dir.storePath) == ["C1/call/2 line C1 call", "C2/sms/2 line C2 sms", "C4/call/1 line C4 call"])
        let columns = try DatabaseQueue(path: dir.storePath).read { db in try db.columns(in: "work_items").map(\.name) }
        #expect(columns.first == "item")
        #expect(!columns.contains("line"))
        // Every item kept its id, status and fields; the ended ones too.
        try store.read { (r) throws in
            #expect(try r.storedItem(WorkItemID("C1/call/1")!)?.status == .closed)
            #expect(try r.storedItem(WorkItemID("C2/sms/1")!)?.status == .withdrawn)
            #expect(try r.storedItem(WorkItemID("C3/letter/1")!)?.item.priority == 60)
            #expect(try r.openItems(of: "C1").map(\.id.description) == ["C1/call/2"])
            #expect(try r.storedCases(["C1", "C2", "C3", "C4"]).map { try $0.decodedOpenItems().map(\.id.description) }
                    == [["C1/call/2"], ["C2/sms/2"], ["C3/letter/1"], ["C4/call/1"]])
        }
        // The indexes are back, and the queue is read from the queue index.
        let indexes = try DatabaseQueue(path: dir.storePath).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'work_items' AND sql IS NOT NULL ORDER BY name")
        }
        #expect(indexes == ["work_items_open", "work_items_queue"])
        // Items opened after the upgrade get keys after the copied ones, and lines of their own.
        try store.write { w in try w.apply(opening(sampleItem(case: "C5", action: "sms")), at: instant("2026-11-23T09:14:02+01:00"), queueLine: { "line of \($0.id)" }) }
        #expect(try lineRows(dir.storePath).last == "C5/sms/1 line of C5/sms/1")
    }
}
