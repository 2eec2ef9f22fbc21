/// Warnings: things that load but are probably not what the author meant.
extension Checker {
    mutating func warnAboutUnused(rules: [Rule], usages: [Usage]) {
        // With errors present the picture is incomplete; unused-warnings would be noise.
        guard !diagnostics.hasErrors else { return }
        var queued = Set<Int>()
        for rule in rules {
            for case .queue(let action, _, _, _) in rule.effects { queued.insert(action) }
        }
        for (i, action) in actions.enumerated() where !queued.contains(i) {
            warning(action.location, "action '\(action.name)' is declared but no rule queues it")
        }
        for name in letOrder where !usedLets.contains(name) {
            warning(letLocations[name], "let '\(name)' is never used")
        }
        let queuesPressure = rules.first { rule in
            rule.effects.contains { if case .queue(let a, _, _, _) = $0 { actions[a].kind == .pressure } else { false } }
        }
        let holdsOnDebtHelp = zip(rules, usages).contains { rule, usage in rule.hasHold && usage.signals.contains("debt_help") }
        if let first = queuesPressure, !holdsOnDebtHelp {
            warning(first.location, "rules queue pressure actions, but no rule holds them while signal(debt_help) is active: add a rule such as 'when signal(debt_help) then hold \"schuldhulp\"'")
        }
    }

    mutating func warnAboutConstants(_ ruleSet: RuleSet) {
        for rule in ruleSet.rules {
            if constantTruth(rule.condition) == false {
                warning(rule.location, "rule '\(rule.name)' can never fire: its condition is always false")
            }
            for case .queue(_, let priority, _, _) in rule.effects {
                if case .number(let p)? = constantValue(priority) {
                    let rounded = p.roundedHalfUpToInteger()
                    if rounded < 0 || rounded > 100 {
                        warning(priority.location, "priority \(p) is outside 0–100 and will be clamped to \(rounded < 0 ? 0 : 100)")
                    }
                }
            }
        }
    }
}
