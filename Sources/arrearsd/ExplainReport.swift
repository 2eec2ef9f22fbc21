import ArrearsEngine

/// The text of `arrearsd explain` for one evaluated case.
struct ExplainReport {
    let evaluator: CaseEvaluator
    let evaluation: CaseEvaluation
    let eventCount: Int

    var text: String {
        let zone = evaluator.calendar.timeZone
        let ruleSet = evaluator.ruleSet
        let f = evaluation.facts
        var out = "case \(evaluation.caseID) at \(zone.rfc3339(evaluation.now)), rule set \(ruleSet.label), \(eventCount) events\n"
        out += "\nfacts\n"
        let facts: [(String, String)] = [
            ("arrears.amount", f.arrearsAmount.formatted(decimals: 2)), ("arrears.days", "\(f.arrearsDays)"),
            ("arrears.invoices", "\(f.arrearsInvoices)"), ("balance", f.balance.formatted(decimals: 2)),
            ("payment.days", "\(f.paymentDays)"), ("unreached_streak", "\(f.unreachedStreak)"),
            ("arrangement.status", f.arrangementStatus.rawValue), ("today", "\(f.today) (\(f.today.weekday))"),
            ("days_to_payday", "\(f.daysToPayday)"),
        ]
        for (name, value) in facts { out += "  \(name) = \(value)\n" }
        let signals = ruleSet.signals.sorted().filter { f.signalActive($0) }.map { "\($0) (\(f.signalDays($0)) days)" }
        out += "  signals: " + (signals.isEmpty ? "none" : signals.joined(separator: ", ")) + "\n"
        let deliveries = Channel.allCases.compactMap { channel in
            f.state.lastDelivered(channel).map { "\(channel.rawValue) \(zone.rfc3339($0)) (delivered_days(\(channel.rawValue)) = \(f.deliveredDays(channel)))" }
        }
        out += "  last delivered: " + (deliveries.isEmpty ? "none" : deliveries.joined(separator: ", ")) + "\n"
        let attributes = f.state.attributes.sorted { $0.key < $1.key }.map { key, value -> String in
            switch value {
            case .string(let s): "\(key)=\(JSONText.quote(s))"
            case .number(let n): "\(key)=\(n)"
            case .bool(let b): "\(key)=\(b)"
            }
        }
        out += "  attributes: " + (attributes.isEmpty ? "none" : attributes.joined(separator: ", ")) + "\n"

        out += "\nrules\n"
        let fired = Set(evaluation.decision.outcome.fired)
        for (index, rule) in evaluator.explain(evaluation.facts).enumerated() {
            let values = rule.values.map { "\($0.expression) = \($0.value)" }.joined(separator: ", ")
            if let error = rule.error {
                out += "  error  \(rule.rule): \(error)" + (fired.contains(index) ? " (its hold holds)" : " (skipped)") + "\n"
            } else if rule.fired {
                out += "  fired  \(rule.rule)" + (values.isEmpty ? "" : "  [\(values)]") + "\n"
            } else {
                out += "  no     \(rule.rule): \(rule.falsePart ?? "") is false" + (values.isEmpty ? "" : "  [\(values)]") + "\n"
            }
        }
        let decision = evaluation.decision
        out += "\nholds: " + (decision.holds.isEmpty ? "none" : decision.holds.joined(separator: "; ")) + "\n"
        out += "tags: " + (decision.tags.isEmpty ? "none" : decision.tags.joined(separator: ", ")) + "\n"
        out += "\nqueue items\n"
        if decision.items.isEmpty { out += "  none\n" }
        for item in decision.items {
            out += "  \(item.name) priority \(item.priority) due \(zone.rfc3339(item.due))"
            if let until = item.contactUntil { out += " until \(zone.rfc3339(until))" }
            out += "  (\(item.rules.joined(separator: ", ")))\n"
        }
        out += "\nsuppressed\n"
        if decision.suppressed.isEmpty { out += "  none\n" }
        for (item, why) in decision.suppressed {
            out += "  \(item.name) priority \(item.priority): \(why)  (\(item.rules.joined(separator: ", ")))\n"
        }
        out += "\nnext evaluation: " + (evaluation.nextWake.map { zone.rfc3339($0) } ?? "none") + "\n"
        return out
    }
}
