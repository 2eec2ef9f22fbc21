import ArrearsEngine

/// A rule directory loaded for tests: the evaluator, or the diagnostics that stopped it.
public struct LoadedRules {
    public let path: String
    public let evaluator: CaseEvaluator?
    public let sources: [SourceFile]
    public let diagnostics: [Diagnostic]
}

/// What one case looked like after the test's single evaluation.
public struct CaseOutcome: Sendable {
    public let caseID: CaseID
    /// The queue items of the case: the reconciliation's opened items, in queue order.
    public let queue: [WorkItem]
    public let suppressed: [(name: String, why: Suppression)]
    public let holds: [String]
    public let tags: [String]
}

/// Why a test failed.
public enum RuleTestFailure: Sendable {
    /// An `expect` entry matched no item; `near` are the items of the same case and action
    /// (or case) with the fields that differ.
    case missing(ItemPattern, near: [(item: WorkItem, differences: [String])])
    /// An `absent` entry matched these items.
    case present(ItemPattern, [WorkItem])
    /// `holds:` or `tags:` of a case differ.
    case caseList(key: String, caseID: String, expected: [String], actual: [String], location: SourceLocation)
}

/// The result of one test that ran.
public struct RuleTestResult: Sendable {
    public let test: RuleTest
    public let failures: [RuleTestFailure]
    /// Per case, in case order.
    public let cases: [CaseOutcome]
    public let timeZone: LocalTimeZone
    public var passed: Bool { failures.isEmpty }
}

/// The outcome of one test file.
public struct RuleTestFileResult {
    public let file: RuleTestFile
    /// Reading problems and problems found when running (events, names), in source order.
    public let diagnostics: [Diagnostic]
    /// The rule set's diagnostics when `rules:` did not load.
    public let rules: LoadedRules?
    public let results: [RuleTestResult]

    public var errorCount: Int { diagnostics.errors.count }
}

/// Runs rule test files (SPEC §4.7): each test folds its events into an empty state, evaluates
/// every case once at `now`, and compares the queue with `expect` and `absent`.
public final class RuleTestRunner {
    /// Rule directories already loaded, by normalized path.
    private var loaded: [String: LoadedRules] = [:]

    public init() {}

    /// The rule set of `path`, loaded once.
    public func rules(_ path: String) -> LoadedRules {
        if let rules = loaded[path] { return rules }
        let (ruleSet, sources, diagnostics) = RuleDirectory.load(path)
        var all = diagnostics
        var evaluator: CaseEvaluator?
        if let ruleSet {
            evaluator = CaseEvaluator(ruleSet)
            if evaluator == nil {
                all.append(.error(nil, "unknown time zone '\(ruleSet.calendar.timezone)'"))
            }
        }
        let rules = LoadedRules(path: path, evaluator: evaluator, sources: sources, diagnostics: all)
        loaded[path] = rules
        return rules
    }

    public func run(path: String) -> RuleTestFileResult { run(RuleTestReader.read(path: path)) }

    public func run(_ file: RuleTestFile) -> RuleTestFileResult {
        var diagnostics = file.diagnostics
        guard let (rulesPath, rulesLocation) = file.rules else {
            return RuleTestFileResult(file: file, diagnostics: diagnostics, rules: nil, results: [])
        }
        let rules = rules(rulesPath)
        guard let evaluator = rules.evaluator else {
            let count = rules.diagnostics.errors.count
            diagnostics.append(.error(rulesLocation, "the rules in '\(rulesPath)' do not load (\(count) error\(count == 1 ? "" : "s")): fix them first (arrearsd check --rules \(rulesPath))"))
            return RuleTestFileResult(file: file, diagnostics: diagnostics.sortedByLocation(), rules: rules, results: [])
        }
        var results: [RuleTestResult] = []
        // Tests with errors were left out by the reader; the others run.
        for test in file.tests {
            var problems: [Diagnostic] = []
            if let result = run(test, evaluator: evaluator, problems: &problems) { results.append(result) }
            diagnostics += problems
        }
        return RuleTestFileResult(file: file, diagnostics: diagnostics.sortedByLocation(), rules: nil, results: results)
    }

