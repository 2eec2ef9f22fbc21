/// A lexical token of the rules language (SPEC §4.1).
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `[a-z_][a-z0-9_]*`, reserved words included; the parser tells them apart.
        case identifier
        /// Text between double quotes, escapes resolved.
        case string(String)
        case number(Exact)
        case duration(TimeSpan)
        case date(LocalDate)
        case time(TimeOfDay)
        /// Operators and punctuation: `== != <= >= < > + - * / ( ) [ ] { } , . =`.
        case symbol
        /// Text the lexer rejected (and already reported); the parser stays silent about it.
        case invalid
        case endOfFile
    }

    let kind: Kind
    /// The source text of the token (for a string: with its quotes).
    let text: String
    let location: SourceLocation

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    func isWord(_ w: String) -> Bool { kind == .identifier && text == w }

    /// How the token is named in "expected …, found …" messages.
    var shownAs: String {
        switch kind {
        case .endOfFile: "end of file"
        case .string: "string \(text)"
        case .identifier: "'\(text)'"
        default: "'\(text)'"
        }
    }
}

/// Words that cannot name a rule, action, `let` or signal (SPEC §4.1).
enum ReservedWords {
    static let declarations: Set<String> = [
        "ruleset", "calendar", "limit", "action", "signal", "let", "rule", "when", "then", "queue",
        "priority", "due", "note", "hold", "tag", "in", "after", "payday", "now", "per", "channel",
        "kind", "cooldown", "lasts",
    ]
    static let logic: Set<String> = ["and", "or", "not", "true", "false"]
    static let factRoots: Set<String> = [
        "arrears", "balance", "payment", "contacts", "reached", "unreached_streak", "signal_days",
        "delivered", "delivered_days",
        "arrangement", "done", "open", "attr", "today", "days_to_payday", "min", "max", "abs",
    ]
    static let all: Set<String> = declarations.union(logic).union(factRoots)
}
