/// Facts for evaluating expressions that do not depend on a case. Never consulted: the
/// checker only evaluates expressions it has proven constant.
struct NoFacts: CaseFacts {
    var arrearsAmount: Exact { preconditionFailure("constant expression read a fact") }
    var arrearsDays: Int { preconditionFailure("constant expression read a fact") }
    var arrearsInvoices: Int { preconditionFailure("constant expression read a fact") }
    var balance: Exact { preconditionFailure("constant expression read a fact") }
    var paymentDays: Int { preconditionFailure("constant expression read a fact") }
    func paymentAmount(within: TimeSpan) -> Exact { preconditionFailure("constant expression read a fact") }
    func contacts(within: TimeSpan, channel: Channel?) -> Int { preconditionFailure("constant expression read a fact") }
    func reached(within: TimeSpan, channel: Channel?) -> Int { preconditionFailure("constant expression read a fact") }
    func delivered(within: TimeSpan, channel: Channel?) -> Int { preconditionFailure("constant expression read a fact") }
    func deliveredDays(_ channel: Channel) -> Int { preconditionFailure("constant expression read a fact") }
    var unreachedStreak: Int { preconditionFailure("constant expression read a fact") }
    func signalActive(_ name: String) -> Bool { preconditionFailure("constant expression read a fact") }
    func signalDays(_ name: String) -> Int { preconditionFailure("constant expression read a fact") }
    var arrangementStatus: ArrangementStatus { preconditionFailure("constant expression read a fact") }
    func arrangementsBroken(within: TimeSpan) -> Int { preconditionFailure("constant expression read a fact") }
    func done(_ action: String, within: TimeSpan) -> Int { preconditionFailure("constant expression read a fact") }
    func isOpen(_ action: String) -> Bool { preconditionFailure("constant expression read a fact") }
    func attribute(_ name: String) -> AttributeValue? { preconditionFailure("constant expression read a fact") }
    var today: LocalDate { preconditionFailure("constant expression read a fact") }
    var daysToPayday: Int { preconditionFailure("constant expression read a fact") }
}

extension Checker {
    /// Whether the expression reads no fact and no attribute (lets followed).
    func isConstant(_ n: TypedExpression) -> Bool {
        switch n.kind {
        case .constant: return true
        case .fact, .attributeCompare, .attributeMember: return false
        case .letReference(let i): return letValue(i).map(isConstant) ?? false
        default: return n.children.allSatisfy(isConstant)
        }
    }

    func letValue(_ index: Int) -> TypedExpression? {
        if case .checked(let node, _)? = letStates[letOrder[index]] { return node }
        return nil
    }

    private var resolvedLets: [LetDefinition] {
        letOrder.enumerated().map { i, name in
            LetDefinition(name: name, value: letValue(i) ?? TypedExpression(.constant(.bool(false)), .bool, letLocations[name]!, name),
                          location: letLocations[name]!)
        }
    }

    /// The value of a constant expression; nil if it is not constant or fails (division by zero).
    func constantValue(_ n: TypedExpression) -> Value? {
        guard isConstant(n) else { return nil }
        return try? ExpressionCompiler<NoFacts>(lets: resolvedLets).value(n)(NoFacts())
    }

    /// Whether a condition is always true or always false, looking through `and`/`or`
    /// short-circuits (`x and false` is always false).
    func constantTruth(_ n: TypedExpression) -> Bool? {
        switch n.kind {
        case .and(let a, let b):
            let x = constantTruth(a), y = constantTruth(b)
            if x == false || y == false { return false }
            return x == true && y == true ? true : nil
        case .or(let a, let b):
            let x = constantTruth(a), y = constantTruth(b)
            if x == true || y == true { return true }
            return x == false && y == false ? false : nil
        case .not(let a): return constantTruth(a).map { !$0 }
        case .letReference(let i): return letValue(i).flatMap(constantTruth)
        default:
            if case .bool(let b)? = constantValue(n) { return b }
            return nil
        }
    }
}
