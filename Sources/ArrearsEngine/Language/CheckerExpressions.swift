/// Name resolution and type checking of expressions and rules. A sub-expression that already
/// produced an error yields nil, and nothing above it reports again (no cascades).
extension Checker {
    typealias Node = TypedExpression

    mutating func checkLet(_ name: String) -> (TypedExpression?, Usage) {
        switch letStates[name] {
        case .checked(let node, let usage)?:
            return (node, usage)
        case .unchecked(let expr)?:
            letStates[name] = .checking
            letStack.append(name)
            var usage = Usage()
            let node = check(expr, &usage)
            letStack.removeLast()
            letStates[name] = .checked(node, usage)
            return (node, usage)
        default:
            return (nil, Usage())  // .checking: a cycle, reported at the reference
        }
    }

    mutating func checkRule(_ name: Name, _ description: String?, _ condition: Expr, _ effects: [Effect]) -> (Rule, Usage)? {
        var usage = Usage()
        var ok = true
        let node = check(condition, &usage)
        if let node, node.type != .bool {
            error(condition.location, "a rule's condition must be true or false, but this is \(node.type.withArticle)")
            ok = false
        }
        var checked: [RuleEffect] = []
        var queued: [(String, SourceLocation)] = []
        for effect in effects {
            switch effect {
            case .queue(let actionName, let priorityExpr, let due, let note, _):
                let action = actionIndex[actionName.text]
                if action == nil {
                    ok = false
                    if !poisoned.contains(actionName.text) { unknownAction(actionName) }
                }
                guard let priority = check(priorityExpr, &usage) else { ok = false; continue }
                if priority.type != .number {
                    error(priorityExpr.location, "a priority must be a number, but this is \(priority.type.withArticle)")
                    ok = false
                }
                if case .after(let d) = due, d.seconds < 0 { ok = false }
                if let action {
                    queued.append((actionName.text, actionName.location))
                    checked.append(.queue(action: action, priority: priority, due: due, note: note))
                }
            case .hold(let reason, _):
                checked.append(.hold(reason: reason))
            case .tag(let tag):
                checked.append(.tag(tag.text))
            }
        }
        for (action, _) in queued {
            if let use = usage.openActions[action] {
                let via = use.through.map { " (through '\($0)')" } ?? ""
                error(use.location, "rule '\(name.text)' queues '\(action)', so it cannot use open(\(action))\(via): the rule would switch itself off")
                ok = false
            }
        }
        guard ok, let node else { return nil }
        return (Rule(name: name.text, description: description, condition: node, effects: checked, location: name.location), usage)
    }

    mutating func unknownAction(_ name: Name) {
        if let s = Suggestions.closest(to: name.text, in: actionIndex.keys) {
            error(name.location, "unknown action '\(name.text)'; did you mean '\(s)'?")
        } else {
            error(name.location, "unknown action '\(name.text)': declare it with 'action \(name.text) kind pressure' or 'kind support'")
        }
    }

    // MARK: Expressions

