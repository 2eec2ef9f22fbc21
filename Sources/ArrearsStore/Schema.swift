import ArrearsEngine
import GRDB

/// The tables of `state.sqlite`, created and upgraded by a GRDB migrator.
///
/// Times are integer microseconds since the Unix epoch (`*_us`), money is exact decimal
/// text, lists are JSON arrays of strings. Text compares byte-wise (SQLite `BINARY`), as
/// case and action names must (SPEC §4.5 rule 8).
enum Schema {
    /// - Parameter parser: parses stored events where a migration compiles them.
    static func migrator(parser: EventParser) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            // `arrival` is the rowid: appends are cheap, and the `case_id` index, which
            // ends in the rowid, yields a case's events in arrival order without sorting.
            // `id` is unique across cases (the idempotency key).
            try db.execute(sql: """
                CREATE TABLE events (
                    arrival INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    case_id TEXT NOT NULL,
                    at_us INTEGER NOT NULL,
                    raw TEXT NOT NULL);
                CREATE INDEX events_case ON events(case_id);

                -- The first invoice event per (case, invoice): a second one is a conflict.
                CREATE TABLE invoices (
                    case_id TEXT NOT NULL,
                    invoice_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    PRIMARY KEY (case_id, invoice_id)) WITHOUT ROWID;

                CREATE TABLE work_items (
                    id TEXT PRIMARY KEY NOT NULL,
                    case_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'withdrawn')),
                    kind TEXT NOT NULL,
                    channel TEXT,
                    priority INTEGER NOT NULL,
                    due_us INTEGER NOT NULL,
                    contact_until_us INTEGER,
                    rules TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    arrears_amount TEXT NOT NULL,
                    arrears_days INTEGER NOT NULL,
                    opened_us INTEGER NOT NULL,
                    updated_us INTEGER NOT NULL,
                    ended_at_us INTEGER,
                    ended_why TEXT);
                CREATE INDEX work_items_status ON work_items(status);
                CREATE INDEX work_items_case ON work_items(case_id);

                -- WITHOUT ROWID: the next_wake index carries case_id, so due cases come
                -- out in (next_wake, case_id) order straight from the index.
                CREATE TABLE cases (
                    case_id TEXT PRIMARY KEY NOT NULL,
                    next_wake_us INTEGER) WITHOUT ROWID;
                CREATE INDEX cases_next_wake ON cases(next_wake_us);

                CREATE TABLE files (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    processed_at_us INTEGER NOT NULL,
                    events_applied INTEGER NOT NULL,
                    lines_rejected INTEGER NOT NULL);

                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v2") { db in
            // `line`: the item's queue line without its `ruleset` field, rendered when the item
            // is opened or updated, so the queue file is written without decoding items again.
            // NULL for rows written without one (they are rendered when the queue is written).
            // The partial index yields the open items in queue order (SPEC §5) and replaces
            // the status index (which the planner preferred, sorting the queue every time).
            try db.execute(sql: """
                ALTER TABLE work_items ADD COLUMN line TEXT;
                DROP INDEX work_items_status;
                CREATE INDEX work_items_queue ON work_items(priority DESC, due_us, case_id, action) WHERE status = 'open';
                """)
        }
        m.registerMigration("v3") { db in
            // `case_logs`: each case's events compiled for folding (``CaseLog``, binary), so
            // that evaluating a case reads one row and parses no JSON. A table of its own, so
            // that moving a case's next wake-up does not rewrite its log. Events are found per
            // case through the arrivals in its log, so the case index of `events` goes.
            // Items: the case index covers the highest number per action, and a partial index
            // finds a case's open items without visiting the ended ones.
            try db.execute(sql: """
                CREATE TABLE case_logs (
                    case_id TEXT PRIMARY KEY NOT NULL,
                    log BLOB NOT NULL) WITHOUT ROWID;
                DROP INDEX work_items_case;
                CREATE INDEX work_items_case ON work_items(case_id, action, number);
                CREATE INDEX work_items_open ON work_items(case_id) WHERE status = 'open';
                """)
            try compileLogs(db, parser: parser)
            try db.execute(sql: "DROP INDEX events_case")
        }
        m.registerMigration("v4") { db in
            // The queue index covers the stored lines: the queue file is written from the
            // index alone, in order, instead of looking up every open item's row.
            try db.execute(sql: """
                DROP INDEX work_items_queue;
                CREATE INDEX work_items_queue ON work_items(priority DESC, due_us, case_id, action, line) WHERE status = 'open';
                """)
        }
        m.registerMigration("v5") { db in
            // The queue index no longer covers the lines (v4): with them its entries were
            // about 550 bytes, and items, which are opened in case order but sit in the index
            // in queue order, were inserted all over an index larger than the page cache
            // (30 µs per item). A rebuild of the queue file now reads each line from its row.
            // The index holds each line's length in bytes instead (`line_bytes`), so that
            // where every line of a kept queue file lies is known from the index alone.
            try db.execute(sql: """
                DROP INDEX work_items_queue;
                ALTER TABLE work_items ADD COLUMN line_bytes INTEGER;
                UPDATE work_items SET line_bytes = length(CAST(line AS BLOB)) WHERE line IS NOT NULL;
                CREATE INDEX work_items_queue ON work_items(priority DESC, due_us, case_id, action, line_bytes) WHERE status = 'open';
                """)
        }
        m.registerMigration("v6") { db in
            // `item_numbers`: the highest number given to each case's items of each action
            // (numbers are never reused), kept as items are opened. Reading a case's numbers
            // reads one row per action instead of grouping all its items, which was a third of
            // reading a case for a re-evaluation. It replaces the case index of `work_items`,
            // which served only that.
            try db.execute(sql: """
                CREATE TABLE item_numbers (
                    case_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    PRIMARY KEY (case_id, action)) WITHOUT ROWID;
                INSERT INTO item_numbers (case_id, action, number)
                    SELECT case_id, action, max(number) FROM work_items GROUP BY case_id, action;
                DROP INDEX work_items_case;
                """)
        }
        m.registerMigration("v7") { db in
            // Events are stored a block per case per batch (``EventBlock``: the raw texts of
            // consecutive arrivals, keyed by the first) instead of a row each, and their ids in
            // an index of their own (the idempotency key, with the arrival it names). Storing
            // an event as a row of its own with its id, case and time was most of what a
            // batch import cost; the case and time were never read back (case logs hold them).
            // Consecutive arrivals of one case, which is what a batch stored, become one block.
            try db.execute(sql: """
                CREATE TABLE event_ids (
                    id TEXT PRIMARY KEY NOT NULL,
                    arrival INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE event_blocks (
                    first_arrival INTEGER PRIMARY KEY,
                    raws BLOB NOT NULL);
                INSERT INTO event_ids (id, arrival) SELECT id, arrival FROM events;
                """)
            try blockEvents(db)
            try db.execute(sql: "DROP TABLE events")
        }
        return m
    }

    /// Copies the `events` rows into `event_blocks`, a block per run of consecutive arrivals
    /// of one case (migration v7).
    private static func blockEvents(_ db: Database) throws {
        let events = try DirectStatement(db, sql: "SELECT arrival, case_id, raw FROM events ORDER BY arrival")
        let insert = try DirectStatement(db, sql: "INSERT INTO event_blocks (first_arrival, raws) VALUES (?, ?)")
        var current: (first: Int64, last: Int64, caseID: String, block: EventBlock)?
        func flush() throws {
            guard let current else { return }
            insert.bind(1, current.first)
            insert.bind(2, blob: current.block.bytes)
            try insert.run()
        }
        try events.forEachRow { row in
            let arrival = row.int64(0), caseID = row.text(1)
            if let c = current, c.caseID == caseID, arrival == c.last + 1 {
                current?.last = arrival
            } else {
                try flush()
                current = (arrival, arrival, caseID, EventBlock())
            }
            current?.block.append(row.text(2))
        }
        try flush()
    }

    /// Builds every case's log from its stored events (migration v3).
    private static func compileLogs(_ db: Database, parser: EventParser) throws {
        let events = try DirectStatement(db, sql: "SELECT case_id, arrival, id, raw FROM events ORDER BY case_id, arrival")
        let update = try DirectStatement(db, sql: "INSERT INTO case_logs (case_id, log) VALUES (?, ?)")
        var current: (id: String, log: CaseLog)?
        func flush() throws {
            guard let current else { return }
            update.bind(1, current.id)
            update.bind(2, blob: current.log.encoded())
            try update.run()
        }
        try events.forEachRow { row in
            let caseID = row.text(0)
            if current?.id != caseID {
                try flush()
                current = (caseID, CaseLog())
            }
            let text = StoredEventText(arrival: UInt64(row.int64(1)), raw: row.text(3))
            let event = try text.parsed(with: parser)
            current?.log.append(event.event, arrival: event.arrival)
        }
        try flush()
    }
}
