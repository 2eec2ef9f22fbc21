/// Resolving names (lets, facts, weekdays) and checking calls of facts and functions.
extension Checker {
    mutating func checkPath(_ path: [String], _ e: Expr, _ usage: inout Usage) -> Node? {
        let dotted = path.joined(separator: ".")
        if let fact = Fact.plain[dotted] { return Node(.fact(fact), fact.type, e.location, dotted) }
        if path.count == 1 {
            let name = path[0]
            if let w = Weekday(name: name) { return Node(.constant(.weekday(w)), .weekday, e.location, name, literal: true) }
            if letStates[name] != nil {
                usedLets.insert(name)
                if case .checking? = letStates[name] {
                    let cycle = letStack[letStack.lastIndex(of: name)!...] + [name]
                    error(e.location, "let '\(name)' depends on itself: \(cycle.joined(separator: " → "))")
                    return nil
                }
                let (node, letUsage) = checkLet(name)
                guard let node else { return nil }
                usage.merge(letUsage, through: name, at: e.location)
                let index = letOrder.firstIndex(of: name)!
                return Node(.letReference(index), node.type, e.location, name, literal: false)
            }
            if poisoned.contains(name) { return nil }
            if let members = Fact.roots[name] {
                error(e.location, "'\(name)' is not a value by itself: use \(members.map { "\(name).\($0)" }.joined(separator: ", "))")
                return nil
            }
            if let usageText = Fact.functions[name] {
                error(e.location, "'\(name)' needs arguments: write \(usageText)")
                return nil
            }
            if let declared = names[name] {
                let hint = declared.kind == .action ? "; did you mean open(\(name)) or done(\(name), 7d)?" : ""
                error(e.location, "'\(name)' is \(declared.kind.withArticle), not a value\(hint)")
                return nil
            }
        } else if let usageText = Fact.functions[dotted] {
            error(e.location, "'\(dotted)' needs arguments: write \(usageText)")
            return nil
        }
        unknownName(dotted, e.location)
        return nil
    }

    mutating func unknownName(_ name: String, _ location: SourceLocation) {
        var candidates = Array(Fact.plain.keys) + letOrder + Weekday.allCases.map(\.description)
        candidates += Fact.functions.keys
        if let s = Suggestions.closest(to: name, in: candidates) {
            error(location, "unknown name '\(name)'; did you mean '\(s)'?")
        } else {
            error(location, "unknown name '\(name)'")
        }
    }

