import Dispatch
import Logging

/// The daemon's log: records are made and written on a serial queue of their own, in the order
/// they were given, so that a batch's thousands of item records (formatting and the journald
/// write) overlap the next batch instead of holding it up. ``flush()`` waits until every record
/// given so far is written. The single records below are made by the caller; the many, with
/// ``record(_:)``, on the queue.
struct Journal: Sendable {
    let logger: Logger
    private let queue = DispatchQueue(label: "arrearsd.journal")

    init(_ logger: Logger) { self.logger = logger }

    /// Runs `body` with the logger on the journal's queue, after every record given before.
    func record(_ body: @escaping @Sendable (Logger) -> Void) {
        let logger = self.logger
        queue.async { body(logger) }
    }

    func info(_ message: Logger.Message,
              metadata: Logger.Metadata? = nil) {
        record { $0.info(message, metadata: metadata) }
    }

    func notice(_ message: Logger.Message,
                metadata: Logger.Metadata? = nil) {
        record { $0.notice(message, metadata: metadata) }
    }

    func warning(_ message: Logger.Message,
                 metadata: Logger.Metadata? = nil) {
        record { $0.warning(message, metadata: metadata) }
    }

    func error(_ message: Logger.Message,
               metadata: Logger.Metadata? = nil) {
        record { $0.error(message, metadata: metadata) }
    }

    /// Waits until every record given so far is written.
    func flush() {
        queue.sync {}
    }
}
