/// Expressions, by precedence low to high: or; and; not; comparisons and `in [...]`
/// (not chaining); + -; * /; unary minus; primaries (SPEC §4.4).
extension Parser {
    mutating func expression() throws(Diagnostic) -> Expr { try orExpression() }

    private mutating func orExpression() throws(Diagnostic) -> Expr {
        var left = try andExpression()
        while current.isWord("or") {
            let at = current.location
            advance()
            left = Expr(kind: .binary(.or, left, try andExpression()), location: at)
        }
        return left
    }

    private mutating func andExpression() throws(Diagnostic) -> Expr {
        var left = try notExpression()
        while current.isWord("and") {
            let at = current.location
            advance()
            left = Expr(kind: .binary(.and, left, try notExpression()), location: at)
        }
        return left
    }

    private mutating func notExpression() throws(Diagnostic) -> Expr {
        if current.isWord("not") {
            let at = current.location
            advance()
            return Expr(kind: .not(try notExpression()), location: at)
        }
        return try comparison()
    }

    private func comparisonOperator() -> BinaryOperator? {
        guard current.kind == .symbol else { return nil }
        return BinaryOperator(rawValue: current.text).flatMap { $0.isComparison ? $0 : nil }
    }

    private mutating func comparison() throws(Diagnostic) -> Expr {
        let left = try additive()
        var result = left
        if let op = comparisonOperator() {
            let at = current.location
            advance()
            result = Expr(kind: .binary(op, left, try additive()), location: at)
        } else if current.isWord("in") {
            let at = current.location
            advance()
            try expectSymbol("[", " after 'in'")
            var items: [Expr] = []
            if !current.isSymbol("]") {
                items.append(try additive())
                while current.isSymbol(",") { advance(); items.append(try additive()) }
            }
            try expectSymbol("]", " to close the list")
            result = Expr(kind: .inList(left, items), location: at)
        } else if current.isSymbol("=") {
            throw fail("'=' does not compare: write '=='")
        }
        if comparisonOperator() != nil || current.isWord("in") {
            throw fail("comparisons do not chain: join them with 'and'")
        }
        return result
    }

    private mutating func additive() throws(Diagnostic) -> Expr {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op: BinaryOperator = current.text == "+" ? .add : .sub
            let at = current.location
            advance()
            left = Expr(kind: .binary(op, left, try multiplicative()), location: at)
        }
        return left
    }

    private mutating func multiplicative() throws(Diagnostic) -> Expr {
        var left = try unary()
        while current.isSymbol("*") || current.isSymbol("/") {
            let op: BinaryOperator = current.text == "*" ? .mul : .div
            let at = current.location
            advance()
            left = Expr(kind: .binary(op, left, try unary()), location: at)
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expr {
        if current.isSymbol("-") {
            let at = current.location
            advance()
            return Expr(kind: .negate(try unary()), location: at)
        }
        return try primary()
    }

    /// A call argument. Bare names live in their own namespaces (signals, attributes, actions,
    /// channels), so a reserved word is fine there: `attr(limit)`.
    private mutating func argument() throws(Diagnostic) -> Expr {
        if current.kind == .identifier, peek().isSymbol(")") || peek().isSymbol(",") {
            defer { advance() }
            return Expr(kind: .path([current.text]), location: current.location)
        }
        return try expression()
    }

    private mutating func primary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .number(let n): advance(); return Expr(kind: .number(n), location: token.location)
        case .string(let s): advance(); return Expr(kind: .string(s), location: token.location)
        case .duration(let d): advance(); return Expr(kind: .duration(d), location: token.location)
        case .date(let d): advance(); return Expr(kind: .date(d), location: token.location)
        case .time(let t): advance(); return Expr(kind: .time(t), location: token.location)
        case .symbol where token.text == "(":
            advance()
            let inner = try expression()
            try expectSymbol(")", " to close the parenthesis")
            return inner
        case .identifier:
            if token.text == "true" || token.text == "false" {
                advance()
                return Expr(kind: .bool(token.text == "true"), location: token.location)
            }
            if ReservedWords.declarations.contains(token.text) && token.text != "signal" || ReservedWords.logic.contains(token.text) {
                throw expected("an expression")
            }
            var path = [token.text]
            advance()
            while current.isSymbol("."), peek().kind == .identifier {
                advance()
                path.append(current.text)
                advance()
            }
            guard current.isSymbol("(") else { return Expr(kind: .path(path), location: token.location) }
            advance()
            var args: [Expr] = []
            if !current.isSymbol(")") {
                args.append(try argument())
                while current.isSymbol(",") { advance(); args.append(try argument()) }
            }
            try expectSymbol(")", " to close the argument list")
            return Expr(kind: .call(path, args), location: token.location)
        default:
            throw expected("an expression")
        }
    }
}