    mutating func checkCall(_ path: [String], _ args: [Expr], _ e: Expr, _ usage: inout Usage) -> Node? {
        let name = path.joined(separator: ".")
        guard let usageText = Fact.functions[name] else {
            if Fact.plain[name] != nil {
                error(e.location, "'\(name)' is not a function: write \(name) without parentheses")
            } else if let s = Suggestions.closest(to: name, in: Fact.functions.keys) {
                error(e.location, "unknown function '\(name)'; did you mean '\(s)'?")
            } else {
                error(e.location, "unknown function '\(name)'")
            }
            return nil
        }
        func arity(_ allowed: ClosedRange<Int>) -> Bool {
            if allowed.contains(args.count) { return true }
            error(e.location, "'\(name)' takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) or \(allowed.upperBound)") argument\(allowed.upperBound == 1 ? "" : "s"), not \(args.count): write \(usageText)")
            return false
        }
        let make = { (fact: Fact) in Node(.fact(fact), fact.type, e.location, e.source) }
        switch name {
        case "signal", "signal_days":
            guard arity(1...1), let signal = bareName(args[0], "a signal name", usageText) else { return nil }
            guard signals.contains(signal) else {
                let s = Suggestions.closest(to: signal, in: signals)
                error(args[0].location, "unknown signal '\(signal)'" + (s.map { "; did you mean '\($0)'?" } ?? ": declare it with 'signal \(signal)'"))
                return nil
            }
            usage.signals.insert(signal)
            return make(name == "signal" ? .signal(signal) : .signalDays(signal))
        case "contacts", "reached":
            guard arity(1...2), let window = window(args[0], usageText) else { return nil }
            var channel: Channel?
            if args.count == 2 {
                guard let c = bareName(args[1], "a channel name", usageText) else { return nil }
                guard let resolved = resolveChannel(Name(text: c, location: args[1].location)) else { return nil }
                channel = resolved
            }
            return make(name == "contacts" ? .contacts(window, channel) : .reached(window, channel))
        case "delivered":
            guard arity(1...2), let window = window(args[0], usageText) else { return nil }
            guard args.count == 2 else { return make(.delivered(window, nil)) }
            guard let c = bareName(args[1], "a channel name", usageText),
                  let channel = resolveChannel(Name(text: c, location: args[1].location)) else { return nil }
            return make(.delivered(window, channel))
        case "delivered_days":
            guard arity(1...1), let c = bareName(args[0], "a channel name", usageText),
                  let channel = resolveChannel(Name(text: c, location: args[0].location)) else { return nil }
            return make(.deliveredDays(channel))
        case "payment.amount", "arrangement.broken":
            guard arity(1...1), let window = window(args[0], usageText) else { return nil }
            return make(name == "payment.amount" ? .paymentAmount(window) : .arrangementBroken(window))
        case "done":
            guard arity(2...2), let action = actionArgument(args[0], usageText), let window = window(args[1], usageText) else { return nil }
            return make(.done(action, window))
        case "open":
            guard arity(1...1), let action = actionArgument(args[0], usageText) else { return nil }
            if usage.openActions[action] == nil { usage.openActions[action] = (e.location, nil) }
            return make(.open(action))
        case "abs":
            guard arity(1...1), let x = check(args[0], &usage) else { return nil }
            guard [.number, .money, .duration].contains(x.type) else {
                error(args[0].location, "abs() needs a number, money or a duration, but \(x.source) is \(x.type.withArticle)")
                return nil
            }
            return Node(.absolute(x), x.type, e.location, e.source, literal: x.isLiteral)
        default:  // min, max
            guard arity(2...2), let a0 = check(args[0], &usage), let b0 = check(args[1], &usage),
                  let (a, b) = adapt(a0, b0) else { return nil }
            guard a.type == b.type, [.number, .money, .duration].contains(a.type) else {
                error(e.location, "\(name)() needs two numbers, two amounts of money or two durations, not \(a.type.withArticle) and \(b.type.withArticle)")
                return nil
            }
            return Node(name == "min" ? .minimum(a, b) : .maximum(a, b), a.type, e.location, e.source, literal: a.isLiteral && b.isLiteral)
        }
    }

    mutating func bareName(_ e: Expr, _ what: String, _ usageText: String) -> String? {
        if case .path(let p) = e.kind, p.count == 1 { return p[0] }
        let found: String
        switch e.kind {
        case .number: found = "a number"
        case .string: found = "a string"
        case .duration: found = "a duration"
        default: found = "'\(e.source)'"
        }
        error(e.location, "expected \(what) here, found \(found): write \(usageText)")
        return nil
    }

    mutating func actionArgument(_ e: Expr, _ usageText: String) -> String? {
        guard let name = bareName(e, "an action name", usageText) else { return nil }
        guard actionIndex[name] != nil else {
            if !poisoned.contains(name) { unknownAction(Name(text: name, location: e.location)) }
            return nil
        }
        return name
    }

    /// A window "in the last D": a constant duration longer than 0.
    mutating func window(_ e: Expr, _ usageText: String) -> TimeSpan? {
        var scratch = Usage()
        guard let node = check(e, &scratch) else { return nil }
        guard node.type == .duration, node.isLiteral, case .duration(let d)? = constantValue(node) else {
            error(e.location, "expected a duration such as 7d here, found \(node.type == .duration ? "'\(node.source)'" : node.type.withArticle): write \(usageText)")
            return nil
        }
        guard d.seconds > 0 else {
            error(e.location, "a window must be longer than 0")
            return nil
        }
        return d
    }
}
