import ArgumentParser
import ArrearsEngine
import ArrearsRuntime
import ArrearsStore

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain the decisions for one case: facts, every rule, holds, open and suppressed items.",
        discussion: """
            The case's events come from the daemon's store (--data DIR, opened read-only, safe \
            while the daemon runs; also lists the case's stored work items and what an evaluation \
            now would change) or from event files (--events FILE…). Give exactly one of the two. \
            Exit 1 when the case has no events; 74 when the store cannot be read.
            """
    )

    @Argument(help: "The case id.") var caseID: String
    @Option(parsing: .upToNextOption, help: "Event files (.json, .jsonl), read in the order given.") var events: [String] = []
    @Option(help: "Data directory of the daemon (reads state.sqlite read-only).") var data: String?
    @Option(help: "Rules directory.") var rules: String = "./rules"
    @Option(help: "Evaluate at this RFC 3339 time instead of now.") var now: String?

    func validate() throws {
        if events.isEmpty == (data == nil) {
            throw ValidationError("give exactly one of --data DIR (the daemon's store) and --events FILE…")
        }
    }

    func run() throws {
        let now = try resolveNow(now)
        let ruleSet = try loadRuleSetOrExit(rules, status: ExitStatus.config)
        guard let evaluator = CaseEvaluator(ruleSet) else { throw ExitCode(ExitStatus.config) }
        if let data {
            try explainStored(data: data, evaluator: evaluator, now: now)
        } else {
            try explainFiles(evaluator: evaluator, now: now)
        }
    }

    func explainFiles(evaluator: CaseEvaluator, now: Instant) throws {
        // Only the case's events are kept as each file is read (the files may hold millions).
        var ofCase: [Event] = []
        let rejected = EventFileReader().read(files: events) { ofCase += $0.filter { $0.caseID.rawValue == caseID } }
        var stderr = StandardError()
        for r in rejected { print("warning: \(r) (line skipped)", to: &stderr) }
        var history = CaseHistory(caseID: CaseID(rawValue: caseID))
        var arrival: UInt64 = 0
        for event in ofCase {
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

    /// The case as the daemon holds it: its stored events, open items and item numbers.
    func explainStored(data: String, evaluator: CaseEvaluator, now: Instant) throws {
        let calendar = evaluator.calendar
        let access = try StoreAccess.open(data: data, parser: EventParser(localDate: { calendar.date(at: $0) }))
        let id = CaseID(rawValue: caseID)
        let (events, open, highest, stored) = try access.read { r in
            let highest = try r.highestNumbers(of: id)
            return (try r.events(of: id), try r.openItems(of: id), highest,
                    try ExplainStoreReport.storedItems(of: id, highest: highest, in: r))
        }
        if events.isEmpty && stored.isEmpty {
            var stderr = StandardError()
            print("error: case '\(caseID)' is not in the store of \(data) (no events, no work items)", to: &stderr)
            throw ExitCode(ExitStatus.failed)
        }
        let history = CaseHistory(caseID: id, events: events)
        let evaluation = evaluator.evaluate(history, openItems: open, highestNumbers: ItemNumbers(highest), now: now)
        print(ExplainReport(evaluator: evaluator, evaluation: evaluation, eventCount: history.events.count).text, terminator: "")
        print(ExplainStoreReport(stored: stored, reconciliation: evaluation.reconcile(), timeZone: calendar.timeZone).text, terminator: "")
    }
}
