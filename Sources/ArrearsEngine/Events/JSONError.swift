/// A syntax error in JSON text, with the 1-based column (in Unicode scalars) where it was found.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// Nothing but white space.
        case emptyInput
        /// The text ended where `expected` was needed.
        case unexpectedEnd(expected: String)
        /// `found` (a quoted character or `U+XXXX`) where `expected` was needed.
        case unexpectedCharacter(found: String, expected: String)
        /// A string without its closing quote; the column is the opening quote's.
        case unterminatedString
        /// A backslash followed by `character`, which is no JSON escape.
        case invalidEscape(character: String)
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a surrogate pair.
        case unpairedSurrogate
        /// A raw byte below 0x20 inside a string.
        case controlCharacter(UInt8)
        /// A number that breaks JSON number syntax; `reason` says how.
        case invalidNumber(reason: String)
        /// A bare word that is not `true`, `false` or `null`.
        case invalidLiteral(String)
        /// More text after the complete value.
        case trailingCharacters(found: String)
        /// A key given twice in one object.
        case duplicateKey(String)
        /// Objects and arrays nested deeper than `limit`.
        case nestingTooDeep(limit: Int)
        /// A byte that is not part of well-formed UTF-8.
        case invalidUTF8(UInt8)
        /// A leading U+FEFF.
        case byteOrderMark
    }

    /// 1-based column in Unicode scalars.
    public let column: Int
    public let kind: Kind

    public init(column: Int, kind: Kind) {
        self.column = column
        self.kind = kind
    }

    /// The message without the column.
    public var message: String {
        switch kind {
        case .emptyInput: "empty input, expected a JSON value"
        case .unexpectedEnd(let expected): "unexpected end of input, expected \(expected)"
        case .unexpectedCharacter(let found, let expected): "unexpected \(found), expected \(expected)"
        case .unterminatedString: "unterminated string"
        case .invalidEscape(let c): "invalid escape '\\\(c)' in string"
        case .invalidUnicodeEscape: "invalid \\u escape: expected four hex digits"
        case .unpairedSurrogate: "unpaired UTF-16 surrogate in \\u escape"
        case .controlCharacter(let b): "unescaped control character \(JSONError.scalarName(UInt32(b))) in string"
        case .invalidNumber(let reason): "invalid number: \(reason)"
        case .invalidLiteral(let word): "invalid literal '\(word)', expected true, false or null"
        case .trailingCharacters(let found): "unexpected \(found) after the JSON value"
        case .duplicateKey(let key): "duplicate key \(JSONText.quote(key))"
        case .nestingTooDeep(let limit): "nesting deeper than \(limit) levels"
        case .invalidUTF8(let b): "invalid UTF-8 byte 0x\(JSONError.hex(UInt32(b), digits: 2))"
        case .byteOrderMark: "byte order mark (U+FEFF) is not allowed"
        }
    }

    /// `column N: message`.
    public var description: String { "column \(column): \(message)" }

    static func scalarName(_ value: UInt32) -> String { "U+" + hex(value, digits: 4) }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let s = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
