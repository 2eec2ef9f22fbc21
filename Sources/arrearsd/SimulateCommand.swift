import ArgumentParser
import ArrearsEngine
import ArrearsRuntime
import ArrearsSimulation
import Foundation

/// How `simulate` prints.
enum SimulateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Show what a candidate rule set would change in the queue.",
        discussion: """
            Needs no daemon and no data directory. Reads the event files (rejected lines are \
            warnings), groups the events by case and replays each case through the baseline and \
            the candidate rule set as if the daemon had received every event at its time: it \
            evaluates at each event time and at each wake-up the rules ask for (due times, contact \
            windows, windows losing events, signals and cooldowns ending, local midnight) up to \
            --now, reconciling with the open items each time, so opening times and item ids \
            behave as in the daemon (at most --max-steps evaluations per case). Then compares the \
            open items at --now per (case, action): added, withdrawn, re-prioritised, re-timed. \
            Exit 0 whatever the difference; 78 when a rule set is invalid.
            """
    )

    @Option(help: "The candidate rules directory.") var rules: String
    @Option(help: "The current rules directory to compare against.") var baseline: String = "./rules"
    @Option(parsing: .upToNextOption, help: "Event files (.json, .jsonl), read in the order given.") var events: [String] = []
    @Option(help: "Replay up to this RFC 3339 time instead of now.") var now: String?
    @Option(help: "text or json (one document).") var format: SimulateFormat = .text
    @Option(help: "At most this many evaluations per case and rule set.") var maxSteps: Int = 5_000
    @Option(help: ArgumentHelp(
        "Replay the cases in this many passes over the files, each holding only its share of the cases in memory (0: one pass per \(Self.bytesPerPartition >> 20) MiB of event files).",
        valueName: "n")) var partitions: Int = 0

    /// Event file bytes per partition when `--partitions` is 0: the histories of a partition
    /// take about three times the bytes of its events (about 370 MB at this size).
    static let bytesPerPartition = 128 << 20

    func validate() throws {
        if events.isEmpty { throw ValidationError("give the events to replay with --events FILE…") }
        if maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if partitions < 0 { throw ValidationError("--partitions must be 0 (automatic) or more") }
    }

    func run() throws {
        let now = try resolveNow(now)
        let old = try loadRuleSetOrExit(baseline, status: ExitStatus.config)
        let new = try loadRuleSetOrExit(rules, status: ExitStatus.config)
        guard let calendar = ContactCalendar(settings: old.calendar) else { throw ExitCode(ExitStatus.config) }
        let reader = EventFileReader(parser: EventParser(localDate: { calendar.date(at: $0) }))
        let threads = ProcessInfo.processInfo.activeProcessorCount
        guard let simulation = Simulation(baseline: old, candidate: new, maxSteps: maxSteps, threads: threads) else {
            throw ExitCode(ExitStatus.config)
        }
        let (outcome, rejected) = replay(simulation, reader: reader, now: now)
        var stderr = StandardError()
        for r in rejected { print("warning: \(r) (line skipped)", to: &stderr) }
        for c in outcome.conflicts { print("warning: event \(c.event.id) skipped: \(c.problem)", to: &stderr) }
        if !outcome.cappedCases.isEmpty {
            let shown = outcome.cappedCases.prefix(5).map(\.rawValue).joined(separator: ", ")
            print("warning: \(outcome.cappedCases.count) cases reached --max-steps \(maxSteps) and jumped to --now (\(shown)…)", to: &stderr)
        }
        let report = SimulateReport(outcome: outcome, baseline: old, candidate: new, now: now,
                                    timeZone: calendar.timeZone, rejectedLines: rejected.count)
        print(format == .json ? report.json : report.text, terminator: "")
    }

    /// The replay in one pass, or by partition: a first pass finds the ids several cases use,
    /// then each partition's pass reads the files again and replays its cases. The rejected
    /// lines are those of the first pass (each pass reads the same files).
    private func replay(_ simulation: Simulation, reader: EventFileReader, now: Instant) -> (Simulation.Outcome, [RejectedLine]) {
        let count = partitions > 0 ? partitions : Self.automaticPartitions(events)
        if count == 1 {
            var histories = CaseHistories()
            let rejected = reader.read(files: events) { histories.admit($0) }
            return (simulation.run(consume histories, now: now), rejected)
        }
        var shared = SharedEventIDs()
        let rejected = reader.read(files: events) { shared.note($0) }
        shared.seal()
        let partitioning = CasePartitioning(count: count)
        var parts: [Simulation.Outcome] = []
        for p in 0..<count {
            var histories = CaseHistories(partition: p, of: partitioning, shared: shared)
            _ = reader.read(files: events) { histories.admit($0) }
            parts.append(simulation.run(consume histories, now: now))
        }
        return (Simulation.Outcome(merging: parts), rejected)
    }

    /// One partition per ``bytesPerPartition`` bytes of the files (at least one).
    static func automaticPartitions(_ files: [String]) -> Int {
        let bytes = files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        return max(1, (bytes + bytesPerPartition - 1) / bytesPerPartition)
    }
}
