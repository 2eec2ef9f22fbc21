/// Compiles typed expressions into closures over one concrete `CaseFacts` type, so that
/// evaluation does no tree walking, no boxing of values and no dynamic dispatch on facts.
struct ExpressionCompiler<F: CaseFacts> {
    typealias Fn<T> = (F) throws(EvaluationError) -> T
    let lets: [LetDefinition]
    /// Values of boolean and numeric lets already computed in the current evaluation; nil for
    /// constant folding, which evaluates once.
    var cache: LetCache? = nil

    init(lets: [LetDefinition], cache: LetCache? = nil) {
        self.lets = lets
        self.cache = cache
    }

    func fail(_ e: ArithmeticError, _ n: TypedExpression) -> EvaluationError {
        EvaluationError(error: e, expression: n.source, location: n.location)
    }

    // MARK: Booleans

    func bool(_ n: TypedExpression) -> Fn<Bool> {
        switch n.kind {
        case .constant(.bool(let b)): return { _ in b }
        case .fact(.signal(let s)): return { $0.signalActive(s) }
        case .fact(.open(let a)): return { $0.isOpen(a) }
        case .letReference(let i):
            let f = bool(lets[i].value)
            guard let cache else { return f }
            return { facts throws(EvaluationError) in
                if let v = cache.bool(i) { return v }
                let v = try f(facts)
                cache.set(i, bool: v)
                return v
            }
        case .not(let x):
            let f = bool(x)
            return { facts throws(EvaluationError) in try !f(facts) }
        case .and(let a, let b):
            let fa = bool(a), fb = bool(b)
            return { facts throws(EvaluationError) in try fa(facts) ? try fb(facts) : false }
        case .or(let a, let b):
            let fa = bool(a), fb = bool(b)
            return { facts throws(EvaluationError) in try fa(facts) ? true : try fb(facts) }
        case .compare(let op, let a, let b): return compare(op, a, b)
        case .member(let a, let values): return member(a, values)
        case .attributeCompare(let name, let op, let other): return attributeCompare(name, op, other)
        case .attributeMember(let name, let type, let values):
            let set = Set(values)
            return { facts in
                guard let v = facts.attribute(name), let value = ExpressionCompiler.value(of: v, as: type) else { return false }
                return set.contains(value)
            }
        default:
            preconditionFailure("not a boolean expression: \(n.source)")
        }
    }

    private func ordered<T: Comparable>(_ op: BinaryOperator, _ fa: @escaping Fn<T>, _ fb: @escaping Fn<T>) -> Fn<Bool> {
        switch op {
        case .eq: return { f throws(EvaluationError) in try fa(f) == fb(f) }
        case .ne: return { f throws(EvaluationError) in try fa(f) != fb(f) }
        case .lt: return { f throws(EvaluationError) in try fa(f) < fb(f) }
        case .le: return { f throws(EvaluationError) in try fa(f) <= fb(f) }
        case .gt: return { f throws(EvaluationError) in try fa(f) > fb(f) }
        default: return { f throws(EvaluationError) in try fa(f) >= fb(f) }
        }
    }

    private func equality<T: Equatable>(_ op: BinaryOperator, _ fa: @escaping Fn<T>, _ fb: @escaping Fn<T>) -> Fn<Bool> {
        op == .eq ? { f throws(EvaluationError) in try fa(f) == fb(f) } : { f throws(EvaluationError) in try fa(f) != fb(f) }
    }

    /// Facts whose values are whole numbers, read without going through `Exact`.
    private func intFact(_ n: TypedExpression) -> Fn<Int>? {
        guard case .fact(let fact) = n.kind else { return nil }
        switch fact {
        case .arrearsDays: return { $0.arrearsDays }
        case .arrearsInvoices: return { $0.arrearsInvoices }
        case .paymentDays: return { $0.paymentDays }
        case .contacts(let d, let c): return { $0.contacts(within: d, channel: c) }
        case .reached(let d, let c): return { $0.reached(within: d, channel: c) }
        case .delivered(let d, let c): return { $0.delivered(within: d, channel: c) }
        case .deliveredDays(let c): return { $0.deliveredDays(c) }
        case .unreachedStreak: return { $0.unreachedStreak }
        case .signalDays(let s): return { $0.signalDays(s) }
        case .arrangementBroken(let d): return { $0.arrangementsBroken(within: d) }
        case .done(let a, let d): return { $0.done(a, within: d) }
        case .todayDay: return { $0.today.day }
        case .daysToPayday: return { $0.daysToPayday }
        default: return nil
        }
    }

