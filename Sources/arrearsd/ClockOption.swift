import ArgumentParser
import ArrearsRuntime
import ArrearsEngine
import Foundation

/// The evaluation time: `--now` (RFC 3339 with offset) or the system clock.
func resolveNow(_ text: String?) throws -> Instant {
    guard let text else {
        return Instant(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
    guard let instant = Instant.parseRFC3339(text) else {
        throw ValidationError("--now: '\(text)' is not an RFC 3339 time with an offset, such as 2026-11-23T10:00:00+01:00")
    }
    return instant
}

/// Loads the rule set of `directory` or prints its diagnostics and exits with `status`.
func loadRuleSetOrExit(_ directory: String, status: Int32) throws -> RuleSet {
    let (ruleSet, sources, diagnostics) = RuleDirectory.load(directory)
    guard let ruleSet else {
        var stderr = StandardError()
        print(DiagnosticRenderer(sources: sources).text(diagnostics), terminator: "", to: &stderr)
        throw ExitCode(status)
    }
    return ruleSet
}
