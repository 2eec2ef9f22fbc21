/// Parses the tokens of one rule file into declarations. A syntax error abandons the
/// declaration it is in (one error per declaration) and parsing resumes at the next
/// declaration keyword, so every broken declaration of a file is reported at once.
struct Parser {
    private let tokens: [Token]
    private var position = 0
    private(set) var declarations: [(Declaration, SourceLocation)] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Names of declarations that failed to parse: references to them are not reported again.
    private(set) var poisonedNames: Set<String> = []

    static let declarationKeywords = ["ruleset", "calendar", "limit", "action", "signal", "let", "rule"]

    init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ source: SourceFile) -> Parser {
        let (tokens, lexDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens)
        parser.diagnostics = lexDiagnostics
        parser.parseFile()
        return parser
    }

    // MARK: Token access

    var current: Token { tokens[position] }
    func peek(_ n: Int = 1) -> Token { tokens[min(position + n, tokens.count - 1)] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func fail(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        .error(location ?? current.location, message)
    }

    /// "expected …, found …"; silent (an empty message) at text the lexer already reported.
    func expected(_ what: String) -> Diagnostic {
        if current.kind == .invalid { return .error(current.location, "") }
        return fail("expected \(what), found \(current.shownAs)")
    }

    mutating func expectWord(_ word: String, _ context: String = "") throws(Diagnostic) {
        guard current.isWord(word) else { throw expected("'\(word)'" + context) }
        advance()
    }

    mutating func expectSymbol(_ symbol: String, _ context: String = "") throws(Diagnostic) {
        guard current.isSymbol(symbol) else { throw expected("'\(symbol)'" + context) }
        advance()
    }

    /// A bare identifier in its own namespace (signal, tag, channel, weekday, holiday set).
    mutating func bareName(_ what: String) throws(Diagnostic) -> Name {
        guard current.kind == .identifier else { throw expected(what) }
        defer { advance() }
        return Name(text: current.text, location: current.location)
    }

    /// A name for a rule, action, `let` or signal: not a reserved word or a weekday.
    mutating func declaredName(_ kind: NameKind) throws(Diagnostic) -> Name {
        guard current.kind == .identifier else { throw expected("a name for the \(kind)") }
        let name = Name(text: current.text, location: current.location)
        if ReservedWords.all.contains(name.text) {
            throw fail("'\(name.text)' is a reserved word and cannot name \(kind.withArticle)")
        }
        if Weekday(name: name.text) != nil {
            throw fail("'\(name.text)' is a weekday and cannot name \(kind.withArticle)")
        }
        advance()
        return name
    }

    mutating func stringLiteral(_ what: String) throws(Diagnostic) -> String {
        guard case .string(let s) = current.kind else { throw expected(what) }
        advance()
        return s
    }

    mutating func duration(_ what: String) throws(Diagnostic) -> TimeSpan {
        guard case .duration(let d) = current.kind else { throw expected(what) }
        advance()
        return d
    }

    mutating func integer(_ what: String) throws(Diagnostic) -> (Int, SourceLocation) {
        guard case .number(let n) = current.kind, let i = n.intValue, n.scale == 0 else { throw expected(what) }
        defer { advance() }
        return (i, current.location)
    }

    // MARK: Declarations

    mutating func parseFile() {
        while current.kind != .endOfFile {
            let start = current.location
            let startPosition = position
            do {
                let declaration = try parseDeclaration()
                declarations.append((declaration, start))
            } catch {
                if !error.message.isEmpty { diagnostics.append(error) }
                if let name = nameOfDeclaration(at: startPosition) { poisonedNames.insert(name) }
                synchronize(from: startPosition)
            }
        }
    }

    private func nameOfDeclaration(at index: Int) -> String? {
        guard index + 1 < tokens.count, ["let", "rule", "action", "signal"].contains(tokens[index].text),
              tokens[index + 1].kind == .identifier else { return nil }
        return tokens[index + 1].text
    }

    /// Skips to the next token that starts a declaration.
    private mutating func synchronize(from start: Int) {
        if position == start { advance() }
        while current.kind != .endOfFile {
            if current.kind == .identifier, Parser.declarationKeywords.contains(current.text),
               !(current.text == "signal" && peek().isSymbol("(")) {
                return
            }
            advance()
        }
    }

    private mutating func parseDeclaration() throws(Diagnostic) -> Declaration {
        let keyword = current
        if keyword.kind == .invalid { throw expected("a declaration") }
        guard keyword.kind == .identifier, Parser.declarationKeywords.contains(keyword.text) else {
            var message = "expected a declaration (\(Parser.declarationKeywords.joined(separator: ", "))), found \(keyword.shownAs)"
            if keyword.kind == .identifier, let s = Suggestions.closest(to: keyword.text, in: Parser.declarationKeywords) {
                message += "; did you mean '\(s)'?"
            }
            throw fail(message)
        }
        advance()
        switch keyword.text {
        case "ruleset":
            return .ruleset(try stringLiteral("the rule set's name in double quotes"), keyword.location)
        case "calendar":
            return .calendar(try calendarBlock(), keyword.location)
        case "limit":
            guard current.isWord("contacts") else { throw expected("'contacts' (only contacts can be limited)") }
            advance()
            let (count, countLocation) = try integer("a whole number of contacts")
            if count < 1 { throw fail("a limit must allow at least 1 contact", at: countLocation) }
            try expectWord("per", " after the number of contacts")
            let window = try duration("a duration such as 7d")
            var channel: Name?
            if current.isWord("channel") { advance(); channel = try bareName("a channel name") }
            return .limit(count: count, window: window, channel: channel, location: keyword.location)
        case "action":
            let name = try declaredName(.action)
            try expectWord("kind", " after the action name (kind pressure or kind support)")
            let kind = try bareName("'pressure' or 'support'")
            var channel: Name?, cooldown: TimeSpan?
            while current.isWord("channel") || current.isWord("cooldown") {
                let word = current
                advance()
                if word.text == "channel" {
                    if channel != nil { throw fail("'channel' given twice", at: word.location) }
                    channel = try bareName("a channel name")
                } else {
                    if cooldown != nil { throw fail("'cooldown' given twice", at: word.location) }
                    cooldown = try duration("a duration such as 7d")
                }
            }
            return .action(name: name, kind: kind, channel: channel, cooldown: cooldown)
        case "signal":
            let name = try declaredName(.signal)
            var lasts: TimeSpan?
            if current.isWord("lasts") {
                advance()
                lasts = try duration("a duration such as 60d")
            }
            return .signal(name: name, lasts: lasts)
        case "let":
            let name = try declaredName(.letBinding)
            try expectSymbol("=", " after the name")
            return .letBinding(name: name, value: try expression())
        default:
            return try rule()
        }
    }

    private mutating func rule() throws(Diagnostic) -> Declaration {
        let name = try declaredName(.rule)
        var description: String?
        if case .string(let s) = current.kind { description = s; advance() }
        try expectSymbol("{", " to open the rule")
        try expectWord("when", " to start the rule's condition")
        let condition = try expression()
        guard current.isWord("then") else {
            throw expected("'then' or an operator to continue the condition")
        }
        advance()
        var effects: [Effect] = []
        while !current.isSymbol("}") {
            if current.kind == .endOfFile { throw fail("expected '}' to close rule '\(name.text)', found end of file") }
            effects.append(try effect())
        }
        if effects.isEmpty { throw fail("rule '\(name.text)' has no effects after 'then' (queue, hold or tag)") }
        advance()
        return .rule(name: name, description: description, condition: condition, effects: effects)
    }

    private mutating func effect() throws(Diagnostic) -> Effect {
        let word = current
        if word.kind == .invalid { throw expected("an effect") }
        switch word.kind == .identifier ? word.text : "" {
        case "queue":
            advance()
            guard current.kind == .identifier else { throw expected("an action name after 'queue'") }
            let action = Name(text: current.text, location: current.location)
            advance()
            try expectWord("priority", " after the action name")
            let priority = try expression()
            var due: Timing?, note: String?
            while current.isWord("due") || current.isWord("note") {
                let clause = current
                advance()
                if clause.text == "due" {
                    if due != nil { throw fail("'due' given twice", at: clause.location) }
                    due = try timing()
                } else {
                    if note != nil { throw fail("'note' given twice", at: clause.location) }
                    note = try stringLiteral("the note in double quotes")
                }
            }
            return .queue(action: action, priority: priority, due: due ?? .now, note: note, location: word.location)
        case "hold":
            advance()
            return .hold(reason: try stringLiteral("the reason for the hold in double quotes"), location: word.location)
        case "tag":
            advance()
            return .tag(try bareName("a tag name"))
        default:
            var message = "expected an effect (queue, hold or tag) or '}', found \(word.shownAs)"
            if word.kind == .identifier, let s = Suggestions.closest(to: word.text, in: ["queue", "hold", "tag"]) {
                message += "; did you mean '\(s)'?"
            }
            throw fail(message)
        }
    }

    private mutating func timing() throws(Diagnostic) -> Timing {
        if current.isWord("now") { advance(); return .now }
        if current.isWord("in") { advance(); return .after(try duration("a duration after 'in', such as 3d")) }
        if current.isWord("after") {
            advance()
            try expectWord("payday", " after 'after'")
            if current.isSymbol("+") {
                advance()
                return .afterPayday(try duration("a duration after 'after payday +', such as 2d"))
            }
            return .afterPayday(TimeSpan(seconds: 0))
        }
        throw expected("a due time: now, in DURATION, after payday, or after payday + DURATION")
    }

    private mutating func calendarBlock() throws(Diagnostic) -> [CalendarItem] {
        try expectSymbol("{", " after 'calendar'")
        var items: [CalendarItem] = []
        let settings = ["timezone", "paydays", "contact_hours", "closed", "holidays", "holiday"]
        while !current.isSymbol("}") {
            let word = current
            if word.kind == .invalid { throw expected("a calendar setting") }
            guard word.kind == .identifier, settings.contains(word.text) else {
                var message = "expected a calendar setting (\(settings.joined(separator: ", "))) or '}', found \(word.shownAs)"
                if word.kind == .identifier, let s = Suggestions.closest(to: word.text, in: settings) {
                    message = "unknown calendar setting '\(word.text)'; did you mean '\(s)'?"
                }
                throw fail(message)
            }
            advance()
            switch word.text {
            case "timezone":
                items.append(.timezone(try stringLiteral("a time zone name in double quotes, such as \"Europe/Amsterdam\""), word.location))
            case "paydays":
                var days = [try integer("a day of the month")]
                while current.isSymbol(",") { advance(); days.append(try integer("a day of the month")) }
                items.append(.paydays(days, word.location))
            case "contact_hours":
                guard case .time(let start) = current.kind else { throw expected("contact hours such as 07:00-20:00") }
                advance()
                try expectSymbol("-", " between the start and end of the contact hours")
                guard case .time(let end) = current.kind else { throw expected("the end of the contact hours, such as 20:00") }
                advance()
                items.append(.contactHours(start, end, word.location))
            case "closed":
                var days = [try bareName("a weekday")]
                while current.isSymbol(",") { advance(); days.append(try bareName("a weekday")) }
                items.append(.closed(days, word.location))
            case "holidays":
                items.append(.holidays(try bareName("a holiday calendar such as nl"), word.location))
            default:
                guard case .date(let d) = current.kind else { throw expected("a date such as 2026-12-31") }
                advance()
                items.append(.holiday(d, word.location))
            }
        }
        advance()
        return items
    }
}
