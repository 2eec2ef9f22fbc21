/// A strict JSON reader (RFC 8259) that keeps the source text of numbers.
///
/// Strict means: one value and nothing after it but white space, no duplicate keys, no
/// comments, no trailing commas, no byte order mark, well-formed UTF-8 only, nesting bounded.
public enum JSONReader {
    /// The default bound on nested objects and arrays.
    public static let defaultMaxDepth = 64

    /// Parses UTF-8 bytes; invalid UTF-8 is an error (not replaced).
    public static func parse(bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            return parser.parseDocument()
        } ?? {
            let copy = Array(bytes)
            return copy.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
                return parser.parseDocument()
            }
        }()
        return try result.get()
    }

    /// Parses text. A Swift string is always valid UTF-8, so `invalidUTF8` cannot occur here;
    /// read raw file bytes with ``parse(bytes:maxDepth:)`` to detect it.
    public static func parse(_ text: Substring, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        try parse(bytes: text.utf8, maxDepth: maxDepth)
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        try parse(bytes: text.utf8, maxDepth: maxDepth)
    }
}

/// The recursive-descent parser over one contiguous UTF-8 buffer.
struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.b = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() -> Result<JSONValue, JSONError> {
        do throws(JSONError) {
            if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { throw error(at: 0, .byteOrderMark) }
            skipWhiteSpace()
            if i == b.count { throw error(at: i, .emptyInput) }
            let value = try parseValue(depth: 0)
            skipWhiteSpace()
            if i < b.count { throw error(at: i, .trailingCharacters(found: try describe(at: i))) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard i < b.count else { throw error(at: i, .unexpectedEnd(expected: "a value")) }
        switch b[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return try parseLiteral()
        default: throw error(at: i, .unexpectedCharacter(found: try describe(at: i), expected: "a value"))
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw error(at: i, .nestingTooDeep(limit: maxDepth)) }
        i += 1  // {
        var members: [JSONObject.Member] = []
        var keySet: Set<String>? = nil
        skipWhiteSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
        while true {
            skipWhiteSpace()
            guard i < b.count else { throw error(at: i, .unexpectedEnd(expected: "a string key")) }
            guard b[i] == UInt8(ascii: "\"") else {
                throw error(at: i, .unexpectedCharacter(found: try describe(at: i), expected: "a string key"))
            }
            let keyStart = i
            let key = try parseString()
            // Linear search while the object is small, a set once it grows.
            if members.count >= 16 {
                if keySet == nil { keySet = Set(members.map(\.key)) }
                if keySet!.contains(key) { throw error(at: keyStart, .duplicateKey(key)) }
                keySet!.insert(key)
            } else {
                for m in members where m.key == key { throw error(at: keyStart, .duplicateKey(key)) }
            }
            skipWhiteSpace()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhiteSpace()
            let value = try parseValue(depth: depth)
            members.append(JSONObject.Member(key: key, value: value))
            skipWhiteSpace()
            guard i < b.count else { throw error(at: i, .unexpectedEnd(expected: "',' or '}'")) }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
            throw error(at: i, .unexpectedCharacter(found: try describe(at: i), expected: "',' or '}'"))
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw error(at: i, .nestingTooDeep(limit: maxDepth)) }
        i += 1  // [
        var elements: [JSONValue] = []
        skipWhiteSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipWhiteSpace()
            elements.append(try parseValue(depth: depth))
            skipWhiteSpace()
            guard i < b.count else { throw error(at: i, .unexpectedEnd(expected: "',' or ']'")) }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            throw error(at: i, .unexpectedCharacter(found: try describe(at: i), expected: "',' or ']'"))
        }
    }

    mutating func parseLiteral() throws(JSONError) -> JSONValue {
        let start = i
        while i < b.count, b[i] >= UInt8(ascii: "a"), b[i] <= UInt8(ascii: "z") { i += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: throw error(at: start, .invalidLiteral(String(word.prefix(20))))
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
    mutating func parseNumber() throws(JSONError) -> String {
        let start = i
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, isDigit(b[i]) else { throw error(at: i, .invalidNumber(reason: "expected a digit after '-'")) }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if i < b.count, isDigit(b[i]) { throw error(at: start, .invalidNumber(reason: "leading zero")) }
        } else {
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count, isDigit(b[i]) else { throw error(at: i, .invalidNumber(reason: "expected a digit after '.'")) }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { throw error(at: i, .invalidNumber(reason: "expected a digit in the exponent")) }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote.
    mutating func parseString() throws(JSONError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error(at: i, .controlCharacter(c)) }
            if c < 0x80 { i += 1 } else { i += try validatedSequenceLength(at: i) }
        }
        guard i < b.count else { throw error(at: open, .unterminatedString) }
        // Slow path: decode escapes into a byte buffer.
        var out = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw error(at: i, .controlCharacter(c)) }
            if c >= 0x80 {
                let n = try validatedSequenceLength(at: i)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<i + n]))
                i += n
                continue
            }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let escape = i
            i += 1
            guard i < b.count else { throw error(at: open, .unterminatedString) }
            switch b[i] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\"")); i += 1
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); i += 1
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/")); i += 1
            case UInt8(ascii: "b"): out.append(0x08); i += 1
            case UInt8(ascii: "f"): out.append(0x0C); i += 1
            case UInt8(ascii: "n"): out.append(0x0A); i += 1
            case UInt8(ascii: "r"): out.append(0x0D); i += 1
            case UInt8(ascii: "t"): out.append(0x09); i += 1
            case UInt8(ascii: "u"):
                i += 1
                var scalar = try hex4(escapeAt: escape)
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw error(at: escape, .unpairedSurrogate)
                    }
                    let low = i
                    i += 2
                    let second = try hex4(escapeAt: low)
                    guard second >= 0xDC00, second <= 0xDFFF else { throw error(at: escape, .unpairedSurrogate) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (second - 0xDC00)
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    throw error(at: escape, .unpairedSurrogate)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                throw error(at: escape, .invalidEscape(character: try describeEscaped(at: i)))
            }
        }
        throw error(at: open, .unterminatedString)
    }

    /// Four hex digits at `i`, for the `\u` escape that began at `escapeAt`.
    mutating func hex4(escapeAt: Int) throws(JSONError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < b.count else { throw error(at: escapeAt, .invalidUnicodeEscape) }
            let c = b[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error(at: escapeAt, .invalidUnicodeEscape)
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    // MARK: Helpers

    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    mutating func skipWhiteSpace() {
        while i < b.count {
            switch b[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ name: String) throws(JSONError) {
        guard i < b.count else { throw error(at: i, .unexpectedEnd(expected: name)) }
        guard b[i] == byte else { throw error(at: i, .unexpectedCharacter(found: try describe(at: i), expected: name)) }
        i += 1
    }

    /// The length of the well-formed UTF-8 sequence at `p` (Unicode Table 3-7), or an error.
    func validatedSequenceLength(at p: Int) throws(JSONError) -> Int {
        let c = b[p]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) throws(JSONError) {
            // Report the sequence's lead byte: that is where the character was to begin.
            guard p + k < b.count, b[p + k] >= lo, b[p + k] <= hi else { throw error(at: p, .invalidUTF8(c)) }
        }
        switch c {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: try cont(1); return 2
        case 0xE0: try cont(1, 0xA0); try cont(2); return 3
        case 0xE1...0xEC, 0xEE...0xEF: try cont(1); try cont(2); return 3
        case 0xED: try cont(1, 0x80, 0x9F); try cont(2); return 3
        case 0xF0: try cont(1, 0x90); try cont(2); try cont(3); return 4
        case 0xF1...0xF3: try cont(1); try cont(2); try cont(3); return 4
        case 0xF4: try cont(1, 0x80, 0x8F); try cont(2); try cont(3); return 4
        default: throw error(at: p, .invalidUTF8(c))
        }
    }

    /// `'x'` for printable ASCII, `U+XXXX` otherwise; invalid UTF-8 is reported as such.
    func describe(at p: Int) throws(JSONError) -> String {
        let c = b[p]
        if c >= 0x21, c <= 0x7E { return "'\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return JSONError.scalarName(UInt32(c)) }
        let n = try validatedSequenceLength(at: p)
        let s = String(decoding: UnsafeBufferPointer(rebasing: b[p..<p + n]), as: UTF8.self)
        return JSONError.scalarName(s.unicodeScalars.first!.value)
    }

    /// The character after a backslash, for the invalid-escape message.
    func describeEscaped(at p: Int) throws(JSONError) -> String {
        let c = b[p]
        if c >= 0x21, c <= 0x7E { return String(Character(Unicode.Scalar(c))) }
        return try describe(at: p)
    }

    /// An error at byte offset `p`, converted to a 1-based column in Unicode scalars.
    func error(at p: Int, _ kind: JSONError.Kind) -> JSONError {
        var column = 1
        var k = 0
        let end = min(p, b.count)
        while k < end {
            if b[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return JSONError(column: column, kind: kind)
    }
}
