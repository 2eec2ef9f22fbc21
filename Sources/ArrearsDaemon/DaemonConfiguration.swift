import ArrearsEngine
import Foundation

/// How `arrearsd run` was asked to run (SPEC §2).
public struct DaemonConfiguration: Sendable {
    public var rulesDirectory: String
    public var dataDirectory: String
    /// Re-evaluate every case at least this often (default 1h).
    public var reevaluateEvery: TimeSpan
    public var maxFileSize: Int
    /// A node_exporter textfile to keep up to date, if any.
    public var metricsFile: String?
    /// Process the inbox once, re-evaluate, write the queue, exit.
    public var once: Bool
    /// Pins the clock (tests, demos).
    public var fixedNow: Instant?
    /// How often the inbox is rescanned in case a notification was missed.
    public var rescanEvery: TimeSpan
    /// At most this many events per batch (one transaction); the rest follows at once.
    public var maxBatchEvents: Int
    /// The default batch limit: a batch of a bulk import holds about 0.4 KB per event until
    /// its commit, so 300,000 events keep the daemon under 300 MB over 100k cases and under
    /// 400 MB over 300k (measured peaks: 270–284 and 371–373 MB); fewer, larger batches
    /// evaluate each case fewer times.
    public static let defaultBatchEvents = 300_000
    /// Threads that evaluate cases (default: the number of processors).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    public init(rulesDirectory: String, dataDirectory: String, reevaluateEvery: TimeSpan = TimeSpan(1, .hour),
                maxFileSize: Int = 256 << 20, metricsFile: String? = nil, once: Bool = false, fixedNow: Instant? = nil,
                rescanEvery: TimeSpan = TimeSpan(5, .minute), maxBatchEvents: Int = DaemonConfiguration.defaultBatchEvents) {
        self.rulesDirectory = rulesDirectory
        self.dataDirectory = dataDirectory
        self.reevaluateEvery = reevaluateEvery
        self.maxFileSize = maxFileSize
        self.metricsFile = metricsFile
        self.once = once
        self.fixedNow = fixedNow
        self.rescanEvery = rescanEvery
        self.maxBatchEvents = maxBatchEvents
    }
}

/// Why the daemon cannot start (mapped to SPEC §2 exit codes by the CLI).
public enum DaemonStartError: Error, CustomStringConvertible {
    /// The rule set is invalid: exit 78 with its diagnostics.
    case invalidRules(String)
    /// The data directory is unusable: exit 74.
    case dataDirectory(String)

    public var description: String {
        switch self {
        case .invalidRules(let text): text
        case .dataDirectory(let text): text
        }
    }
}
