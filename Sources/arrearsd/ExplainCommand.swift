import ArgumentParser
import ArrearsEngine
import ArrearsRuntime

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain the decisions for one case: facts, every rule, holds, open and suppressed items.",
        discussion: "Until the daemon's store is used, the case's events are read from --events files (.json, .jsonl)."
    )

    @Argument(help: "The case id.") var caseID: String
    @Option(parsing: .upToNextOption, help: "Event files (.json or .jsonl), read in the order given.") var events: [String] = []
    @Option(help: "Rules directory.") var rules: String = "./rules"
    @Option(help: "Evaluate at this RFC 3339 time instead of now.") var now: String?

    func validate() throws {
        if events.isEmpty { throw ValidationError("give the case's events with --events FILE…") }
    }

    func run() throws {
        let now = try resolveNow(now)
        let ruleSet = try loadRuleSetOrExit(rules, status: ExitStatus.config)
        guard let evaluator = CaseEvaluator(ruleSet) else { throw ExitCode(ExitStatus.config) }
        let (all, rejected) = EventFileReader().read(files: events)
        var stderr = StandardError()
        for r in rejected { print("warning: \(r) (line skipped)", to: &stderr) }
        var history = CaseHistory(caseID: CaseID(rawValue: caseID))
        var arrival: UInt64 = 0
        for event in all where event.caseID.rawValue == caseID {
            arrival += 1
            if case .conflict(let conflict) = history.admit(event, arrival: arrival) {
                print("warning: event \(event.id) rejected: \(conflict)", to: &stderr)
            }
        }
        if history.events.isEmpty {
            print("error: no events for case '\(caseID)' in \(events.joined(separator: ", "))", to: &stderr)
            throw ExitCode(ExitStatus.failed)
        }
        let evaluation = evaluator.evaluate(history, now: now)
        print(ExplainReport(evaluator: evaluator, evaluation: evaluation, eventCount: history.events.count).text, terminator: "")
    }
}
