/// Why a rule did or did not fire for one case (for `arrearsd explain`).
public struct RuleExplanation: Sendable {
    public let rule: String
    public let fired: Bool
    /// For a rule that did not fire: the first part of its condition that was false.
    public let falsePart: String?
    /// The values of the facts and lets in that part (or in the whole condition when it fired).
    public let values: [(expression: String, value: String)]
    /// A run-time error, if evaluating the rule failed.
    public let error: EvaluationError?
}

extension RuleProgram {
    /// Explains every rule, in order, for `facts`.
    public func explain(_ facts: F) -> [RuleExplanation] {
        cache.startGeneration()
        return ruleSet.rules.map { rule in
            do throws(EvaluationError) {
                let fired = try compiler.bool(rule.condition)(facts)
                let part = fired ? rule.condition : try firstFalse(rule.condition, facts)
                return RuleExplanation(rule: rule.name, fired: fired, falsePart: fired ? nil : part.source,
                                       values: values(in: part, facts), error: nil)
            } catch {
                return RuleExplanation(rule: rule.name, fired: false, falsePart: nil, values: values(in: rule.condition, facts), error: error)
            }
        }
    }

    /// Descends through `and` (and lets) to the first conjunct that is false.
    private func firstFalse(_ node: TypedExpression, _ facts: F) throws(EvaluationError) -> TypedExpression {
        switch node.kind {
        case .and(let a, let b):
            return try compiler.bool(a)(facts) ? try firstFalse(b, facts) : try firstFalse(a, facts)
        default:
            return node
        }
    }

    /// "arrears.days = 2", "cannot_pay = true", "attr(segment) = unset" for the leaves of `node`.
    private func values(in node: TypedExpression, _ facts: F) -> [(expression: String, value: String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        func visit(_ n: TypedExpression) {
            switch n.kind {
            case .fact, .letReference:
                guard seen.insert(n.source).inserted else { return }
                let shown = (try? compiler.value(n)(facts)).map { $0.shown(as: n.type) } ?? "error"
                result.append((n.source, shown))
            case .attributeCompare(let name, _, _), .attributeMember(let name, _, _):
                let key = "attr(\(name))"
                if seen.insert(key).inserted {
                    let shown: String
                    switch facts.attribute(name) {
                    case nil: shown = "unset"
                    case .string(let s)?: shown = JSONText.quote(s)
                    case .number(let x)?: shown = x.description
                    case .bool(let b)?: shown = b ? "true" : "false"
                    }
                    result.append((key, shown))
                }
                n.children.forEach(visit)
            default:
                n.children.forEach(visit)
            }
        }
        visit(node)
        return result
    }
}
