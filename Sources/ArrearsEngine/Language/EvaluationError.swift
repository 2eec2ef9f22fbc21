/// A run-time error while evaluating a rule (division by zero, overflow). It never stops the
/// daemon: it is logged, and the rule fails towards less pressure (SPEC §4.4).
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let error: ArithmeticError
    /// The expression that failed, in source form.
    public let expression: String
    public let location: SourceLocation

    public var description: String {
        let what = error == .divisionByZero ? "division by zero" : "number too large"
        return "\(location): \(what) in \(expression)"
    }
}
