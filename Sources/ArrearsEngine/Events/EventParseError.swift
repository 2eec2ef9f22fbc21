/// Why an event line was rejected. Every message names the field it is about.
public enum EventParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON at all.
    case invalidJSON(JSONError)
    /// JSON, but not an object; `found` is e.g. "an array".
    case notAnObject(found: String)
    /// The line exceeds the parser's byte limit.
    case tooLong(bytes: Int, limit: Int)
    /// A required field is absent.
    case missingField(String)
    /// A field is present but wrong; `problem` says how.
    case invalidField(field: String, problem: String)

    public var message: String {
        switch self {
        case .invalidJSON(let e): "invalid JSON at column \(e.column): \(e.message)"
        case .notAnObject(let found): "expected a JSON object, found \(found)"
        case .tooLong(let bytes, let limit): "line is \(bytes) bytes long, at most \(limit) are allowed"
        case .missingField(let name): "missing field \(JSONText.quote(name))"
        case .invalidField(let field, let problem): "field \(JSONText.quote(field)): \(problem)"
        }
    }

    public var description: String { message }
}
