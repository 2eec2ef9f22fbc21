@testable import ArrearsEngine

/// Case facts set by hand, for testing the evaluator without a case engine.
struct FakeFacts: CaseFacts {
    var arrearsAmount = Exact.zero
    var arrearsDays = 0
    var arrearsInvoices = 0
    var balance = Exact.zero
    var paymentDays = 99_999
    var paid: [TimeSpan: Exact] = [:]
    var contactCounts: [String: Int] = [:]
    var reachedCounts: [String: Int] = [:]
    var deliveredCounts: [String: Int] = [:]
    var deliveredDayCounts: [Channel: Int] = [:]
    var unreachedStreak = 0
    var activeSignals: [String: Int] = [:]
    var arrangementStatus = ArrangementStatus.none
    var broken: [TimeSpan: Int] = [:]
    var doneCounts: [String: Int] = [:]
    var openActions: Set<String> = []
    var attributes: [String: AttributeValue] = [:]
    var today = LocalDate(year: 2026, month: 11, day: 23)!
    var daysToPayday = 0

    func paymentAmount(within: TimeSpan) -> Exact { paid[within] ?? .zero }
    func contacts(within: TimeSpan, channel: Channel?) -> Int { contactCounts["\(within)/\(channel?.rawValue ?? "all")"] ?? 0 }
    func reached(within: TimeSpan, channel: Channel?) -> Int { reachedCounts["\(within)/\(channel?.rawValue ?? "all")"] ?? 0 }
    func delivered(within: TimeSpan, channel: Channel?) -> Int { deliveredCounts["\(within)/\(channel?.rawValue ?? "all")"] ?? 0 }
    func deliveredDays(_ channel: Channel) -> Int { deliveredDayCounts[channel] ?? 0 }
    func signalActive(_ name: String) -> Bool { activeSignals[name] != nil }
    func signalDays(_ name: String) -> Int { activeSignals[name] ?? 0 }
    func arrangementsBroken(within: TimeSpan) -> Int { broken[within] ?? 0 }
    func done(_ action: String, within: TimeSpan) -> Int { doneCounts["\(action)/\(within)"] ?? 0 }
    func isOpen(_ action: String) -> Bool { openActions.contains(action) }
    func attribute(_ name: String) -> AttributeValue? { attributes[name] }
}

/// Loads rule text that must be free of errors.
func loadRules(_ text: String, file: String = "test.rules") throws -> RuleSet {
    let (ruleSet, diagnostics) = RuleSetLoader.load([SourceFile(name: file, text: text)])
    guard let ruleSet else {
        throw RuleTextError(diagnostics: diagnostics.map(\.headline))
    }
    return ruleSet
}

struct RuleTextError: Error, CustomStringConvertible {
    let diagnostics: [String]
    var description: String { diagnostics.joined(separator: "\n") }
}

extension Exact {
    init(_ s: StaticString) { self.init("\(s)")! }
}
