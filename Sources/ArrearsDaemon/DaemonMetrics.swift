import ArrearsEngine
import Foundation
import Synchronization

/// A node_exporter textfile (`--metrics-file`): events applied and rejected, open items per
/// action, reloads, the last batch's duration. Rewritten atomically after each change.
final class DaemonMetrics: Sendable {
    private struct Counters {
        var applied = 0
        var rejected = 0
        var reloads = 0
        var failedReloads = 0
        var lastReloadOK = 1
        var lastBatchSeconds = 0.0
        var opened = 0
        var withdrawn = 0
        var openPerAction: [String: Int] = [:]
    }

    private let path: String?
    private let counters = Mutex(Counters())

    init(path: String?) { self.path = path }

    func batchApplied(events: Int, rejected: Int, seconds: Double) {
        counters.withLock { $0.applied += events; $0.rejected += rejected; $0.lastBatchSeconds = seconds }
        flush()
    }

    func rejected(_ n: Int) {
        counters.withLock { $0.rejected += n }
        flush()
    }

    func reloaded(success: Bool) {
        counters.withLock { $0.reloads += 1; if !success { $0.failedReloads += 1 }; $0.lastReloadOK = success ? 1 : 0 }
        flush()
    }

    func changed(_ changes: QueueChanges) {
        counters.withLock { $0.opened += changes.opened; $0.withdrawn += changes.withdrawn }
    }

    func queueWritten(perAction: [String: Int]) {
        counters.withLock { $0.openPerAction = perAction }
        flush()
    }

    /// The textfile's contents.
    func text() -> String {
        let c = counters.withLock { $0 }
        var out = """
            # HELP arrearsd_events_applied_total Events applied from the inbox.
            # TYPE arrearsd_events_applied_total counter
            arrearsd_events_applied_total \(c.applied)
            # HELP arrearsd_input_rejected_total Input lines and files rejected.
            # TYPE arrearsd_input_rejected_total counter
            arrearsd_input_rejected_total \(c.rejected)
            # HELP arrearsd_work_items_opened_total Work items opened.
            # TYPE arrearsd_work_items_opened_total counter
            arrearsd_work_items_opened_total \(c.opened)
            # HELP arrearsd_work_items_withdrawn_total Work items withdrawn.
            # TYPE arrearsd_work_items_withdrawn_total counter
            arrearsd_work_items_withdrawn_total \(c.withdrawn)
            # HELP arrearsd_reloads_total Rule set reloads, and those that failed.
            # TYPE arrearsd_reloads_total counter
            arrearsd_reloads_total \(c.reloads)
            arrearsd_reloads_failed_total \(c.failedReloads)
            # HELP arrearsd_last_reload_success Whether the last reload succeeded.
            # TYPE arrearsd_last_reload_success gauge
            arrearsd_last_reload_success \(c.lastReloadOK)
            # HELP arrearsd_last_batch_seconds Duration of the last batch.
            # TYPE arrearsd_last_batch_seconds gauge
            arrearsd_last_batch_seconds \(String(format: "%.6f", c.lastBatchSeconds))
            # HELP arrearsd_open_items Open work items per action.
            # TYPE arrearsd_open_items gauge

            """
        for (action, n) in c.openPerAction.sorted(by: { $0.key < $1.key }) {
            out += "arrearsd_open_items{action=\(JSONText.quote(action))} \(n)\n"
        }
        return out
    }

    private func flush() {
        guard let path else { return }
        let temporary = path + ".tmp"
        do {
            try Data(text().utf8).write(to: URL(fileURLWithPath: temporary))
            _ = rename(temporary, path)
        } catch {
            // Metrics are best effort; the daemon's work does not depend on them.
        }
    }
}
