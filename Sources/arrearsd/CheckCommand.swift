import ArgumentParser
import ArrearsEngine
import ArrearsRuntime

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and type-check the rule set; print every problem with file, line and column.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are."
    )

    @Option(help: "Rules directory: every *.rules file in it, in name order, is one rule set.")
    var rules: String = "./rules"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let (ruleSet, sources, diagnostics) = RuleDirectory.load(rules)
        let renderer = DiagnosticRenderer(sources: sources)
        let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
        switch format {
        case .json:
            var fields = ["\"ok\":\(errors == 0)", "\"errors\":\(errors)", "\"warnings\":\(warnings)"]
            if let ruleSet {
                fields.append("\"ruleset\":" + (ruleSet.name.map(JSONText.quote) ?? "null"))
                fields.append("\"rules\":\(ruleSet.rules.count)")
                fields.append("\"actions\":\(ruleSet.actions.count)")
            }
            fields.append("\"files\":[" + sources.map { JSONText.quote($0.name) }.joined(separator: ",") + "]")
            fields.append("\"diagnostics\":" + renderer.json(diagnostics))
            print("{" + fields.joined(separator: ",") + "}")
        case .text:
            print(renderer.text(diagnostics), terminator: "")
            if let ruleSet {
                let name = ruleSet.name.map { "rule set \"\($0)\"" } ?? "rule set"
                let counts = [counted(ruleSet.rules.count, "rule"), counted(ruleSet.actions.count, "action"), counted(ruleSet.lets.count, "let")]
                print("\(name): \(counts.joined(separator: ", ")) in \(counted(sources.count, "file")); \(counted(errors, "error")), \(counted(warnings, "warning"))")
            } else {
                print("\(counted(errors, "error")), \(counted(warnings, "warning"))")
            }
        }
        if errors > 0 { throw ExitCode(ExitStatus.failed) }
    }
}

/// "1 rule", "2 rules".
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
