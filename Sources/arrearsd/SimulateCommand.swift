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

    func validate() throws {
        if events.isEmpty { throw ValidationError("give the events to replay with --events FILE…") }
        if maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
    }

    func run() throws {
        let now = try resolveNow(now)
        let old = try loadRuleSetOrExit(baseline, status: ExitStatus.config)
        let new = try loadRuleSetOrExit(rules, status: ExitStatus.config)
        guard let calendar = ContactCalendar(settings: old.calendar) else { throw ExitCode(ExitStatus.config) }
        let reader = EventFileReader(parser: EventParser(localDate: { calendar.date(at: $0) }))
        var histories = CaseHistories()
        let rejected = reader.read(files: events) { histories.admit($0) }
        var stderr = StandardError()
        for r in rejected { print("warning: \(r) (line skipped)", to: &stderr) }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        guard let simulation = Simulation(baseline: old, candidate: new, maxSteps: maxSteps, threads: threads) else {
            throw ExitCode(ExitStatus.config)
        }
        let outcome = simulation.run(consume histories, now: now)
        for (event, problem) in outcome.conflicts { print("warning: event \(event.id) skipped: \(problem)", to: &stderr) }
        if !outcome.cappedCases.isEmpty {
            let shown = outcome.cappedCases.prefix(5).map(\.rawValue).joined(separator: ", ")
            print("warning: \(outcome.cappedCases.count) cases reached --max-steps \(maxSteps) and jumped to --now (\(shown)…)", to: &stderr)
        }
        let report = SimulateReport(outcome: outcome, baseline: old, candidate: new, now: now,
                                    timeZone: calendar.timeZone, rejectedLines: rejected.count)
        print(format == .json ? report.json : report.text, terminator: "")
    }
}
