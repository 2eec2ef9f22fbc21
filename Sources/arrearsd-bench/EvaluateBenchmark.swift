import ArrearsEngine
import ArrearsRuntime
import Foundation

/// Evaluating a rule pack over many synthetic cases, on one core.
enum EvaluateBenchmark {
    static func run(rulesDirectory: String, cases total: Int, phases: Set<String> = ["rules", "decide", "fold"]) {
        let (loaded, _, diagnostics) = RuleDirectory.load(rulesDirectory)
        guard let ruleSet = loaded, let evaluator = CaseEvaluator(ruleSet) else {
            print("evaluate benchmark: cannot load \(rulesDirectory): \(diagnostics.first?.headline ?? "time zone")")
            return
        }
        let now = Instant.parseRFC3339("2026-11-23T10:00:00+01:00")!
        let sample = 10_000
        let histories = (0..<sample).map(SyntheticCases.history)
        let states = histories.map { $0.state(at: now, signalDurations: ruleSet.signalDurations) }
        let calendar = evaluator.calendar
        let today = calendar.date(at: now)
        let snapshots = states.map {
            $0.facts(at: now, today: today, daysToPayday: calendar.daysToPayday(today: today, caseDay: nil),
                     localDate: { calendar.date(at: $0) })
        }
        let rounds = max(1, total / sample)
        let evaluations = rounds * sample

        // 1. The rules alone over ready facts.
        if phases.contains("rules") {
        var outcome = RuleOutcome()
        var fired = 0
        let rulesSeconds = measure(repeats: 1) {
            for _ in 0..<rounds {
                for s in snapshots {
                    evaluator.outcome(s, into: &outcome)
                    fired += outcome.fired.count
                }
            }
        }
        report("evaluate.rules_only", String(format: "%.2f M cases/s", Double(evaluations) / rulesSeconds / 1e6),
               "\(ruleSet.rules.count) rules, \(evaluations) evaluations in \(String(format: "%.2f", rulesSeconds)) s, \(fired / max(1, evaluations / 100)) firings per 100 cases")

        }
        // 2. Facts, rules, decisions (merge, holds, cooldowns, placement) and next wake-up.
        if phases.contains("decide") {
        var items = 0
        let decideSeconds = measure(repeats: 1) {
            for _ in 0..<rounds {
                for (k, state) in states.enumerated() {
                    let e = evaluator.evaluate(state, caseID: histories[k].caseID, openItems: [], nextEventAt: nil, now: now)
                    items += e.decision.items.count
                }
            }
        }
        report("evaluate.facts_rules_decisions", String(format: "%.2f M cases/s", Double(evaluations) / decideSeconds / 1e6),
               "\(evaluations) evaluations in \(String(format: "%.2f", decideSeconds)) s, \(items / max(1, evaluations / 100)) items per 100 cases")

        }
        // 3. Everything from the events: fold, facts, rules, decisions, for `total` distinct cases.
        guard phases.contains("fold") else { return }
        var distinct = 0
        var foldSeconds = 0.0
        for chunk in stride(from: 0, to: total, by: sample) {
            let batch = (chunk..<min(total, chunk + sample)).map(SyntheticCases.history)
            foldSeconds += measure(repeats: 1) {
                for h in batch {
                    distinct += evaluator.evaluate(h, now: now).decision.items.count
                }
            }
        }
        report("evaluate.fold_and_decide", String(format: "%.2f M cases/s", Double(total) / foldSeconds / 1e6),
               "\(total) distinct cases in \(String(format: "%.2f", foldSeconds)) s (generation not timed)")
    }
}
