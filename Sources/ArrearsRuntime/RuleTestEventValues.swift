import ArrearsEngine
import Yams

/// Turns the YAML values of a test event into the JSON values an inbox line would have, by
/// the type of each field (SPEC §3, §4.7), so the engine's ``EventParser`` validates a test
/// event exactly like an inbox event. Scalars are read from their raw text, never resolved by
/// YAML's own rules: `120.00` stays the amount 120.00, `2026-02-01` stays the text of a date.
enum EventValues {
    /// The value of the event field `key`.
    /// - amounts (`amount`, `installment`): a plain scalar in JSON number form is a number,
    ///   kept as written; anything else is a string, which the parser checks the same way.
    /// - `cleared`: plain `true`/`false` is a bool.
    /// - `attributes` and any other mapping or list: converted member by member (``any(_:)``).
    /// - every other field: a string. Plain `null`, `~` or nothing is null in every field.
    static func field(_ key: String, _ node: Node) -> JSONValue {
        guard case .scalar(let s) = node else { return any(node) }
        guard isPlain(s) else { return .string(s.string) }
        if isNull(s.string) { return .null }
        switch key {
        case "amount", "installment":
            return isJSONNumber(s.string) ? .number(s.string) : .string(s.string)
        case "cleared":
            return bool(s.string).map(JSONValue.bool) ?? .string(s.string)
        default:
            return .string(s.string)
        }
    }

    /// A value without a field type (attribute values and unknown fields): quoted scalars are
    /// strings; plain ones are null (`null`, `~`, nothing), bool (`true`, `false`), a number
    /// (JSON number form, kept as written) or else a string.
    static func any(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            guard isPlain(s) else { return .string(s.string) }
            if isNull(s.string) { return .null }
            if let b = bool(s.string) { return .bool(b) }
            return isJSONNumber(s.string) ? .number(s.string) : .string(s.string)
        case .mapping(let m):
            var members: [JSONObject.Member] = []
            for (key, value) in m {
                // Duplicate keys were rejected by the YAML reader; non-scalar keys become text.
                let name = key.scalar?.string ?? "\(key)"
                members.append(JSONObject.Member(key: name, value: any(value)))
            }
            return .object(JSONObject(members))
        case .sequence(let seq):
            return .array(seq.map(any))
        case .alias:
            return .null
        }
    }

    /// Plain (unquoted, untagged) scalars are typed by their text; quoted, block and `!!str`
    /// scalars are strings.
    static func isPlain(_ s: Node.Scalar) -> Bool {
        (s.style == .plain || s.style == .any) && s.tag.description.isEmpty
    }

    static func isNull(_ text: String) -> Bool { ["", "~", "null", "Null", "NULL"].contains(text) }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isJSONNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        let n = digits()
        if n == 0 || (n > 1 && b[intStart] == UInt8(ascii: "0")) { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { return false }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == b.count
    }

    /// Compact JSON text of a value (numbers as written).
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .object(let o): "{" + o.members.map { JSONText.quote($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .array(let a): "[" + a.map(json).joined(separator: ",") + "]"
        case .string(let s): JSONText.quote(s)
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }
}
