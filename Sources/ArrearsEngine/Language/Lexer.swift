/// Turns rule-file text into tokens. Problems (stray characters, unterminated strings, bad
/// durations, dates and times) become diagnostics; lexing goes on after each so that every
/// problem of a file is reported at once.
struct Lexer {
    private let file: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private(set) var diagnostics: [Diagnostic] = []

    init(_ source: SourceFile) {
        self.file = source.name
        self.scalars = Array(source.text.unicodeScalars)
    }

    static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func error(_ at: SourceLocation, _ message: String) {
        diagnostics.append(.error(at, message))
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }
    private static func isWordStart(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private static func isWordPart(_ c: Unicode.Scalar?) -> Bool { isWordStart(c) || isDigit(c) }

    mutating func next() -> Token {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { advance(); continue }
            if c == "#" { while let d = peek(), d != "\n" { advance() }; continue }
            let start = here
            if Lexer.isWordStart(c) { return word(start) }
            let token: Token?
            if Lexer.isDigit(c) {
                token = numeric(start)
            } else if c == "\"" {
                token = string(start)
            } else {
                token = symbol(start)
            }
            return token ?? Token(kind: .invalid, text: "", location: start)
        }
        return Token(kind: .endOfFile, text: "", location: here)
    }

    private mutating func take(while predicate: (Unicode.Scalar) -> Bool) -> String {
        var s = String.UnicodeScalarView()
        while let c = peek(), predicate(c) { s.append(c); advance() }
        return String(s)
    }

    private mutating func word(_ start: SourceLocation) -> Token {
        let text = take { Lexer.isWordPart($0) }
        if text.unicodeScalars.contains(where: { $0 >= "A" && $0 <= "Z" }) {
            error(start, "names are lowercase: '\(text)' should be '\(text.lowercased())'")
            return Token(kind: .invalid, text: text, location: start)
        }
        return Token(kind: .identifier, text: text, location: start)
    }

    private mutating func numeric(_ start: SourceLocation) -> Token? {
        let digits = take { Lexer.isDigit($0) }
        // Date: YYYY-MM-DD.
        if digits.count == 4, peek() == "-", Lexer.isDigit(peek(1)), Lexer.isDigit(peek(2)), peek(3) == "-" {
            var text = digits
            for _ in 0..<3 { text.unicodeScalars.append(peek()!); advance() }
            text.unicodeScalars.append(peek()!); advance()
            text += take { Lexer.isDigit($0) }
            guard let date = LocalDate(text) else {
                error(start, "invalid date '\(text)': write a real date as YYYY-MM-DD")
                return nil
            }
            return Token(kind: .date(date), text: text, location: start)
        }
        // Time of day: HH:MM.
        if peek() == ":" {
            advance()
            let minutes = take { Lexer.isDigit($0) }
            let text = digits + ":" + minutes
            guard digits.count == 2, minutes.count == 2,
                  let time = TimeOfDay(hour: Int(digits)!, minute: Int(minutes)!) else {
                error(start, "invalid time '\(text)': write a time of day as HH:MM, 00:00 to 24:00")
                return nil
            }
            return Token(kind: .time(time), text: text, location: start)
        }
        var text = digits
        if peek() == ".", Lexer.isDigit(peek(1)) {
            advance()
            text += "." + take { Lexer.isDigit($0) }
        }
        if Lexer.isWordStart(peek()) {
            let unit = take { Lexer.isWordPart($0) }
            let whole = text + unit
            if text.contains(".") {
                error(start, "invalid duration '\(whole)': a duration is a whole number and a unit (m, h, d or w), such as 36h")
                return nil
            }
            guard unit.count == 1, let u = TimeSpan.Unit(rawValue: unit.first!) else {
                error(start, "invalid duration '\(whole)': the unit must be m (minutes), h (hours), d (days) or w (weeks)")
                return nil
            }
            guard let count = Int64(text), count <= 1_000_000 else {
                error(start, "invalid duration '\(whole)': too large")
                return nil
            }
            return Token(kind: .duration(TimeSpan(count, u)), text: whole, location: start)
        }
        guard let value = Exact(text) else {
            error(start, "invalid number '\(text)': too many digits")
            return nil
        }
        return Token(kind: .number(value), text: text, location: start)
    }

    private mutating func string(_ start: SourceLocation) -> Token? {
        advance()  // opening quote
        var value = String.UnicodeScalarView()
        var raw = "\""
        var bad = false
        while true {
            guard let c = peek(), c != "\n" else {
                error(start, "unterminated string: add a closing \" on the same line")
                return nil
            }
            if c == "\"" { advance(); raw += "\""; break }
            if c == "\\" {
                let at = here
                advance()
                guard let e = peek(), e != "\n" else { continue }
                if e == "\"" || e == "\\" {
                    value.append(e)
                } else if !bad {
                    error(at, "unknown escape '\\\(e)' in string: only \\\" and \\\\ are allowed")
                    bad = true
                }
                raw.unicodeScalars.append("\\"); raw.unicodeScalars.append(e)
                advance()
                continue
            }
            value.append(c)
            raw.unicodeScalars.append(c)
            advance()
        }
        return bad ? nil : Token(kind: .string(String(value)), text: raw, location: start)
    }

    private mutating func symbol(_ start: SourceLocation) -> Token? {
        let c = peek()!
        let two: String? = peek(1).map { String(c) + String($0) }
        if let two, ["==", "!=", "<=", ">="].contains(two) {
            advance(); advance()
            return Token(kind: .symbol, text: two, location: start)
        }
        if let two, two == "&&" || two == "||" {
            advance(); advance()
            error(start, "unexpected '\(two)': write '\(two == "&&" ? "and" : "or")'")
            return nil
        }
        advance()
        switch c {
        case "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", "{", "}", ",", ".", "=":
            return Token(kind: .symbol, text: String(c), location: start)
        case "!":
            error(start, "unexpected character '!': write 'not' to negate, '!=' for not equal")
        case "'":
            error(start, "unexpected character \"'\": strings are written in double quotes")
        default:
            let shown = c.value < 0x20 || c.value == 0x7f ? "U+" + String(c.value, radix: 16, uppercase: true) : String(c)
            error(start, "unexpected character '\(shown)'")
        }
        return nil
    }
}