    /// `fact OP literal` on whole numbers, the most common comparison, in one closure.
    private func integerComparison(_ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression) -> Fn<Bool>? {
        guard let fa = intFact(a), case .constant(.number(let x)) = b.kind, let k = x.intValue else { return nil }
        switch op {
        case .eq: return { f throws(EvaluationError) in try fa(f) == k }
        case .ne: return { f throws(EvaluationError) in try fa(f) != k }
        case .lt: return { f throws(EvaluationError) in try fa(f) < k }
        case .le: return { f throws(EvaluationError) in try fa(f) <= k }
        case .gt: return { f throws(EvaluationError) in try fa(f) > k }
        default: return { f throws(EvaluationError) in try fa(f) >= k }
        }
    }

    private func compare(_ op: BinaryOperator, _ a: TypedExpression, _ b: TypedExpression) -> Fn<Bool> {
        switch a.type {
        case .number, .money:
            if let f = integerComparison(op, a, b) { return f }
            let flipped: BinaryOperator = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le][op] ?? op
            if let f = integerComparison(flipped, b, a) { return f }
            // Integer-valued facts against integer literals are the common case: compare Ints.
            return ordered(op, exact(a), exact(b))
        case .duration: return ordered(op, duration(a), duration(b))
        case .date: return ordered(op, date(a), date(b))
        case .weekday: return ordered(op, weekday(a), weekday(b))
        case .string: return equality(op, string(a), string(b))
        case .bool: return equality(op, bool(a), bool(b))
        }
    }

    private func member(_ a: TypedExpression, _ values: [Value]) -> Fn<Bool> {
        let f = value(a)
        let set = Set(values.map { ExpressionCompiler.normalized($0) })
        return { facts throws(EvaluationError) in set.contains(ExpressionCompiler.normalized(try f(facts))) }
    }

    /// Numbers compare by value whatever their scale (`1.50` in a list matches `1.5`).
    static func normalized(_ v: Value) -> Value {
        guard case .number(let n) = v else { return v }
        var m = n.mantissa, s = n.scale
        while s > 0 && m % 10 == 0 { m /= 10; s -= 1 }
        return .number(Exact(mantissa: m, scale: s))
    }

    static func value(of attribute: AttributeValue, as type: ValueType) -> Value? {
        switch (attribute, type) {
        case (.string(let s), .string): .string(s)
        case (.number(let n), .number), (.number(let n), .money): normalized(.number(n))
        case (.bool(let b), .bool): .bool(b)
        default: nil
        }
    }

    /// An unset attribute or one of another type compares false; `!=` is `not ==`.
    private func attributeCompare(_ name: String, _ op: BinaryOperator, _ other: TypedExpression) -> Fn<Bool> {
        let type = other.type
        switch type {
        case .number, .money:
            let fo = exact(other)
            return { facts throws(EvaluationError) in
                guard case .number(let v)? = facts.attribute(name) else { return op == .ne }
                let c = Exact.compare(v, try fo(facts))
                switch op {
                case .eq: return c == 0
                case .ne: return c != 0
                case .lt: return c < 0
                case .le: return c <= 0
                case .gt: return c > 0
                default: return c >= 0
                }
            }
        default:
            let fo = value(other)
            return { facts throws(EvaluationError) in
                let equal: Bool
                if let v = facts.attribute(name), let typed = ExpressionCompiler.value(of: v, as: type) {
                    equal = typed == (try fo(facts))
                } else {
                    equal = false
                }
                return op == .eq ? equal : !equal
            }
        }
    }

    // MARK: Numbers and money

    func exact(_ n: TypedExpression) -> Fn<Exact> {
        switch n.kind {
        case .constant(.number(let x)): return { _ in x }
        case .fact(let fact): return exactFact(fact)
        case .letReference(let i):
            let f = exact(lets[i].value)
            guard let cache else { return f }
            return { facts throws(EvaluationError) in
                if let v = cache.number(i) { return v }
                let v = try f(facts)
                cache.set(i, number: v)
                return v
            }
        case .negate(let x):
            let f = exact(x)
            return { facts throws(EvaluationError) in try f(facts).negated() }
        case .absolute(let x):
            let f = exact(x)
            return { facts throws(EvaluationError) in let v = try f(facts); return v.isNegative ? v.negated() : v }
        case .minimum(let a, let b):
            let fa = exact(a), fb = exact(b)
            return { facts throws(EvaluationError) in Swift.min(try fa(facts), try fb(facts)) }
        case .maximum(let a, let b):
            let fa = exact(a), fb = exact(b)
            return { facts throws(EvaluationError) in Swift.max(try fa(facts), try fb(facts)) }
        case .arithmetic(let operation, let a, let b):
            let fa = exact(a), fb = exact(b)
            let money = n.type == .money
            let op: (Exact, Exact) throws(ArithmeticError) -> Exact
            switch operation {
            case .add: op = { x, y throws(ArithmeticError) in try x.adding(y) }
            case .sub: op = { x, y throws(ArithmeticError) in try x.subtracting(y) }
            case .mul:
                op = money ? { x, y throws(ArithmeticError) in try x.multiplied(by: y, roundedTo: 2) }
                           : { x, y throws(ArithmeticError) in try x.multiplied(by: y) }
            default:
                op = money ? { x, y throws(ArithmeticError) in try x.divided(by: y, resultScale: 2) }
                           : { x, y throws(ArithmeticError) in try x.divided(by: y) }
            }
            return { facts throws(EvaluationError) in
                let x = try fa(facts), y = try fb(facts)
                do throws(ArithmeticError) { return try op(x, y) } catch { throw fail(error, n) }
            }
        default:
            preconditionFailure("not a number: \(n.source)")
        }
    }

    private func exactFact(_ fact: Fact) -> Fn<Exact> {
        switch fact {
        case .arrearsAmount: return { $0.arrearsAmount }
        case .balance: return { $0.balance }
        case .paymentAmount(let d): return { $0.paymentAmount(within: d) }
        case .arrearsDays: return { Exact($0.arrearsDays) }
        case .arrearsInvoices: return { Exact($0.arrearsInvoices) }
        case .paymentDays: return { Exact($0.paymentDays) }
        case .contacts(let d, let c): return { Exact($0.contacts(within: d, channel: c)) }
        case .reached(let d, let c): return { Exact($0.reached(within: d, channel: c)) }
        case .delivered(let d, let c): return { Exact($0.delivered(within: d, channel: c)) }
        case .deliveredDays(let c): return { Exact($0.deliveredDays(c)) }
        case .unreachedStreak: return { Exact($0.unreachedStreak) }
        case .signalDays(let s): return { Exact($0.signalDays(s)) }
        case .arrangementBroken(let d): return { Exact($0.arrangementsBroken(within: d)) }
        case .done(let a, let d): return { Exact($0.done(a, within: d)) }
        case .todayDay: return { Exact($0.today.day) }
        case .daysToPayday: return { Exact($0.daysToPayday) }
        default: preconditionFailure("not a numeric fact: \(fact)")
        }
    }

    // MARK: Other types

    func duration(_ n: TypedExpression) -> Fn<TimeSpan> {
        switch n.kind {
        case .constant(.duration(let d)): return { _ in d }
        case .letReference(let i): return duration(lets[i].value)
        case .negate(let x):
            let f = duration(x)
            return { facts throws(EvaluationError) in TimeSpan(seconds: -(try f(facts)).seconds) }
        case .absolute(let x):
            let f = duration(x)
            return { facts throws(EvaluationError) in TimeSpan(seconds: abs(try f(facts).seconds)) }
        case .minimum(let a, let b), .maximum(let a, let b):
            let fa = duration(a), fb = duration(b)
            let isMin: Bool = if case .minimum = n.kind { true } else { false }
            return { facts throws(EvaluationError) in
                let x = try fa(facts), y = try fb(facts)
                return isMin ? Swift.min(x, y) : Swift.max(x, y)
            }
        case .arithmetic(let op, let a, let b):
            let fa = duration(a), fb = duration(b)
            let sign: Int64 = op == .add ? 1 : -1
            return { facts throws(EvaluationError) in TimeSpan(seconds: try fa(facts).seconds + sign * (try fb(facts)).seconds) }
        default: preconditionFailure("not a duration: \(n.source)")
        }
    }

    func date(_ n: TypedExpression) -> Fn<LocalDate> {
        switch n.kind {
        case .constant(.date(let d)): return { _ in d }
        case .fact(.todayDate): return { $0.today }
        case .letReference(let i): return date(lets[i].value)
        default: preconditionFailure("not a date: \(n.source)")
        }
    }

    func string(_ n: TypedExpression) -> Fn<String> {
        switch n.kind {
        case .constant(.string(let s)): return { _ in s }
        case .fact(.arrangementStatus): return { $0.arrangementStatus.rawValue }
        case .letReference(let i): return string(lets[i].value)
        default: preconditionFailure("not a string: \(n.source)")
        }
    }

    func weekday(_ n: TypedExpression) -> Fn<Weekday> {
        switch n.kind {
        case .constant(.weekday(let w)): return { _ in w }
        case .fact(.todayWeekday): return { $0.today.weekday }
        case .letReference(let i): return weekday(lets[i].value)
        default: preconditionFailure("not a weekday: \(n.source)")
        }
    }

    /// Any expression as a `Value` (for lists, explanations and constant folding).
    func value(_ n: TypedExpression) -> Fn<Value> {
        switch n.type {
        case .bool: let f = bool(n); return { facts throws(EvaluationError) in .bool(try f(facts)) }
        case .number, .money: let f = exact(n); return { facts throws(EvaluationError) in .number(try f(facts)) }
        case .duration: let f = duration(n); return { facts throws(EvaluationError) in .duration(try f(facts)) }
        case .date: let f = date(n); return { facts throws(EvaluationError) in .date(try f(facts)) }
        case .string: let f = string(n); return { facts throws(EvaluationError) in .string(try f(facts)) }
        case .weekday: let f = weekday(n); return { facts throws(EvaluationError) in .weekday(try f(facts)) }
        }
    }
}

