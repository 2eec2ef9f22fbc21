import Testing
@testable import ArrearsEngine

/// The error of parsing `text`, nil when it parses.
private func jsonError(_ text: String, maxDepth: Int = JSONReader.defaultMaxDepth) -> JSONError? {
    do {
        _ = try JSONReader.parse(text, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func jsonError(bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONReader.parse(bytes: bytes)
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONReaderTests {
    @Test func keepsKeyOrderAndNumberSourceText() throws {
        let value = try JSONReader.parse(#" {"b": 1, "a": [true, false, null], "c": "x", "n": -12.50e+3, "z": 0.10} "#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a", "c", "n", "z"])
        #expect(object["n"] == .number("-12.50e+3"))
        #expect(object["z"] == .number("0.10"))
        #expect(object["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(object["c"] == .string("x"))
        #expect(object["missing"] == nil)
    }

    @Test func decodesEscapes() throws {
        let value = try JSONReader.parse(#""q\"b\\s\/\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("q\"b\\s/\u{8}\u{C}\n\r\té😀"))
        #expect(try JSONReader.parse("\"caf\u{E9} ok\"") == .string("café ok"))
    }

    @Test func emptyInput() {
        #expect(jsonError("   ") == JSONError(column: 4, kind: .emptyInput))
        #expect(jsonError("   ")?.message == "empty input, expected a JSON value")
    }

    @Test func unterminatedStringPointsAtTheOpeningQuote() {
        let e = jsonError(#"{"id":"abc"#)
        #expect(e?.column == 7)
        #expect(e?.message == "unterminated string")
        #expect(jsonError(#"{"id":"ab\"#)?.message == "unterminated string")
    }

    @Test func badEscape() {
        let e = jsonError(#""a\qb""#)
        #expect(e?.column == 3)
        #expect(e?.message == #"invalid escape '\q' in string"#)
    }

    @Test func badUnicodeEscape() {
        let e = jsonError(#""x\u12G4""#)
        #expect(e?.column == 3)
        #expect(e?.message == #"invalid \u escape: expected four hex digits"#)
    }

    @Test func unpairedSurrogates() {
        #expect(jsonError(#""\ud800x""#)?.message == #"unpaired UTF-16 surrogate in \u escape"#)
        #expect(jsonError(#""\udc00""#)?.kind == .unpairedSurrogate)
        #expect(jsonError(#""\ud800\u0041""#)?.kind == .unpairedSurrogate)
    }

    @Test func rawControlCharacterInString() {
        let e = jsonError("\"a\tb\"")
        #expect(e?.column == 3)
        #expect(e?.message == "unescaped control character U+0009 in string")
    }

    @Test func trailingGarbage() {
        let e = jsonError(#"{"a":1} x"#)
        #expect(e?.column == 9)
        #expect(e?.message == "unexpected 'x' after the JSON value")
        #expect(jsonError("{} {}")?.message == "unexpected '{' after the JSON value")
    }

    @Test func duplicateKeyPointsAtTheSecondKey() {
        let e = jsonError(#"{"a":1,"a":2}"#)
        #expect(e?.column == 8)
        #expect(e?.message == #"duplicate key "a""#)
        // Also past the linear-search size.
        let many = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(jsonError("{" + many + ",\"k3\":0}")?.kind == .duplicateKey("k3"))
        #expect(jsonError("{" + many + "}") == nil)
    }

    @Test func nestingTooDeep() {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(jsonError(ok) == nil)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(jsonError(deep) == JSONError(column: 65, kind: .nestingTooDeep(limit: 64)))
        #expect(jsonError(deep)?.message == "nesting deeper than 64 levels")
        #expect(jsonError(#"{"a":{"b":{}}}"#, maxDepth: 2)?.column == 11)
    }

    @Test func invalidUTF8() {
        // 0xC3 needs a continuation byte; '(' is not one.
        let e = jsonError(bytes: [0x22, 0xC3, 0x28, 0x22])
        #expect(e?.column == 2)
        #expect(e?.message == "invalid UTF-8 byte 0xC3")
        #expect(jsonError(bytes: [0xFF])?.message == "invalid UTF-8 byte 0xFF")
        #expect(jsonError(bytes: [0x22, 0xC0, 0xAF, 0x22])?.kind == .invalidUTF8(0xC0))  // overlong '/'
        #expect(jsonError(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22])?.kind == .invalidUTF8(0xED))  // encoded surrogate
        #expect(jsonError(bytes: [0x22, 0xE2, 0x82, 0xAC, 0x22]) == nil)  // €
    }

    @Test func byteOrderMark() {
        #expect(jsonError("\u{FEFF}{}") == JSONError(column: 1, kind: .byteOrderMark))
        #expect(jsonError("\u{FEFF}{}")?.message == "byte order mark (U+FEFF) is not allowed")
    }

    @Test func unexpectedEnd() {
        let e = jsonError(#"{"a":"#)
        #expect(e?.column == 6)
        #expect(e?.message == "unexpected end of input, expected a value")
        #expect(jsonError("[1")?.message == "unexpected end of input, expected ',' or ']'")
    }

    @Test func unexpectedCharacters() {
        #expect(jsonError(#"{"a" 1}"#) == JSONError(column: 6, kind: .unexpectedCharacter(found: "'1'", expected: "':'")))
        #expect(jsonError(#"{"a" 1}"#)?.message == "unexpected '1', expected ':'")
        #expect(jsonError(#"{"a":1 "b":2}"#)?.message == #"unexpected '"', expected ',' or '}'"#)
        #expect(jsonError("[1,]")?.message == "unexpected ']', expected a value")
        #expect(jsonError("{'a':1}")?.message == "unexpected ''', expected a string key")
        #expect(jsonError("{1:2}")?.column == 2)
    }

    @Test func columnsCountUnicodeScalars() {
        let e = jsonError(#"{"é€":1 x}"#)
        #expect(e?.column == 9)
        #expect(jsonError("é")?.message == "unexpected U+00E9, expected a value")
    }

    @Test func invalidNumbers() {
        #expect(jsonError("01") == JSONError(column: 1, kind: .invalidNumber(reason: "leading zero")))
        #expect(jsonError("01")?.message == "invalid number: leading zero")
        #expect(jsonError("[1.]")?.message == "invalid number: expected a digit after '.'")
        #expect(jsonError("[1.]")?.column == 4)
        #expect(jsonError("-")?.message == "invalid number: expected a digit after '-'")
        #expect(jsonError("1e")?.message == "invalid number: expected a digit in the exponent")
        #expect(jsonError("+1")?.message == "unexpected '+', expected a value")
        #expect(jsonError(".5")?.message == "unexpected '.', expected a value")
        #expect(jsonError("-0.5e-3") == nil)
    }

    @Test func invalidLiterals() {
        #expect(jsonError("tru")?.message == "invalid literal 'tru', expected true, false or null")
        #expect(jsonError("[nulls]")?.kind == .invalidLiteral("nulls"))
        #expect(jsonError("[nulls]")?.column == 2)
        #expect(jsonError("True")?.message == "unexpected 'T', expected a value")
    }
}
