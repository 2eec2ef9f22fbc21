/// A checked expression: names resolved, types known. Shared by the evaluator and `explain`.
public final class TypedExpression: Sendable {
    enum Kind: Sendable {
        case constant(Value)
        case fact(Fact)
        /// A `let`, by index into the rule set's lets.
        case letReference(Int)
        case not(TypedExpression)
        case negate(TypedExpression)
        case and(TypedExpression, TypedExpression)
        case or(TypedExpression, TypedExpression)
        case compare(BinaryOperator, TypedExpression, TypedExpression)
        case arithmetic(BinaryOperator, TypedExpression, TypedExpression)
        case member(TypedExpression, [Value])
        /// `attr(NAME) OP other`, with the attribute on the left; `otherType` fixes the attribute's type.
        case attributeCompare(String, BinaryOperator, TypedExpression)
        case attributeMember(String, ValueType, [Value])
        case minimum(TypedExpression, TypedExpression)
        case maximum(TypedExpression, TypedExpression)
        case absolute(TypedExpression)
    }

    let kind: Kind
    public let type: ValueType
    public let location: SourceLocation
    /// The expression in canonical source form, rendered only when asked for (messages,
    /// `explain`): checking a large rule set never needs most of it.
    public var source: String { renderSource() }
    private let renderSource: @Sendable () -> String
    /// Written as a literal (a number literal next to money becomes money).
    let isLiteral: Bool

    init(_ kind: Kind, _ type: ValueType, _ location: SourceLocation, _ source: @autoclosure @escaping @Sendable () -> String,
         literal: Bool = false) {
        self.kind = kind
        self.type = type
        self.location = location
        self.renderSource = source
        self.isLiteral = literal
    }

    /// Direct sub-expressions (lets are not entered).
    var children: [TypedExpression] {
        switch kind {
        case .constant, .fact, .letReference, .attributeMember: []
        case .not(let e), .negate(let e), .absolute(let e), .member(let e, _), .attributeCompare(_, _, let e): [e]
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
             .minimum(let a, let b), .maximum(let a, let b): [a, b]
        }
    }
}