    /// Runs one test; nil (with errors in `problems`) when an event or a name in it is wrong.
    func run(_ test: RuleTest, evaluator: CaseEvaluator, problems: inout [Diagnostic]) -> RuleTestResult? {
        let calendar = evaluator.calendar
        let parser = EventParser(localDate: { calendar.date(at: $0) })
        var histories: [CaseID: CaseHistory] = [:]
        var owners: [EventID: (caseID: CaseID, location: SourceLocation)] = [:]
        var errors = 0
        for (i, testEvent) in test.events.enumerated() {
            let event: Event
            do {
                event = try parser.event(from: .object(testEvent.object), raw: testEvent.raw)
            } catch {
                problems.append(.error(testEvent.location, "invalid event: \(error.message)"))
                errors += 1
                continue
            }
            for warning in event.warnings {
                problems.append(.warning(testEvent.location, "event \(JSONText.quote(event.id.rawValue)): \(warning)"))
            }
            if let owner = owners[event.id], owner.caseID != event.caseID {
                problems.append(.error(testEvent.location, "conflict: event id \(JSONText.quote(event.id.rawValue)) is already used by case \(JSONText.quote(owner.caseID.rawValue)) (line \(owner.location.line))"))
                errors += 1
                continue
            }
            var history = histories[event.caseID] ?? CaseHistory(caseID: event.caseID)
            switch history.admit(event, arrival: UInt64(i)) {
            case .accepted:
                owners[event.id] = (event.caseID, testEvent.location)
            case .duplicate:
                break  // the same event twice: ignored, as in the inbox
            case .conflict(let conflict):
                let first = owners[event.id].map { " (line \($0.location.line))" } ?? ""
                problems.append(.error(testEvent.location, "conflict: \(conflict)\(first)"))
                errors += 1
            }
            histories[event.caseID] = history
        }
        let caseIDs = histories.keys.sorted()
        // Cases named by events that were rejected count as known: their error says enough.
        var named = Set(caseIDs.map(\.rawValue))
        for event in test.events { if case .string(let c)? = event.object["case"] { named.insert(c) } }
        errors += checkNames(test, ruleSet: evaluator.ruleSet, cases: caseIDs, named: named, problems: &problems)
        guard errors == 0 else { return nil }

        var outcomes: [CaseOutcome] = []
        for caseID in caseIDs {
            let evaluation = evaluator.evaluate(histories[caseID]!, now: test.now)
            let queue = evaluation.reconcile().opened.sorted(by: WorkItem.queueOrder)
            outcomes.append(CaseOutcome(caseID: caseID, queue: queue,
                                        suppressed: evaluation.decision.suppressed.map { ($0.item.name, $0.why) },
                                        holds: evaluation.decision.holds, tags: evaluation.decision.tags))
        }
        let queue = outcomes.flatMap(\.queue).sorted(by: WorkItem.queueOrder)
        let timeZone = calendar.timeZone
        var failures: [RuleTestFailure] = []
        for pattern in test.expect where !queue.contains(where: { pattern.differences($0, timeZone: timeZone).isEmpty }) {
            let sameCase = queue.filter { pattern.caseID == nil || $0.id.caseID.rawValue == pattern.caseID }
            let sameAction = sameCase.filter { pattern.action == nil || $0.id.action == pattern.action }
            let near = (sameAction.isEmpty && pattern.action == nil ? sameCase : sameAction)
                .map { (item: $0, differences: pattern.differences($0, timeZone: timeZone)) }
            failures.append(.missing(pattern, near: near))
        }
        for pattern in test.absent {
            let found = queue.filter { pattern.differences($0, timeZone: timeZone).isEmpty }
            if !found.isEmpty { failures.append(.present(pattern, found)) }
        }
        for (key, lists) in [("holds", test.holds), ("tags", test.tags)] {
            guard let lists else { continue }
            for (caseID, expected, location) in expectedLists(lists, cases: caseIDs) {
                let outcome = outcomes.first { $0.caseID.rawValue == caseID }
                let actual = (key == "holds" ? outcome?.holds : outcome?.tags) ?? []
                if actual != expected {
                    failures.append(.caseList(key: key, caseID: caseID, expected: expected, actual: actual, location: location))
                }
            }
        }
        return RuleTestResult(test: test, failures: failures, cases: outcomes, timeZone: timeZone)
    }

    /// `holds:`/`tags:` as (case, list) pairs; a plain list is for the test's only case.
    func expectedLists(_ lists: CaseLists, cases: [CaseID]) -> [(String, [String], SourceLocation)] {
        switch lists {
        case .single(let values, let location): [(cases.first?.rawValue ?? "", values, location)]
        case .perCase(let entries): entries.map { ($0.caseID, $0.values, $0.location) }
        }
    }