    mutating func check(_ e: Expr, _ usage: inout Usage) -> Node? {
        switch e.kind {
        case .number(let n): return Node(.constant(.number(n)), .number, e.location, e.source, literal: true)
        case .string(let s): return Node(.constant(.string(s)), .string, e.location, e.source, literal: true)
        case .bool(let b): return Node(.constant(.bool(b)), .bool, e.location, e.source, literal: true)
        case .duration(let d): return Node(.constant(.duration(d)), .duration, e.location, e.source, literal: true)
        case .date(let d): return Node(.constant(.date(d)), .date, e.location, e.source, literal: true)
        case .time:
            error(e.location, "a time of day can only be used in the calendar's contact_hours")
            return nil
        case .path(let path): return checkPath(path, e, &usage)
        case .call(let path, let args):
            if path == ["attr"] {
                error(e.location, "attr(…) must be compared with a value that fixes its type, such as attr(segment) == \"zakelijk\"")
                return nil
            }
            return checkCall(path, args, e, &usage)
        case .not(let inner):
            guard let x = check(inner, &usage) else { return nil }
            guard x.type == .bool else {
                error(e.location, "'not' needs true or false, but \(x.source) is \(x.type.withArticle)")
                return nil
            }
            return Node(.not(x), .bool, e.location, e.source)
        case .negate(let inner):
            guard let x = check(inner, &usage) else { return nil }
            guard [.number, .money, .duration].contains(x.type) else {
                error(e.location, "cannot negate \(x.type.withArticle)")
                return nil
            }
            return Node(.negate(x), x.type, e.location, e.source, literal: x.isLiteral)
        case .binary(let op, let l, let r):
            if op.isComparison, isAttr(l) || isAttr(r) { return checkAttributeComparison(op, l, r, e, &usage) }
            guard let a = check(l, &usage) else { _ = check(r, &usage); return nil }
            guard let b = check(r, &usage) else { return nil }
            switch op {
            case .and, .or:
                for (side, x) in [("left", a), ("right", b)] where x.type != .bool {
                    error(e.location, "'\(op.rawValue)' needs true or false on both sides, but its \(side) side \(x.source) is \(x.type.withArticle)")
                    return nil
                }
                return Node(op == .and ? .and(a, b) : .or(a, b), .bool, e.location, e.source)
            case .eq, .ne, .lt, .le, .gt, .ge:
                return checkComparison(op, a, b, e)
            case .add, .sub, .mul, .div:
                return checkArithmetic(op, a, b, e)
            }
        case .inList(let l, let items):
            if isAttr(l) { return checkAttributeMembership(l, items, e) }
            guard let a = check(l, &usage) else { return nil }
            if items.isEmpty {
                error(e.location, "\(l.source) in [] is always false: the list is empty")
                return nil
            }
            guard let values = listValues(items, as: a.type) else { return nil }
            return Node(.member(a, values), .bool, e.location, e.source)
        }
    }

    func isAttr(_ e: Expr) -> Bool {
        if case .call(["attr"], _) = e.kind { return true }
        return false
    }

    /// A number literal next to money is money: retype it (at most two decimals).
    mutating func adapt(_ a: Node, _ b: Node) -> (Node, Node)? {
        if a.type == .money, b.type == .number, b.isLiteral { return moneyLiteral(b).map { (a, $0) } }
        if b.type == .money, a.type == .number, a.isLiteral { return moneyLiteral(a).map { ($0, b) } }
        return (a, b)
    }

    /// A number written with literals only (`25`, `-5`, `25 + 5`) as an amount of money.
    mutating func moneyLiteral(_ n: Node) -> Node? {
        guard case .number(let v)? = constantValue(n) else {
            error(n.location, "\(n.source) cannot be computed (division by zero)")
            return nil
        }
        if v.rounded(to: 2) != v {
            error(n.location, "\(n.source) has more than two decimals, so it cannot be an amount of money")
            return nil
        }
        return Node(.constant(.number(v)), .money, n.location, n.source, literal: true)
    }

    mutating func checkComparison(_ op: BinaryOperator, _ a0: Node, _ b0: Node, _ e: Expr) -> Node? {
        guard let (a, b) = adapt(a0, b0) else { return nil }
        guard a.type == b.type else {
            error(e.location, "cannot compare \(a.type.withArticle) (\(a.source)) with \(b.type.withArticle) (\(b.source))")
            return nil
        }
        if op.isOrdering, a.type == .bool || a.type == .string {
            error(e.location, "'\(op.rawValue)' cannot order \(a.type == .bool ? "booleans" : "strings"): use == or !=")
            return nil
        }
        if a.type == .string { checkStatusLiteral(a, b); checkStatusLiteral(b, a) }
        return Node(.compare(op, a, b), .bool, e.location, e.source)
    }

    /// `arrangement.status == "brokn"` can never be true: say so.
    mutating func checkStatusLiteral(_ fact: Node, _ other: Node) {
        guard case .fact(.arrangementStatus) = fact.kind, case .constant(.string(let s)) = other.kind,
              ArrangementStatus(rawValue: s) == nil else { return }
        let statuses = ArrangementStatus.allCases.map(\.rawValue)
        let hint = Suggestions.closest(to: s, in: statuses).map { "; did you mean \"\($0)\"?" } ?? ": it is one of \(statuses.joined(separator: ", "))"
        error(other.location, "\"\(s)\" is not an arrangement status\(hint)")
    }

