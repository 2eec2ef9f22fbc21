import ArrearsEngine
import GRDB
import Synchronization

/// The durable state of the daemon in one SQLite file (`DIR/state.sqlite`), through GRDB.
///
/// The daemon opens it with ``init(path:parser:)``: one connection, the only writer, in WAL
/// mode, so that read-only CLI commands (``openReadOnly(path:parser:)``) can read the last
/// committed state while it writes. See ``Durability`` for `PRAGMA synchronous`.
public final class StateStore: StateStoring {
    /// `state.sqlite` in a data directory.
    public static let fileName = "state.sqlite"

    private let database: DatabaseQueue
    /// Checkpoints the WAL off the writer's thread (writing stores only).
    private let checkpointer: Checkpointer?
    private let parser: EventParser
    public let isReadOnly: Bool
    /// Cases known to have a committed `cases` row, so that admitting an event of a known
    /// case writes no case row. Grows only after a commit; a cache, emptied when it would
    /// pass ``knownCasesLimit`` (a million case ids would take about 50 MB).
    private let knownCases = Mutex<Set<CaseID>>([])
    /// Case ids kept in ``knownCases`` at most.
    static let knownCasesLimit = 200_000

    /// Opens (creating if needed) and migrates the store for writing.
    /// - Parameter parser: re-parses stored raw event text; pass the daemon's parser so that
    ///   checks that depend on the calendar (`until`) agree with the ones made on arrival.
    ///   - durability: `.full` (the default) unless the caller accepts losing the last batches on power loss.
    public init(path: String, parser: EventParser = EventParser(), durability: Durability = .full) throws {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // 16 KiB pages for a new store (an existing one keeps its own): fewer pages to
            // split and write per batch, and a case log of up to 4 KB stays on its page.
            try db.execute(sql: "PRAGMA page_size = 16384")
            // 64 MiB page cache: the event id index of a few million events stays in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // The ``Checkpointer`` checkpoints as commits add up; the writer itself only when
            // the WAL reaches 256 MiB (a backstop, when the checkpointer cannot keep up). The
            // WAL is cut back to 64 MiB when it starts over.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 65536; PRAGMA journal_size_limit = 67108864")
        }
        database = try DatabaseQueue(path: path, configuration: config)
        // GRDB's WAL set-up chose NORMAL; one connection, so this holds for every transaction.
        try database.writeWithoutTransaction { db in
            try db.execute(sql: durability == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        }
        self.parser = parser
        isReadOnly = false
        let migrator = Schema.migrator(parser: parser)
        try database.read { db in
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.schemaMismatch("\(path) was written by a newer arrearsd (unknown schema migrations)")
            }
        }
        try migrator.migrate(database)
        checkpointer = try Checkpointer(path: path)
    }

    private init(readOnly database: DatabaseQueue, parser: EventParser) {
        self.database = database
        self.parser = parser
        isReadOnly = true
        checkpointer = nil
    }

    /// Opens an existing store read-only (for `explain`, `queue`, …). SQLite refuses every
    /// write through it; it sees each transaction the writer has committed.
    public static func openReadOnly(path: String, parser: EventParser = EventParser()) throws -> StateStore {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        let database = try DatabaseQueue(path: path, configuration: config)
        let migrator = Schema.migrator(parser: parser)
        try database.read { db in
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.schemaMismatch("\(path) was written by a newer arrearsd (unknown schema migrations)")
            }
            if try !migrator.hasCompletedMigrations(db) {
                throw StoreError.schemaMismatch("\(path) is not an arrearsd state file or is not yet migrated; start the daemon once")
            }
        }
        return StateStore(readOnly: database, parser: parser)
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteReader(db, parser: parser)) }
    }

    /// Waits for a checkpoint under way (for tests and benchmarks that look at the files).
    public func waitForCheckpoint() { checkpointer?.wait() }

    public func releaseMemory() throws {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA shrink_memory") }
    }

    public func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T {
        let known = knownCases.withLock { $0 }
        var added: Set<CaseID> = []
        var changed = 0
        let result = try database.write { db in
            let before = db.totalChangesCount
            let writer = SQLiteWriter(db, parser: parser, knownCases: known)
            let result = try body(writer)
            try writer.finish()
            added = writer.addedCases
            changed = db.totalChangesCount - before
            return result
        }
        // Committed: checkpoint it off this thread, and remember its cases (a rolled-back
        // transaction never gets here).
        checkpointer?.committed(changing: changed)
        if !added.isEmpty {
            knownCases.withLock { known in
                if known.count + added.count > Self.knownCasesLimit { known = [] }
                if added.count <= Self.knownCasesLimit { known.formUnion(added) }
            }
        }
        return result
    }
}

/// How hard a commit insists on reaching the disk (`PRAGMA synchronous` in WAL mode).
///
/// Either way a commit is atomic, and a killed process (SIGKILL, crash) loses nothing it
/// committed, because the OS still holds the written pages.
public enum Durability: Sendable {
    /// `FULL`: each commit fsyncs the WAL, so a committed batch survives a power loss too.
    /// The daemon commits one transaction per inbox batch, so this costs one fsync per batch.
    case full
    /// `NORMAL`: the WAL is fsynced only at checkpoints; a power loss may roll back the last
    /// committed transactions. Acceptable with WAL when the inbox files of those batches are
    /// not yet archived (they would be read again); used by benchmarks and tests.
    case normal
}