    /// Names in the test that the rule set or the events do not know: an `absent` entry with a
    /// misspelt action would pass without testing anything. Returns the number of errors.
    func checkNames(_ test: RuleTest, ruleSet: RuleSet, cases: [CaseID], named: Set<String>,
                    problems: inout [Diagnostic]) -> Int {
        var errors = 0
        func error(_ location: SourceLocation, _ message: String) {
            problems.append(.error(location, message))
            errors += 1
        }
        let actions = ruleSet.actions.map(\.name)
        let rules = ruleSet.rules.map(\.name)
        var tags: [String] = [], holds: [String] = []
        for rule in ruleSet.rules {
            for effect in rule.effects {
                switch effect {
                case .tag(let t): if !tags.contains(t) { tags.append(t) }
                case .hold(let reason): if !holds.contains(reason) { holds.append(reason) }
                case .queue: break
                }
            }
        }
        let caseNames = cases.map(\.rawValue)
        func unknown(_ what: String, _ name: String, _ known: [String]) -> String {
            let quote: (String) -> String = { what == "hold reason" ? JSONText.quote($0) : "'\($0)'" }
            let hint = Suggestions.closest(to: name, in: known).map { "; did you mean \(quote($0))?" } ?? ""
            return "\(quote(name))\(hint)"
        }
        func checkCase(_ caseID: String, _ location: SourceLocation) {
            if !named.contains(caseID) {
                let hint = Suggestions.closest(to: caseID, in: caseNames).map { "; did you mean '\($0)'?" } ?? ""
                error(location, "no event of this test is for case '\(caseID)'\(hint)")
            }
        }
        for pattern in test.expect + test.absent {
            for (field, location) in pattern.fields {
                switch field {
                case .caseID(let c): checkCase(c, location)
                case .action(let a) where !actions.contains(a):
                    error(location, "unknown action \(unknown("action", a, actions))")
                case .id(let text):
                    if let id = WorkItemID(text), !actions.contains(id.action) {
                        error(location, "unknown action \(unknown("action", id.action, actions)) in id '\(text)'")
                    }
                case .rules(let names):
                    for name in names where !rules.contains(name) { error(location, "unknown rule \(unknown("rule", name, rules))") }
                case .tags(let names):
                    for name in names where !tags.contains(name) { error(location, "no rule sets the tag \(unknown("tag", name, tags))") }
                default: break
                }
            }
        }
        for (key, lists) in [("holds", test.holds), ("tags", test.tags)] {
            guard let lists else { continue }
            switch lists {
            case .single(_, let location) where cases.count > 1:
                error(location, "'\(key)' as a list is for a test with one case; this test has cases \(caseNames.joined(separator: ", ")): give a list per case, like {\(caseNames[0]): [...]}")
            case .perCase(let entries):
                for entry in entries { checkCase(entry.caseID, entry.location) }
            default: break
            }
            let known = key == "holds" ? holds : tags
            let what = key == "holds" ? "hold reason" : "tag"
            for (_, values, location) in expectedLists(lists, cases: cases) {
                for value in values where !known.contains(value) {
                    error(location, "no rule \(key == "holds" ? "holds with the reason" : "sets the tag") \(unknown(what, value, known))")
                }
            }
        }
        return errors
    }
}

extension ItemPattern {
    /// The given fields that `item` does not match, as "priority is 57, not 48"; empty: a match.
    public func differences(_ item: WorkItem, timeZone: LocalTimeZone) -> [String] {
        func time(_ t: Instant?) -> String { t.map(timeZone.rfc3339) ?? "null" }
        func list(_ xs: [String]) -> String { "[" + xs.map(YAMLText.scalar).joined(separator: ", ") + "]" }
        var out: [String] = []
        for (field, _) in fields {
            switch field {
            case .id(let id) where item.id.description != id: out.append("id is \(item.id), not \(id)")
            case .caseID(let c) where item.id.caseID.rawValue != c: out.append("case is \(item.id.caseID), not \(c)")
            case .action(let a) where item.id.action != a: out.append("action is \(item.id.action), not \(a)")
            case .kind(let k) where item.kind != k: out.append("kind is \(item.kind.rawValue), not \(k.rawValue)")
            case .channel(let c) where item.channel != c:
                out.append("channel is \(item.channel?.rawValue ?? "null"), not \(c?.rawValue ?? "null")")
            case .priority(let p) where item.priority != p: out.append("priority is \(item.priority), not \(p)")
            case .due(let t) where item.due != t: out.append("due is \(time(item.due)), not \(time(t))")
            case .contactUntil(let t) where item.contactUntil != t:
                out.append("contact_until is \(time(item.contactUntil)), not \(time(t))")
            case .rules(let xs) where item.rules != xs: out.append("rules are \(list(item.rules)), not \(list(xs))")
            case .reasons(let xs) where item.reasons != xs: out.append("reasons are \(list(item.reasons)), not \(list(xs))")
            case .tags(let xs) where item.tags != xs: out.append("tags are \(list(item.tags)), not \(list(xs))")
            case .notes(let xs) where item.notes != xs: out.append("notes are \(list(item.notes)), not \(list(xs))")
            case .arrearsAmount(let a) where item.facts.arrearsAmount != a:
                out.append("facts.arrears_amount is \(item.facts.arrearsAmount.formatted(decimals: 2)), not \(a.formatted(decimals: 2))")
            case .arrearsDays(let d) where item.facts.arrearsDays != d:
                out.append("facts.arrears_days is \(item.facts.arrearsDays), not \(d)")
            default: break
            }
        }
        return out
    }
}
