/// The members of one event object, by key: a ``JSONObject`` from the strict reader or a
/// ``FlatJSONObject`` read in place.
protocol EventFieldSource {
    /// The value of member `key`, nil if absent.
    func value(of key: String) -> JSONValue?
}

extension JSONObject: EventFieldSource {
    func value(of key: String) -> JSONValue? { self[key] }
}

/// Typed access to the fields of one event object; every error names the field.
struct EventFields<Source: EventFieldSource> {
    let object: Source

    func required(_ name: String) throws(EventParseError) -> JSONValue {
        guard let value = object.value(of: name) else { throw .missingField(name) }
        return value
    }

    /// Absent and `null` both mean "not given" for optional fields.
    func optional(_ name: String) -> JSONValue? {
        guard let value = object.value(of: name) else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ name: String) throws(EventParseError) -> String { try FieldValue.string(try required(name), name) }

    func optionalString(_ name: String) throws(EventParseError) -> String? {
        guard let v = optional(name) else { return nil }
        return try FieldValue.string(v, name)
    }

    func id(_ name: String) throws(EventParseError) -> String { try FieldValue.id(try required(name), name) }

    /// An amount: a JSON number or a string in the form of SPEC §3; `positive` also rejects 0.
    func amount(_ name: String, positive: Bool) throws(EventParseError) -> Exact {
        try FieldValue.amount(try required(name), name, positive: positive)
    }

    func date(_ name: String) throws(EventParseError) -> LocalDate { try FieldValue.date(try required(name), name) }

    func optionalBool(_ name: String) throws(EventParseError) -> Bool? {
        guard let v = optional(name) else { return nil }
        guard case .bool(let b) = v else { throw FieldValue.fail(name, "expected a bool, found \(v.kindDescription)") }
        return b
    }

    /// A string that must be one of `E`'s raw values.
    func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type, excluding: Set<String> = []) throws(EventParseError) -> E
    where E.RawValue == String {
        let s = try string(name)
        if !excluding.contains(s), let e = E(rawValue: s) { return e }
        let allowed = E.allCases.map(\.rawValue).filter { !excluding.contains($0) }.joined(separator: ", ")
        throw FieldValue.fail(name, "\(JSONText.quote(s)) is not one of \(allowed)")
    }
}

/// The checks of one field's value; every error names the field.
enum FieldValue {
    static func fail(_ field: String, _ problem: String) -> EventParseError { .invalidField(field: field, problem: problem) }

    static func string(_ value: JSONValue, _ field: String) throws(EventParseError) -> String {
        guard case .string(let s) = value else { throw fail(field, "expected a string, found \(value.kindDescription)") }
        return s
    }

    /// An id field (`id`, `case`, `invoice`): 1–200 of `A-Z a-z 0-9 . _ : -`.
    static func id(_ value: JSONValue, _ field: String) throws(EventParseError) -> String {
        let s = try string(value, field)
        if let problem = IdentifierRule.problem(s) { throw fail(field, problem) }
        return s
    }

    static func amount(_ value: JSONValue, _ field: String, positive: Bool) throws(EventParseError) -> Exact {
        let text: String, quoted: Bool
        switch value {
        case .number(let raw): text = raw; quoted = false
        case .string(let s): text = s; quoted = true
        default: throw fail(field, "expected an amount (a number or a string), found \(value.kindDescription)")
        }
        // How the value appears in a message, made only for one.
        func shown() -> String { quoted ? JSONText.quote(text) : text }
        switch AmountText.parse(text, shown: shown()) {
        case .problem(let problem): throw fail(field, problem)
        case .value(let amount):
            if positive && amount.isZero { throw fail(field, "\(shown()) must be greater than 0") }
            return amount
        }
    }

    /// `YYYY-MM-DD`, a date that exists.
    static func date(_ value: JSONValue, _ field: String) throws(EventParseError) -> LocalDate {
        let s = try string(value, field)
        if let date = LocalDate(s) { return date }
        let u = Array(s.utf8)
        let shaped = u.count == 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-")
            && u.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || ($0.element >= 48 && $0.element <= 57) }
        throw fail(field, shaped ? "\(JSONText.quote(s)) is not a real date" : "\(JSONText.quote(s)) is not a date (YYYY-MM-DD)")
    }
}