    mutating func checkArithmetic(_ op: BinaryOperator, _ a0: Node, _ b0: Node, _ e: Expr) -> Node? {
        let (a, b): (Node, Node)
        if op == .add || op == .sub {
            guard let adapted = adapt(a0, b0) else { return nil }
            (a, b) = adapted
        } else {
            (a, b) = (a0, b0)
        }
        let result: ValueType?
        switch (op, a.type, b.type) {
        case (.add, .number, .number), (.sub, .number, .number), (.mul, .number, .number), (.div, .number, .number): result = .number
        case (.add, .money, .money), (.sub, .money, .money): result = .money
        case (.add, .duration, .duration), (.sub, .duration, .duration): result = .duration
        case (.mul, .money, .number), (.mul, .number, .money), (.div, .money, .number): result = .money
        case (.div, .money, .money): result = .number
        default: result = nil
        }
        if op == .div, result != nil, case .number(let divisor)? = constantValue(b), divisor.isZero {
            error(e.location, "division by zero: \(e.source) always fails")
            return nil
        }
        guard let result else {
            let verb = ["+": "add", "-": "subtract", "*": "multiply", "/": "divide"][op.rawValue]!
            let joiner = op == .add ? "and" : (op == .sub ? "from" : "by")
            let (x, y) = op == .sub ? (b, a) : (a, b)
            error(e.location, "cannot \(verb) \(x.type.withArticle) (\(x.source)) \(joiner) \(y.type.withArticle) (\(y.source))")
            return nil
        }
        return Node(.arithmetic(op, a, b), result, e.location, e.source, literal: a.isLiteral && b.isLiteral)
    }

    /// The literal values of an `in [...]` list, typed as the left operand.
    mutating func listValues(_ items: [Expr], as type: ValueType) -> [Value]? {
        var values: [Value] = []
        var scratch = Usage()
        for item in items {
            guard let node = check(item, &scratch) else { return nil }
            let typed = (type == .money && node.type == .number) ? moneyLiteral(node) : node
            guard let typed else { return nil }
            guard typed.isLiteral || isWeekdayConstant(typed), let value = constantValue(typed) else {
                error(item.location, "list elements must be literal values, but \(item.source) is not")
                return nil
            }
            guard typed.type == type else {
                error(item.location, "the list must hold \(type.plural) like the left side, but \(item.source) is \(typed.type.withArticle)")
                return nil
            }
            values.append(value)
        }
        return values
    }

    func isWeekdayConstant(_ n: Node) -> Bool {
        if case .constant(.weekday) = n.kind { return true }
        return false
    }

    mutating func attributeName(_ e: Expr) -> String? {
        guard case .call(_, let args) = e.kind else { return nil }
        guard args.count == 1, case .path(let p) = args[0].kind, p.count == 1 else {
            error(e.location, "attr() takes one attribute name, such as attr(segment)")
            return nil
        }
        return p[0]
    }

    mutating func checkAttributeComparison(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ e: Expr, _ usage: inout Usage) -> Node? {
        if isAttr(l) && isAttr(r) {
            error(e.location, "compare attr(…) with a value, not with another attr(…): the value fixes its type")
            return nil
        }
        let attrOnLeft = isAttr(l)
        guard let name = attributeName(attrOnLeft ? l : r), let other = check(attrOnLeft ? r : l, &usage) else { return nil }
        guard [.string, .number, .money, .bool].contains(other.type) else {
            error(e.location, "attributes are strings, numbers or booleans; \(other.source) is \(other.type.withArticle)")
            return nil
        }
        if op.isOrdering, other.type == .bool || other.type == .string {
            error(e.location, "'\(op.rawValue)' cannot order \(other.type == .bool ? "booleans" : "strings"): use == or !=")
            return nil
        }
        let flipped: BinaryOperator = attrOnLeft ? op : [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le][op] ?? op
        return Node(.attributeCompare(name, flipped, other), .bool, e.location, e.source)
    }

    mutating func checkAttributeMembership(_ l: Expr, _ items: [Expr], _ e: Expr) -> Node? {
        guard let name = attributeName(l) else { return nil }
        guard let first = items.first else {
            error(e.location, "attr(\(name)) in [] is always false: the list is empty")
            return nil
        }
        var scratch = Usage()
        guard let firstNode = check(first, &scratch) else { return nil }
        guard let values = listValues(items, as: firstNode.type) else { return nil }
        return Node(.attributeMember(name, firstNode.type, values), .bool, e.location, e.source)
    }
}
