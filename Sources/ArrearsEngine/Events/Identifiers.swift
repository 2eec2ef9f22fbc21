/// The id rule of SPEC §3 shared by event, case and invoice ids: 1–200 of `A-Z a-z 0-9 . _ : -`.
public enum IdentifierRule {
    public static let maxLength = 200

    /// Whether `byte` may appear in an id.
    @inline(__always)
    public static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// nil when `text` is a valid id, else the problem (without the field name).
    public static func problem(_ text: String) -> String? {
        // Valid ids, the usual case, are decided on their bytes alone.
        var text = text
        if text.withUTF8({ !$0.isEmpty && $0.count <= maxLength && $0.allSatisfy(isAllowed) }) { return nil }
        let count = text.unicodeScalars.count
        if count == 0 || count > maxLength { return "must be 1 to \(maxLength) characters, got \(count)" }
        for scalar in text.unicodeScalars where !(scalar.isASCII && isAllowed(UInt8(scalar.value))) {
            let shown = scalar.value >= 0x20 && scalar.value <= 0x7E ? "'\(Character(scalar))'" : JSONError.scalarName(scalar.value)
            return "character \(shown) is not allowed (only A-Z a-z 0-9 . _ : -)"
        }
        return nil
    }

    /// `[a-z_][a-z0-9_]*`: action and signal names.
    public static func isName(_ text: some StringProtocol) -> Bool {
        var first = true
        for byte in text.utf8 {
            let ok = byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (!first && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !ok { return false }
            first = false
        }
        return !first
    }
}

/// An event id, the idempotency key. Compares byte-wise.
public struct EventID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: EventID, b: EventID) -> Bool { ByteOrder.precedes(a.rawValue, b.rawValue) }
}

/// A case (customer account) id. Compares byte-wise.
public struct CaseID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: CaseID, b: CaseID) -> Bool { ByteOrder.precedes(a.rawValue, b.rawValue) }
}

/// An invoice id within a case. Compares byte-wise (the FIFO tie-break).
public struct InvoiceID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: InvoiceID, b: InvoiceID) -> Bool { ByteOrder.precedes(a.rawValue, b.rawValue) }
}

/// A work item id `CASE/ACTION/N` (SPEC §4.5 rule 8).
public struct WorkItemID: Sendable, Hashable, CustomStringConvertible {
    public let caseID: CaseID
    /// An action name, `[a-z_][a-z0-9_]*`.
    public let action: String
    /// Positive.
    public let number: Int

    public init(caseID: CaseID, action: String, number: Int) {
        self.caseID = caseID
        self.action = action
        self.number = number
    }

    /// Parses `CASE/ACTION/N`; the error says which part is wrong. Works on the UTF-8 bytes
    /// (ids are read back for every open item a case has).
    public static func parse(_ text: String) -> Result<WorkItemID, WorkItemIDError> {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses the UTF-8 bytes of `CASE/ACTION/N`. `actionName` gets the action's bytes and
    /// `make`, which makes the name of them and checks it (nil if it is not a name), and
    /// returns the name: a reader of many ids may give back a name it made before for the
    /// same bytes (one string shared by all the ids of an action, and no check each time).
    public static func parse(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        actionName: (_ bytes: UnsafeBufferPointer<UInt8>, _ make: () -> String?) -> String? = { $1() }
    ) -> Result<WorkItemID, WorkItemIDError> {
        var firstSlash = -1, secondSlash = -1
        for k in bytes.indices where bytes[k] == UInt8(ascii: "/") {
            if firstSlash < 0 {
                firstSlash = k
            } else if secondSlash < 0 {
                secondSlash = k
            } else {
                return .failure(.notThreeParts)
            }
        }
        guard secondSlash >= 0 else { return .failure(.notThreeParts) }
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        let caseText = string(0..<firstSlash)
        if let problem = IdentifierRule.problem(caseText) { return .failure(.badCase(problem)) }
        let actionRange = firstSlash + 1..<secondSlash
        let action = actionName(UnsafeBufferPointer(rebasing: bytes[actionRange])) {
            let text = string(actionRange)
            return IdentifierRule.isName(text) ? text : nil
        }
        guard let action else { return .failure(.badAction(string(actionRange))) }
        let digits = bytes[(secondSlash + 1)...]
        var number = 0
        var valid = !digits.isEmpty && digits.first != UInt8(ascii: "0")
        for d in digits where valid {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { valid = false; break }
            let (times10, o1) = number.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(d - UInt8(ascii: "0")))
            if o1 || o2 { valid = false } else { number = sum }
        }
        guard valid else { return .failure(.badNumber(string(secondSlash + 1..<bytes.count))) }
        return .success(WorkItemID(caseID: CaseID(rawValue: caseText), action: action, number: number))
    }

    public var description: String { "\(caseID.rawValue)/\(action)/\(number)" }
}

/// Why text is not a work item id.
public enum WorkItemIDError: Error, Sendable, Hashable, CustomStringConvertible {
    case notThreeParts
    case badCase(String)
    case badAction(String)
    case badNumber(String)

    public var description: String {
        switch self {
        case .notThreeParts: "is not of the form CASE/ACTION/N"
        case .badCase(let problem): "case part \(problem)"
        case .badAction(let a): "action \(JSONText.quote(a)) is not a name ([a-z_][a-z0-9_]*)"
        case .badNumber(let n): "number \(JSONText.quote(n)) is not a positive integer"
        }
    }
}
