import ArrearsEngine

/// Text output of `arrearsd test` (SPEC §2): problems as `file:line:col: error: message` with
/// the source line and a caret, then `PASS file: name` or `FAIL file: name` with expected
/// versus actual, and finally `N passed, N failed`.
public enum RuleTestReport {
    /// Everything about one file: its problems, then one line per test that ran.
    /// `verbose`: the queue of every case after each test, passed or not.
    public static func text(_ result: RuleTestFileResult, verbose: Bool = false) -> String {
        var out = DiagnosticRenderer(sources: [result.file.source]).text(result.diagnostics)
        if let rules = result.rules, rules.evaluator == nil {
            out += DiagnosticRenderer(sources: rules.sources).text(rules.diagnostics.errors)
        }
        for test in result.results {
            out += text(test, file: result.file.path, verbose: verbose)
        }
        return out
    }

    /// `PASS file: name`, or `FAIL file: name` and what differs.
    public static func text(_ result: RuleTestResult, file: String, verbose: Bool = false) -> String {
        var out = "\(result.passed ? "PASS" : "FAIL") \(file): \(result.test.name)\n"
        guard !result.passed || verbose else { return out }
        var shownCases: [String] = verbose ? result.cases.map(\.caseID.rawValue) : []
        func show(_ caseID: String?) {
            let ids = caseID.map { [$0] } ?? result.cases.map(\.caseID.rawValue)
            for id in ids where !shownCases.contains(id) { shownCases.append(id) }
        }
        var extraFields: Set<String> = []
        for failure in result.failures {
            switch failure {
            case .missing(let pattern, let near):
                out += "  \(pattern.location): expected in the queue: \(pattern.shown)\n"
                if near.isEmpty {
                    let scope = pattern.caseID.map { " of case \($0)" } ?? ""
                    out += "    no item\(scope)\(pattern.action.map { " for action \($0)" } ?? "") is in the queue\n"
                } else {
                    for (item, differences) in near {
                        out += "    \(item.id): \(differences.joined(separator: "; "))\n"
                    }
                }
                if let action = pattern.action {
                    for outcome in result.cases where pattern.caseID == nil || outcome.caseID.rawValue == pattern.caseID {
                        for s in outcome.suppressed where s.name == action {
                            out += "    \(action) of case \(outcome.caseID) is suppressed: \(why(s.why, result.timeZone))\n"
                        }
                    }
                }
                extraFields.formUnion(pattern.reportFields)
                show(pattern.caseID)
            case .present(let pattern, let items):
                out += "  \(pattern.location): expected not in the queue: \(pattern.shown)\n"
                for item in items {
                    out += "    but found \(compact(item, timeZone: result.timeZone, extra: pattern.reportFields))\n"
                }
                show(pattern.caseID)
            case .caseList(let key, let caseID, let expected, let actual, let location):
                out += "  \(location): expected \(key) of case \(caseID): \(list(expected))\n"
                out += "    actual \(key): \(list(actual))\n"
                show(caseID)
            }
        }
        for caseID in shownCases {
            guard let outcome = result.cases.first(where: { $0.caseID.rawValue == caseID }) else { continue }
            let now = result.timeZone.rfc3339(result.test.now)
            if outcome.queue.isEmpty {
                out += "  queue of case \(caseID) at \(now): empty\n"
            } else {
                out += "  queue of case \(caseID) at \(now):\n"
                for item in outcome.queue { out += "    \(compact(item, timeZone: result.timeZone, extra: extraFields))\n" }
            }
            if !outcome.suppressed.isEmpty {
                out += "  suppressed: " + outcome.suppressed.map { "\($0.name) (\(why($0.why, result.timeZone)))" }.joined(separator: ", ") + "\n"
            }
            if !outcome.holds.isEmpty { out += "  holds: \(list(outcome.holds))\n" }
        }
        return out
    }

    /// The closing line.
    public static func summary(passed: Int, failed: Int) -> String { "\(passed) passed, \(failed) failed" }

    /// An item in YAML flow form, ready to paste into `expect`: id, case, action, kind,
    /// channel, priority, due, contact_until, rules, tags; facts, reasons and notes when asked.
    public static func compact(_ item: WorkItem, timeZone: LocalTimeZone, extra: Set<String> = []) -> String {
        var fields = ["id: \(item.id)", "case: \(YAMLText.scalar(item.id.caseID.rawValue))", "action: \(item.id.action)",
                      "kind: \(item.kind.rawValue)"]
        if let channel = item.channel { fields.append("channel: \(channel.rawValue)") }
        fields.append("priority: \(item.priority)")
        fields.append("due: \(timeZone.rfc3339(item.due))")
        if let until = item.contactUntil { fields.append("contact_until: \(timeZone.rfc3339(until))") }
        fields.append("rules: \(list(item.rules))")
        if extra.contains("reasons") { fields.append("reasons: \(list(item.reasons))") }
        fields.append("tags: \(list(item.tags))")
        if extra.contains("notes") { fields.append("notes: \(list(item.notes))") }
        if extra.contains("facts") {
            fields.append("facts: {arrears_amount: \(item.facts.arrearsAmount.formatted(decimals: 2)), arrears_days: \(item.facts.arrearsDays)}")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// Why an item is suppressed, times in the calendar's zone.
    static func why(_ suppression: Suppression, _ timeZone: LocalTimeZone) -> String {
        switch suppression {
        case .hold(let reasons): "on hold: " + reasons.joined(separator: "; ")
        case .cooldown(let until): "cooldown until \(timeZone.rfc3339(until))"
        }
    }

    static func list(_ xs: [String]) -> String { "[" + xs.map(YAMLText.scalar).joined(separator: ", ") + "]" }
}

extension ItemPattern {
    /// The optional parts of the compact item form this entry needs to be compared by eye.
    var reportFields: Set<String> {
        var out: Set<String> = []
        for (field, _) in fields {
            switch field {
            case .reasons: out.insert("reasons")
            case .notes: out.insert("notes")
            case .arrearsAmount, .arrearsDays: out.insert("facts")
            default: break
            }
        }
        return out
    }
}
