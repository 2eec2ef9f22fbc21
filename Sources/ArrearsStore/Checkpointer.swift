import Dispatch
import GRDB
import Synchronization

/// Checkpoints the WAL from a connection and a thread of its own, once enough rows changed.
///
/// A PASSIVE checkpoint copies the committed pages into the database file without blocking
/// the writer or the readers, so the writer's commit costs the WAL's fsync only, and the
/// copying and the database file's fsync run on another core while the daemon reads and
/// parses its next batch (a bulk import's transactions each left 0.5–0.7 s of checkpoint in
/// the commit). The writer's own automatic checkpoint stays, at a larger WAL, as a backstop.
/// A crash at any point of a checkpoint loses nothing: SQLite redoes it from the WAL.
final class Checkpointer: Sendable {
    private let database: DatabaseQueue
    private let queue = DispatchQueue(label: "arrearsd.checkpoint")
    /// A checkpoint has been asked for and has not started yet.
    private let pending = Atomic<Bool>(false)
    /// Rows changed by the commits since the last checkpoint was asked for.
    private let changedSince = Atomic<Int>(0)
    /// Rows changed that make a checkpoint worth its fsync: a bulk transaction passes it at
    /// once, while the small batches of an idle daemon gather a few megabytes of WAL first
    /// instead of adding a database fsync to each (and to the latency of each drop).
    static let rowsPerCheckpoint = 10_000

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: config)
    }

    /// After a commit that changed `rows` rows: starts a checkpoint once enough have changed.
    func committed(changing rows: Int) {
        let total = changedSince.add(rows, ordering: .relaxed).newValue
        guard total >= Self.rowsPerCheckpoint else { return }
        changedSince.store(0, ordering: .relaxed)
        request()
    }

    /// Starts a checkpoint on the checkpoint thread, unless one is already waiting to start.
    private func request() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            pending.store(false, ordering: .releasing)
            // Best effort: a checkpoint that fails (a busy reader, an I/O error) is redone
            // by the next one or by the writer's own.
            _ = try? database.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }

    /// Waits for the checkpoint under way, if any, to end.
    func wait() { queue.sync {} }
}
