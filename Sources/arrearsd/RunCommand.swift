import ArgumentParser
import ArrearsDaemon
import ArrearsEngine
import ArrearsSystemd
import Logging
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: watch the inbox, apply events, re-evaluate over time, keep the queue file.",
        discussion: """
            Exit status: 0 after a graceful stop (SIGTERM, SIGINT) or a --once pass, 78 when the rule set \
            is invalid at start-up, 74 when the data directory is unusable. SIGHUP reloads the rule set.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Re-evaluate every case at least this often (30m, 1h, 1d).", transform: parseTimeSpan)
    var reevaluateEvery = TimeSpan(1, .hour)

    @Option(help: "Larger input files are refused unread (bytes).")
    var maxFileSize: Int = 256 << 20

    @Option(help: "Keep a node_exporter textfile with the daemon's metrics here.")
    var metricsFile: String?

    @Flag(help: "Process what is in the inbox now, re-evaluate, write the queue, exit.")
    var once = false

    @Option(help: ArgumentHelp("At most this many events per batch (one transaction).", visibility: .hidden))
    var batchEvents: Int = DaemonConfiguration.defaultBatchEvents

    func run() async throws {
        guard let destination = LogDestination(rawValue: common.log) else {
            throw ValidationError("--log: '\(common.log)' is not one of journald, stderr, auto")
        }
        let resolved = destination.resolved()
        LoggingSystem.bootstrap { label in resolved.makeHandler(label: label) }
        let logger = Logger(label: "arrearsd")
        let config = DaemonConfiguration(
            rulesDirectory: common.rules, dataDirectory: common.data, reevaluateEvery: reevaluateEvery,
            maxFileSize: maxFileSize, metricsFile: metricsFile, once: once, fixedNow: try common.now.map { try resolveNow($0) },
            maxBatchEvents: batchEvents)
        let daemon: Daemon
        do {
            daemon = try Daemon(config, logger: logger)
        } catch {
            var stderr = StandardError()
            print(error.description, terminator: error.description.hasSuffix("\n") ? "" : "\n", to: &stderr)
            switch error {
            case .invalidRules: throw ExitCode(ExitStatus.config)
            case .dataDirectory: throw ExitCode(ExitStatus.ioError)
            }
        }
        if once {
            try daemon.run()
        } else {
            try await daemon.runUntilStopped()
        }
    }
}

/// `30m`, `12h`, `7d`, `2w`: one integer and a unit, as in the rules language.
func parseTimeSpan(_ text: String) throws -> TimeSpan {
    guard let unitCharacter = text.last, let unit = TimeSpan.Unit(rawValue: unitCharacter),
          let count = Int64(text.dropLast()), count > 0 else {
        throw ValidationError("'\(text)' is not a duration: write one integer and a unit, such as 30m, 1h or 1d")
    }
    return TimeSpan(count, unit)
}
