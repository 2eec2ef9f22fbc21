import ArrearsEngine
import Yams

/// `expect`/`absent` entries, `holds`/`tags` lists and typed scalar values of a test file.
extension TestFileReader {
    // MARK: Expect and absent entries

    mutating func pattern(_ node: Node, in list: String) -> ItemPattern? {
        let entry = "\(list == "expect" ? "an expect" : "an absent") entry"
        guard case .mapping(let mapping) = node else {
            error(node, "\(entry) is a mapping of queue item fields (like {case: C1, action: call}), found \(describe(node))")
            return nil
        }
        let errorsBefore = errorCount
        var fields: [(field: ItemPattern.Field, location: SourceLocation)] = []
        var shown: [String] = []
        func add(_ field: ItemPattern.Field, _ value: Node) { fields.append((field, location(value))) }
        for (keyNode, value) in mapping {
            guard let key = key(keyNode) else { continue }
            switch key {
            case "id":
                guard let s = string(value, key) else { continue }
                if case .failure(let problem) = WorkItemID.parse(s) {
                    if case .notThreeParts = problem {
                        error(value, "'id': \(quoted(s)) \(problem)")
                    } else {
                        error(value, "'id': \(quoted(s)): \(problem)")
                    }
                } else {
                    add(.id(s), value)
                }
            case "case":
                guard let s = string(value, key) else { continue }
                if let problem = IdentifierRule.problem(s) { error(value, "'case': \(problem)") } else { add(.caseID(s), value) }
            case "action":
                guard let s = string(value, key) else { continue }
                if IdentifierRule.isName(s) { add(.action(s), value) } else { error(value, "'action': \(quoted(s)) is not an action name ([a-z_][a-z0-9_]*)") }
            case "kind":
                guard let s = string(value, key) else { continue }
                if let kind = ActionKind(rawValue: s) { add(.kind(kind), value) } else { error(value, "'kind': \(quoted(s)) is not pressure or support") }
            case "channel":
                if isNull(value) { add(.channel(nil), value); break }
                guard let s = string(value, key) else { continue }
                if let channel = Channel(rawValue: s) {
                    add(.channel(channel), value)
                } else {
                    let all = Channel.allCases.map(\.rawValue)
                    let hint = Suggestions.closest(to: s, in: all).map { "; did you mean '\($0)'?" } ?? " (one of \(all.joined(separator: ", ")), or null)"
                    error(value, "'channel': \(quoted(s)) is not a channel\(hint)")
                }
            case "priority":
                guard let s = string(value, key) else { continue }
                if let p = Int(s), s.allSatisfy(\.isASCII), (0...100).contains(p) { add(.priority(p), value) } else { error(value, "'priority': \(quoted(s)) is not a whole number 0–100") }
            case "due":
                if let t = instant(value, key) { add(.due(t.instant), value) }
            case "contact_until":
                if isNull(value) { add(.contactUntil(nil), value); break }
                if let t = instant(value, key) { add(.contactUntil(t.instant), value) }
            case "rules", "reasons", "tags", "notes":
                guard let values = strings(value, key) else { continue }
                switch key {
                case "rules": add(.rules(values), value)
                case "reasons": add(.reasons(values), value)
                case "tags": add(.tags(values), value)
                default: add(.notes(values), value)
                }
            case "facts":
                facts(value, into: &fields)
            default:
                unknownKey(keyNode, key, in: entry, known: RuleTestReader.patternKeys)
                continue
            }
            shown.append("\(key): \(flow(value))")
        }
        guard errorCount == errorsBefore else { return nil }
        return ItemPattern(location: location(node), fields: fields, shown: "{" + shown.joined(separator: ", ") + "}")
    }

    mutating func facts(_ node: Node, into fields: inout [(field: ItemPattern.Field, location: SourceLocation)]) {
        guard case .mapping(let mapping) = node else {
            error(node, "'facts' is a mapping like {arrears_amount: 84.10, arrears_days: 8}, found \(describe(node))")
            return
        }
        for (keyNode, value) in mapping {
            guard let key = key(keyNode) else { continue }
            switch key {
            case "arrears_amount":
                guard let s = string(value, "facts.arrears_amount") else { continue }
                if let amount = Exact(s), !amount.isNegative, amount.scale <= 2 {
                    fields.append((.arrearsAmount(amount), location(value)))
                } else {
                    error(value, "'facts.arrears_amount': \(quoted(s)) is not an amount (digits with at most two decimals, like 84.10)")
                }
            case "arrears_days":
                guard let s = string(value, "facts.arrears_days") else { continue }
                if let d = Int(s), s.allSatisfy(\.isASCII), d >= 0 { fields.append((.arrearsDays(d), location(value))) } else { error(value, "'facts.arrears_days': \(quoted(s)) is not a whole number of days") }
            default:
                unknownKey(keyNode, key, in: "'facts'", known: RuleTestReader.factKeys)
            }
        }
    }

