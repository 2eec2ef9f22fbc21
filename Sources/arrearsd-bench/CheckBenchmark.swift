import ArrearsEngine

/// Lexing, parsing and type-checking a large generated rule set.
enum CheckBenchmark {
    /// A rule set of `count` rules over 20 actions, 10 lets and varied conditions, in 10 files.
    static func generate(rules count: Int) -> [SourceFile] {
        var header = """
            ruleset "bench"
            calendar {
              timezone "Europe/Amsterdam"
              paydays 20, 23, 25
              contact_hours 07:00-20:00
              closed sunday
              holidays nl
            }
            limit contacts 3 per 7d
            signal hardship lasts 30d

            """
        let channels = ["phone", "sms", "letter", "email", "whatsapp"]
        for a in 0..<20 {
            header += "action act_\(a) kind \(a % 3 == 0 ? "support" : "pressure") channel \(channels[a % 5]) cooldown \(a + 1)d\n"
        }
        for l in 0..<10 {
            header += "let flag_\(l) = signal(cannot_pay) or arrears.days > \(l * 7) and reached(\(l + 1)d) == 0\n"
        }
        header += "rule debt_help_hold \"Schuldhulp\" { when signal(debt_help) or signal(hardship) then hold \"schuldhulp\" queue act_0 priority 90 }\n"
        var files = [SourceFile(name: "00-header.rules", text: header)]
        let perFile = (count + 9) / 10
        var n = 0
        for f in 0..<10 {
            var text = ""
            for _ in 0..<perFile where n < count - 1 {
                let conditions = [
                    "arrears.days >= \(n % 90) and arrears.amount >= \(n % 500).50 and not flag_\(n % 10)",
                    "contacts(\(n % 14 + 1)d, \(channels[n % 5])) < \(n % 4 + 1) or unreached_streak > \(n % 6)",
                    "arrangement.status in [\"broken\", \"cancelled\"] and payment.days > \(n % 60)",
                    "today.weekday in [monday, tuesday] and days_to_payday <= \(n % 10) and done(act_\(n % 20), \(n % 30 + 1)d) == 0",
                    "attr(segment) == \"s\(n % 7)\" and balance - arrears.amount > \(n % 100) and signal_days(dispute) < \(n % 20)",
                ]
                text += """
                    # rule number \(n)
                    rule r_\(n) "Regel \(n): bel of schrijf de klant" {
                      when \(conditions[n % conditions.count])
                      then queue act_\(n % 19 + 1) priority \(n % 50) + min(arrears.days, 30) due after payday + \(n % 3)d
                           tag t_\(n % 11)
                    }

                    """
                n += 1
            }
            files.append(SourceFile(name: "\(10 + f)-rules.rules", text: text))
        }
        return files
    }

    static func run(rules count: Int) {
        let sources = generate(rules: count)
        let bytes = sources.reduce(0) { $0 + $1.text.utf8.count }
        let lines = sources.reduce(0) { $0 + $1.text.split(separator: "\n").count }
        var loaded: RuleSet?
        var diagnostics: [Diagnostic] = []
        let seconds = measure {
            (loaded, diagnostics) = RuleSetLoader.load(sources)
        }
        guard let ruleSet = loaded else {
            print("check benchmark: generated rule set has errors:")
            for d in diagnostics.prefix(5) { print("  \(d.headline)") }
            return
        }
        report("check.parse_and_typecheck", String(format: "%.1f ms", seconds * 1000),
               "\(ruleSet.rules.count) rules, \(lines) lines, \(bytes / 1024) KiB, \(diagnostics.count) diagnostics, best of 5")
        report("check.rules_per_second", String(format: "%.0f", Double(ruleSet.rules.count) / seconds))
    }
}
