/// A JSON value as read by ``JSONReader``.
///
/// Numbers keep their source text, so that a reader of amounts can reject `12.345` instead of
/// rounding it and can parse `12.34` exactly; nothing here goes through binary floating point.
public enum JSONValue: Sendable, Hashable {
    case object(JSONObject)
    case array([JSONValue])
    case string(String)
    /// The number exactly as written (valid JSON number syntax, e.g. `-1.50e3`).
    case number(String)
    case bool(Bool)
    case null

    /// The kind of value with an article, for messages: "an object", "a number", "null".
    public var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a bool"
        case .null: "null"
        }
    }
}

/// A JSON object: its members in source order. Keys are unique (the reader rejects duplicates).
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in source order.
    public let members: [Member]

    public init(_ members: [Member]) { self.members = members }

    /// The value of `key`, nil if absent. Linear: event objects have a handful of keys.
    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
}
