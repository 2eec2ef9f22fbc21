@testable import ArrearsEngine
@testable import ArrearsStore
import Foundation
import GRDB
import Testing

/// Each case's log (its events compiled for folding) kept by the store: written by the
/// daemon with the batch's events, or compiled by the store itself before the commit.
@Suite struct CaseLogStoreTests {
    @Test func eventsAdmittedWithoutALogAreCompiledBeforeTheCommit() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { (w) throws in
            _ = try w.admit([try invoice("i1"), try payment("p1", case: "C2"), try payment("p2", at: "2026-02-20T09:00:00+01:00")])
            // Inside the transaction the stored log is still the old (empty) one; events(of:) sees the new events.
            #expect(try w.storedCase("C1").log.isEmpty)
            #expect(try w.events(of: "C1").map(\.event.id) == ["i1", "p2"])
        }
        try store.read { (r) throws in
            let log = try r.storedCase("C1").decodedLog(of: "C1")
            // Admitted in case order (i1 1, p2 2, then C2's p1 3); in fold order the payment
            // of 20 February comes before the invoice of 1 March.
            #expect(log.arrivals == [2, 1])
            #expect(try r.storedCase("C2").decodedLog(of: "C2").arrivals == [3])
            #expect(try r.events(of: "C1").map(\.arrival) == [1, 2])
        }
        // A later transaction appends to the stored log.
        try store.write { w in _ = try w.admit([try payment("p3", at: "2026-03-05T09:00:00+01:00")]) }
        let log = try store.read { try $0.storedCase("C1").decodedLog(of: "C1") }
        #expect(log.arrivals == [2, 1, 4])
        let state = log.state(at: instant("2026-03-20T09:00:00+01:00"))
        #expect(state.invoice("I1")?.remaining.formatted(decimals: 2) == "100.00")
    }

    @Test func aLogWrittenWithTheEventsIsStoredAsWritten() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { (w) throws in
            let events = [try invoice("i1"), try payment("p1")]
            let results = try w.admit(events)
            var log = try w.storedCase("C1").decodedLog(of: "C1")
            for (event, result) in zip(events, results) {
                guard case .accepted(let arrival) = result else { Issue.record("not accepted: \(result)"); return }
                log.append(event, arrival: arrival)
            }
            try w.setLog(of: "C1", EncodedCaseLog(log))
        }
        let stored = try store.read { try $0.storedCase("C1") }
        var expected = CaseLog()
        expected.append(try invoice("i1"), arrival: 1)
        expected.append(try payment("p1"), arrival: 2)
        #expect(stored.log == expected.encoded())
    }

    @Test func aDamagedLogIsACorruptRowNamingTheCase() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit([try invoice("i1")]) }
        let queue = try DatabaseQueue(path: dir.storePath)
        try queue.write { db in try db.execute(sql: "UPDATE case_logs SET log = x'0900' WHERE case_id = 'C1'") }
        #expect(throws: StoreError.corruptRow(table: "cases", key: "C1", problem: "case log: unknown version 9")) {
            try store.read { try $0.storedCase("C1").decodedLog(of: "C1") }
        }
        #expect(throws: StoreError.corruptRow(table: "cases", key: "C1", problem: "case log: unknown version 9")) {
            try store.read { try $0.events(of: "C1") }
        }
    }

    @Test func aVersionTwoStoreGetsItsLogsCompiledWhenOpened() throws {
        let dir = TempDir()
        // A store as arrearsd wrote it before case logs: schema v2, events with the case index.
        try writeStore(at: dir.storePath, upTo: "v2") { db in
            for (arrival, e) in [try invoice("i1"), try payment("p1", case: "C2"), try payment("p2", at: "2026-02-20T09:00:00+01:00")].enumerated() {
                try db.execute(sql: "INSERT INTO events (arrival, id, case_id, at_us, raw) VALUES (?, ?, ?, ?, ?)",
                               arguments: [arrival + 1, e.id.rawValue, e.caseID.rawValue, e.at.microseconds, e.raw])
                try db.execute(sql: "INSERT INTO cases (case_id, next_wake_us) VALUES (?, 5) ON CONFLICT DO NOTHING",
                               arguments: [e.caseID.rawValue])
            }
        }
        let store = try StateStore(path: dir.storePath)
        try store.read { (r) throws in
            #expect(try r.storedCase("C1").decodedLog(of: "C1").arrivals == [3, 1])
            #expect(try r.storedCase("C1").nextWake == Instant(microseconds: 5))
            #expect(try r.storedCase("C2").decodedLog(of: "C2").arrivals == [2])
            #expect(try r.events(of: "C1").map(\.event.id) == ["i1", "p2"])
        }
        let indexes = try DatabaseQueue(path: dir.storePath).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'work_items') AND sql IS NOT NULL ORDER BY name")
        }
        #expect(indexes == ["work_items_open", "work_items_queue"])
    }

    @Test func eventsOfAnOlderStoreMoveIntoBlocksWhenOpened() throws {
        let dir = TempDir()
        // Events a row each (schema before v7): runs of consecutive arrivals of one case
        // become one block each, and every id stays the idempotency key of its event.
        let stored = [try invoice("i1"), try payment("p1"), try payment("p2", case: "C2"), try payment("p3", at: "2026-02-20T09:00:00+01:00")]
        try writeStore(at: dir.storePath, upTo: "v2") { db in
            for (arrival, e) in stored.enumerated() {
                try db.execute(sql: "INSERT INTO events (arrival, id, case_id, at_us, raw) VALUES (?, ?, ?, ?, ?)",
                               arguments: [arrival + 1, e.id.rawValue, e.caseID.rawValue, e.at.microseconds, e.raw])
                try db.execute(sql: "INSERT INTO cases (case_id) VALUES (?) ON CONFLICT DO NOTHING", arguments: [e.caseID.rawValue])
            }
        }
        let store = try StateStore(path: dir.storePath)
        try store.read { (r) throws in
            #expect(try r.events(of: "C1").map(\.arrival) == [1, 2, 4])
            #expect(try r.events(of: "C1").map(\.event) == [stored[0], stored[1], stored[3]])
            #expect(try r.events(of: "C2").map(\.event.raw) == [stored[2].raw])
            #expect(try r.event(id: "p2")?.raw == stored[2].raw)
        }
        let (blocks, tables) = try DatabaseQueue(path: dir.storePath).read { db in
            (try Int64.fetchAll(db, sql: "SELECT first_arrival FROM event_blocks ORDER BY first_arrival"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'event%' ORDER BY name"))
        }
        #expect(blocks == [1, 3, 4])
        #expect(tables == ["event_blocks", "event_ids"])
        let results = try store.write { w in
            try w.admit([try payment("p1"), try payment("p3", amount: "1.00", at: "2026-02-20T09:00:00+01:00"), try payment("p4", case: "C2")])
        }
        #expect(results == [.duplicate, .conflict(.eventIDReused("p3")), .accepted(arrival: 5)])
        try store.read { (r) throws in #expect(try r.events(of: "C2").map(\.arrival) == [3, 5]) }
    }

    @Test func aVersionFiveStoreGetsItsItemNumbersWhenOpened() throws {
        let dir = TempDir()
        // A store as arrearsd wrote it before `item_numbers`: schema v5, the highest
        // numbers only in `work_items` (open, closed and withdrawn items alike).
        try writeStore(at: dir.storePath, upTo: "v5") { db in
            for (caseID, action, number, status) in [("C1", "call", 1, "closed"), ("C1", "call", 3, "withdrawn"), ("C1", "call", 2, "closed"),
                                                     ("C1", "sms", 1, "open"), ("C2", "call", 7, "open"), ("C3", "letter", 2, "withdrawn")] {
                try db.execute(sql: """
                    INSERT INTO work_items (id, case_id, action, number, status, kind, priority, due_us, rules, reasons, tags, notes,
                                            arrears_amount, arrears_days, opened_us, updated_us)
                    VALUES (?, ?, ?, ?, ?, 'pressure', 50, 0, '[]', '[]', '[]', '[]', '1.00', 1, 0, 0)
                    """, arguments: ["\(caseID)/\(action)/\(number)", caseID, action, number, status])
            }
        }
        let store = try StateStore(path: dir.storePath)
        try store.read { (r) throws in
            #expect(try r.highestNumbers(of: "C1") == ["call": 3, "sms": 1])
            #expect(try r.highestNumbers(of: "C2") == ["call": 7])
            #expect(try r.highestNumbers(of: "C3") == ["letter": 2])
            #expect(try r.highestNumbers(of: "C4").isEmpty)
        }
        // Items opened after the upgrade keep the numbers going.
        try store.write { w in try w.apply(opening(sampleItem(case: "C1", action: "call", number: 4), sampleItem(case: "C4", action: "sms", number: 1)), at: instant("2026-11-23T09:14:02+01:00")) }
        try store.read { (r) throws in
            #expect(try r.highestNumbers(of: "C1") == ["call": 4, "sms": 1])
            #expect(try r.highestNumbers(of: "C4") == ["sms": 1])
        }
    }

    @Test func casesReadTogetherAreTheCasesReadOneByOne() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let ids = (0..<40).map { "C" + String(repeating: "0", count: $0 < 10 ? 1 : 0) + "\($0)" }
        try store.write { (w) throws in
            _ = try w.admit(try ids.map { try invoice("i-\($0)", case: $0) })
            try w.apply(opening(sampleItem(case: "C03"), sampleItem(case: "C03", action: "sms", number: 2)), at: instant("2026-03-20T09:00:00+01:00"))
            try w.setNextWake(case: "C05", instant("2026-03-21T00:00:00+01:00"))
        }
        try store.read { (r) throws in
            // All of them and a dense few (range scans), two far apart and one (one by one), none.
            for wanted in [ids, ["C03", "C05", "C06"], ["C00", "C39"], ["C03"], []] {
                let together = try r.storedCases(wanted.map(CaseID.init(rawValue:)))
                let single = try wanted.map { try r.storedCase(CaseID(rawValue: $0)) }
                #expect(together.map(\.log) == single.map(\.log), "\(wanted)")
                #expect(try together.map { try $0.decodedOpenItems() } == single.map { try $0.decodedOpenItems() }, "\(wanted)")
                #expect(together.map(\.highestNumbers) == single.map(\.highestNumbers), "\(wanted)")
                #expect(together.map(\.nextWake) == single.map(\.nextWake), "\(wanted)")
            }
            #expect(try r.storedCases(["C03"])[0].decodedOpenItems().count == 2)
            #expect(try r.storedCases(["C03", "C05"])[1].nextWake == instant("2026-03-21T00:00:00+01:00"))
        }
    }
}

/// Writes a store as an older arrearsd left it: the schema migrated up to `version`, then `body`.
private func writeStore(at path: String, upTo version: String, _ body: (Database) throws -> Void) throws {
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator(parser: EventParser()).migrate(queue, upTo: version)
    try queue.write(body)
}
