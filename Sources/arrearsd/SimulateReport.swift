import ArrearsEngine
import ArrearsSimulation

/// The text and JSON output of `arrearsd simulate`.
struct SimulateReport {
    let outcome: Simulation.Outcome
    let baseline: RuleSet
    let candidate: RuleSet
    let now: Instant
    let timeZone: LocalTimeZone
    let rejectedLines: Int

    var diff: QueueDiff { outcome.diff }
    static let kinds = ItemChangeKind.allCases

    var summary: String {
        "\(diff.count(.added)) added, \(diff.count(.withdrawn)) withdrawn, \(diff.count(.reprioritised)) re-prioritised, "
            + "\(diff.count(.retimed)) re-timed (\(diff.baselineOpen) -> \(diff.newOpen) open items)"
    }

    func time(_ t: Instant?) -> String { t.map { timeZone.rfc3339($0) } ?? "-" }

    var text: String {
        var out = "replayed \(outcome.events) events of \(outcome.cases) cases up to \(timeZone.rfc3339(now))\n"
        out += "baseline \(baseline.label): \(diff.baselineOpen) open items; candidate \(candidate.label): \(diff.newOpen) open items\n"
        out += "\nchanges\n"
        if diff.changes.isEmpty { out += "  none\n" }
        var rows: [[String]] = []
        for c in diff.changes {
            func change<T: Equatable>(_ name: String, _ a: T?, _ b: T?, _ show: (T) -> String) -> String {
                switch (a, b) {
                case let (a?, b?) where a == b: return "\(name) \(show(a))"
                case let (a?, b?): return "\(name) \(show(a)) -> \(show(b))"
                case let (a?, nil): return "\(name) \(show(a)) -> -"
                case let (nil, b?): return "\(name) - -> \(show(b))"
                default: return ""
                }
            }
            let priority = change("priority", c.old?.priority, c.new?.priority) { String($0) }
            let due = change("due", c.old?.due, c.new?.due) { time($0) }
            rows.append(["  " + c.kinds.map(\.rawValue).joined(separator: ","), c.caseID.rawValue, c.action, priority, due,
                         "(" + c.rules.joined(separator: ", ") + ")"])
        }
        out += alignedColumns(rows)
        out += "\nper action\n" + countTable(diff.byAction.map { ($0.action, $0.counts) }, heading: "action")
        out += "\nper rule\n" + countTable(diff.byRule.map { ($0.rule, $0.counts) }, heading: "rule")
        out += "\nsummary: " + summary + "\n"
        return out
    }

    func countTable(_ rows: [(String, [ItemChangeKind: Int])], heading: String) -> String {
        if rows.isEmpty { return "  none\n" }
        let header = ["  " + heading] + Self.kinds.map(\.rawValue)
        let body = rows.map { name, counts in ["  " + name] + Self.kinds.map { String(counts[$0] ?? 0) } }
        return alignedColumns([header] + body, rightAligned: Set(1...Self.kinds.count))
    }

    var json: String {
        func q(_ s: String) -> String { JSONText.quote(s) }
        func strings(_ xs: [String]) -> String { "[" + xs.map(q).joined(separator: ",") + "]" }
        func counts(_ c: [ItemChangeKind: Int]) -> String {
            "{" + Self.kinds.map { q($0.rawValue) + ":\(c[$0] ?? 0)" }.joined(separator: ",") + "}"
        }
        func side(_ item: WorkItem?) -> String {
            guard let item else { return "null" }
            var s = "{\"id\":" + q(item.id.description) + ",\"priority\":\(item.priority),\"due\":" + q(time(item.due))
            if let until = item.contactUntil { s += ",\"contact_until\":" + q(time(until)) }
            return s + ",\"opened\":" + q(time(item.opened)) + ",\"rules\":" + strings(item.rules) + "}"
        }
        var out = "{\"now\":" + q(timeZone.rfc3339(now))
        out += ",\"cases\":\(outcome.cases),\"events\":\(outcome.events),\"rejected_lines\":\(rejectedLines)"
        out += ",\"conflicts\":\(outcome.conflicts.count),\"capped_cases\":\(outcome.cappedCases.count)"
        out += ",\"baseline\":{\"ruleset\":" + q(baseline.label) + ",\"open\":\(diff.baselineOpen)}"
        out += ",\"candidate\":{\"ruleset\":" + q(candidate.label) + ",\"open\":\(diff.newOpen)}"
        out += ",\"summary\":" + counts(Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, diff.count($0)) }))
        out += ",\"by_action\":{" + diff.byAction.map { q($0.action) + ":" + counts($0.counts) }.joined(separator: ",") + "}"
        out += ",\"by_rule\":{" + diff.byRule.map { q($0.rule) + ":" + counts($0.counts) }.joined(separator: ",") + "}"
        out += ",\"changes\":[" + diff.changes.map { c in
            "{\"case\":" + q(c.caseID.rawValue) + ",\"action\":" + q(c.action) + ",\"kinds\":" + strings(c.kinds.map(\.rawValue))
                + ",\"rules\":" + strings(c.rules) + ",\"old\":" + side(c.old) + ",\"new\":" + side(c.new) + "}"
        }.joined(separator: ",") + "]"
        return out + "}\n"
    }
}