/// Per-evaluation values of lets (SPEC semantics are unchanged: lets are pure). A new
/// generation starts with each evaluation, so nothing is ever cleared.
///
/// The values live in buffers of their own and the class's stored properties are constants:
/// with `var` arrays, every read of a cached let was checked for exclusive access at run time.
/// One evaluation at a time (each evaluator has its own program and cache).
final class LetCache {
    private let generation: UnsafeMutablePointer<UInt64>
    /// The generation each let's value was computed in (0: never).
    private let stamps: UnsafeMutableBufferPointer<UInt64>
    private let bools: UnsafeMutableBufferPointer<Bool>
    private let numbers: UnsafeMutableBufferPointer<Exact>

    init(count: Int) {
        generation = .allocate(capacity: 1)
        generation.initialize(to: 1)
        stamps = .allocate(capacity: count)
        stamps.initialize(repeating: 0)
        bools = .allocate(capacity: count)
        bools.initialize(repeating: false)
        numbers = .allocate(capacity: count)
        numbers.initialize(repeating: .zero)
    }

    deinit {
        generation.deallocate()
        stamps.deallocate()
        bools.deallocate()
        _ = numbers.deinitialize()
        numbers.deallocate()
    }

    /// Forgets every value (a new evaluation begins).
    func startGeneration() { generation.pointee &+= 1 }

    /// Let `i`'s value in this generation, if computed.
    func bool(_ i: Int) -> Bool? { stamps[i] == generation.pointee ? bools[i] : nil }
    func number(_ i: Int) -> Exact? { stamps[i] == generation.pointee ? numbers[i] : nil }

    func set(_ i: Int, bool value: Bool) {
        bools[i] = value
        stamps[i] = generation.pointee
    }

    func set(_ i: Int, number value: Exact) {
        numbers[i] = value
        stamps[i] = generation.pointee
    }
}
