/// A queue effect of a firing rule, priority evaluated (rounded half-up, clamped to 0–100).
public struct QueueIntent: Sendable, Hashable {
    /// Index into `RuleSet.rules`.
    public let rule: Int
    /// Index into `RuleSet.actions`.
    public let action: Int
    public let priority: Int
    public let due: Timing
    public let note: String?
}

/// What the rules say about one case at one time (SPEC §4.5 step 1): every firing rule's
/// effects, in rule order. Merging, holds, cooldowns and placement come after.
public struct RuleOutcome: Sendable {
    /// Rules that fired (a rule that failed at run time but has a hold counts, for its hold).
    public var fired: [Int] = []
    public var queued: [QueueIntent] = []
    public var holds: [(rule: Int, reason: String)] = []
    public var tags: [(rule: Int, tag: String)] = []
    public var errors: [(rule: Int, error: EvaluationError)] = []

    public init() {}

    mutating func reset() {
        fired.removeAll(keepingCapacity: true)
        queued.removeAll(keepingCapacity: true)
        holds.removeAll(keepingCapacity: true)
        tags.removeAll(keepingCapacity: true)
        errors.removeAll(keepingCapacity: true)
    }
}

/// A rule set compiled for one kind of case facts. Build once per rule set, evaluate many cases.
/// One program evaluates one case at a time (it caches let values per evaluation): give each
/// thread its own.
public final class RuleProgram<F: CaseFacts> {
    public let ruleSet: RuleSet

    struct CompiledQueue {
        let action: Int
        let priority: ExpressionCompiler<F>.Fn<Exact>
        let due: Timing
        let note: String?
    }

    /// A class, so that walking the rules retains one reference per rule, not four.
    final class CompiledRule {
        let condition: ExpressionCompiler<F>.Fn<Bool>
        let queues: [CompiledQueue]
        let holds: [String]
        let tags: [String]

        init(condition: @escaping ExpressionCompiler<F>.Fn<Bool>, queues: [CompiledQueue], holds: [String], tags: [String]) {
            self.condition = condition
            self.queues = queues
            self.holds = holds
            self.tags = tags
        }
    }

    let compiler: ExpressionCompiler<F>
    let rules: [CompiledRule]
    let cache: LetCache

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        let cache = LetCache(count: ruleSet.lets.count)
        let compiler = ExpressionCompiler<F>(lets: ruleSet.lets, cache: cache)
        self.compiler = compiler
        self.cache = cache
        self.rules = ruleSet.rules.map { rule in
            var queues: [CompiledQueue] = [], holds: [String] = [], tags: [String] = []
            for effect in rule.effects {
                switch effect {
                case .queue(let action, let priority, let due, let note):
                    queues.append(CompiledQueue(action: action, priority: compiler.exact(priority), due: due, note: note))
                case .hold(let reason): holds.append(reason)
                case .tag(let tag): tags.append(tag)
                }
            }
            return CompiledRule(condition: compiler.bool(rule.condition), queues: queues, holds: holds, tags: tags)
        }
    }

    /// Evaluates every rule in order against `facts`.
    public func evaluate(_ facts: F) -> RuleOutcome {
        var outcome = RuleOutcome()
        evaluate(facts, into: &outcome)
        return outcome
    }

    /// Evaluates into a reused outcome (its storage is kept between cases).
    public func evaluate(_ facts: F, into outcome: inout RuleOutcome) {
        outcome.reset()
        cache.startGeneration()
        for (index, rule) in rules.enumerated() {
            do {
                guard try rule.condition(facts) else { continue }
                for q in rule.queues {
                    let raw = try q.priority(facts).roundedHalfUpToInteger()
                    let priority = Int(Swift.min(Swift.max(raw, 0), 100))
                    outcome.queued.append(QueueIntent(rule: index, action: q.action, priority: priority, due: q.due, note: q.note))
                }
                outcome.fired.append(index)
                for h in rule.holds { outcome.holds.append((index, h)) }
                for t in rule.tags { outcome.tags.append((index, t)) }
            } catch {
                // Fail towards less pressure: a hold still holds; nothing else of the rule happens.
                outcome.queued.removeAll { $0.rule == index }
                outcome.errors.append((index, error))
                if !rule.holds.isEmpty {
                    outcome.fired.append(index)
                    for h in rule.holds { outcome.holds.append((index, h)) }
                }
            }
        }
    }
}