    /// `holds:`/`tags:`: a list (the test's only case) or a mapping of case to list.
    mutating func caseLists(_ node: Node, _ key: String) -> CaseLists? {
        if isNull(node) { return .single([], location(node)) }
        switch node {
        case .sequence:
            return strings(node, key).map { .single($0, location(node)) }
        case .mapping(let mapping):
            var out: [(caseID: String, values: [String], location: SourceLocation)] = []
            for (keyNode, value) in mapping {
                guard let caseID = self.key(keyNode) else { continue }
                if let problem = IdentifierRule.problem(caseID) { error(keyNode, "'\(key)': case \(problem)"); continue }
                if isNull(value) { out.append((caseID, [], location(value))); continue }
                if let values = strings(value, "\(key).\(caseID)") { out.append((caseID, values, location(value))) }
            }
            return .perCase(out)
        default:
            error(node, "'\(key)' is a list (like [\"schuldhulp\"]) or a list per case (like {C1: []}), found \(describe(node))")
            return nil
        }
    }

    // MARK: Values

    /// A mapping key as text, or nil (with an error) for a key that is not a scalar.
    mutating func key(_ node: Node) -> String? {
        guard case .scalar(let s) = node else {
            error(node, "expected a key name, found \(describe(node))")
            return nil
        }
        return s.string
    }

    /// A scalar's text, or nil (with an error) for a list or mapping.
    mutating func string(_ node: Node, _ field: String) -> String? {
        guard case .scalar(let s) = node else {
            error(node, "'\(field)' must be a single value, found \(describe(node))")
            return nil
        }
        return s.string
    }

    mutating func instant(_ node: Node, _ field: String) -> (instant: Instant, text: String)? {
        guard let text = string(node, field) else { return nil }
        guard let (instant, _) = Instant.parseRFC3339(text[...]) else {
            error(node, "'\(field)': \(quoted(text)) is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)")
            return nil
        }
        return (instant, text)
    }

    mutating func list(_ node: Node, _ field: String) -> [Node]? {
        if isNull(node) { return [] }
        guard case .sequence(let s) = node else {
            error(node, "'\(field)' must be a list, found \(describe(node))")
            return nil
        }
        return Array(s)
    }

    mutating func strings(_ node: Node, _ field: String) -> [String]? {
        guard let items = list(node, field) else { return nil }
        var out: [String] = []
        for item in items {
            guard case .scalar(let s) = item else {
                error(item, "'\(field)' must be a list of names or texts, found \(describe(item)) in it")
                return nil
            }
            out.append(s.string)
        }
        return out
    }

    mutating func unknownKey(_ node: Node, _ key: String, in place: String, known: [String]) {
        let hint = Suggestions.closest(to: key, in: known).map { "; did you mean '\($0)'?" }
            ?? " (known keys: \(known.joined(separator: ", ")))"
        error(node, "unknown key '\(key)' in \(place)\(hint)")
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, EventValues.isPlain(s) else { return false }
        return EventValues.isNull(s.string)
    }

    func quoted(_ s: String) -> String { JSONText.quote(s) }

    /// "a list", "a mapping", "the value \"x\"".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s): "the value \(quoted(s.string))"
        case .alias: "an alias"
        }
    }

    /// A node in YAML flow form, as written (scalars by their text).
    func flow(_ node: Node) -> String {
        switch node {
        case .scalar(let s): EventValues.isPlain(s) ? (s.string.isEmpty ? "null" : s.string) : YAMLText.scalar(s.string)
        case .sequence(let seq): "[" + seq.map(flow).joined(separator: ", ") + "]"
        case .mapping(let m): "{" + m.map { "\(flow($0.key)): \(flow($0.value))" }.joined(separator: ", ") + "}"
        case .alias: "*alias"
        }
    }

    /// A Yams error as `file:line:col: error: …`.
    func yamlError(_ error: Error, text: String) -> Diagnostic {
        func context(_ c: YamlError.Context?) -> String {
            guard let c else { return "" }
            return " (\(c.text) that began at line \(c.mark.line), column \(c.mark.column))"
        }
        switch error as? YamlError {
        case .scanner(let c, let problem, let mark, _), .parser(let c, let problem, let mark, _), .composer(let c, let problem, let mark, _):
            return .error(location(mark), "invalid YAML: \(problem)\(context(c))")
        case .duplicatedKeysInMapping(let duplicates, let c):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error(location(c.mark), "invalid YAML: duplicate key \(keys) in one mapping")
        case .reader(let problem, let offset, _, _):
            var line = 1, column = 1
            if let offset {
                for ch in text.prefix(offset) { if ch == "\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count } }
            }
            return .error(SourceLocation(file: file, line: line, column: column), "invalid YAML: \(problem)")
        default:
            return .error(location(nil), "invalid YAML: \(error)")
        }
    }
}

