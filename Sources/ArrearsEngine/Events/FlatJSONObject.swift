/// A flat JSON object read in place from a line's bytes: the usual shape of an event line.
///
/// ``scan(_:into:)`` takes only an object whose members are strings of printable ASCII
/// without escapes, numbers without an exponent, `true`, `false` and `null`, with distinct
/// keys and nothing after it but spaces and tabs. It declines everything else (nested values,
/// escapes, other bytes, anything malformed), which the strict ``JSONReader`` then reads. For
/// an object it takes, each member's value is the one ``JSONReader`` gives, so the event built
/// from it, or the error about a field, is the same; the saving is the tree of `String`s and
/// the array of members that reader builds for every line.
struct FlatJSONObject: EventFieldSource {
    /// One member: where its key and value lie (a string's without its quotes).
    struct Member {
        let key: Range<Int>
        let value: Range<Int>
        let kind: Kind
    }

    enum Kind {
        case string, number, `true`, `false`, null
    }

    /// Members more than this make ``scan(_:into:)`` decline (events have about eight).
    static let maxMembers = 24

    let bytes: UnsafeBufferPointer<UInt8>
    let members: UnsafeBufferPointer<Member>

    /// Reads `bytes` into `slots` (at least ``maxMembers``) and returns the object, or nil
    /// when the line is not of the flat shape. The object refers to both buffers.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into slots: UnsafeMutableBufferPointer<Member>) -> FlatJSONObject? {
        var scanner = Scanner(b: bytes)
        guard let count = scanner.object(into: slots) else { return nil }
        return FlatJSONObject(bytes: bytes, members: UnsafeBufferPointer(rebasing: slots[..<count]))
    }

    func value(of key: String) -> JSONValue? {
        var key = key
        return key.withUTF8 { name -> JSONValue? in
            for member in members where Self.equal(UnsafeBufferPointer(rebasing: bytes[member.key]), name) {
                return value(member)
            }
            return nil
        }
    }

    /// Whether two byte ranges hold the same bytes (keys are a few bytes: a plain loop).
    private static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        for k in 0..<x.count where x[k] != y[k] { return false }
        return true
    }

    private func value(_ member: Member) -> JSONValue {
        switch member.kind {
        case .string: .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self))
        case .number: .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self))
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        }
    }

    /// The reading of one line; every method returns nil to decline.
    private struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func object(into slots: UnsafeMutableBufferPointer<Member>) -> Int? {
            skipSpace()
            guard next(is: "{") else { return nil }
            skipSpace()
            var count = 0
            var more = !next(is: "}")
            while more {
                guard count < slots.count, let member = member(),
                      !slots[..<count].contains(where: { FlatJSONObject.equal(range($0.key), range(member.key)) }) else { return nil }
                slots[count] = member
                count += 1
                skipSpace()
                if next(is: ",") { skipSpace() } else if next(is: "}") { more = false } else { return nil }
            }
            // Only spaces and tabs may follow the object.
            skipSpace()
            return i == b.count ? count : nil
        }

        /// The `"key": value` at `i`.
        private mutating func member() -> Member? {
            guard at("\""), let key = string() else { return nil }
            skipSpace()
            guard next(is: ":") else { return nil }
            skipSpace()
            guard i < b.count else { return nil }
            let start = i
            let kind: Kind
            switch b[i] {
            case UInt8(ascii: "\""): return string().map { Member(key: key, value: $0, kind: .string) }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard number() else { return nil }
                kind = .number
            case UInt8(ascii: "t"):
                guard word("true") else { return nil }
                kind = .true
            case UInt8(ascii: "f"):
                guard word("false") else { return nil }
                kind = .false
            case UInt8(ascii: "n"):
                guard word("null") else { return nil }
                kind = .null
            default:
                return nil
            }
            return Member(key: key, value: start..<i, kind: kind)
        }

        /// The inside of the string whose opening quote is at `i`: printable ASCII, no backslash.
        private mutating func string() -> Range<Int>? {
            i += 1
            let start = i
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return start..<i - 1
                }
                guard c >= 0x20, c <= 0x7E, c != UInt8(ascii: "\\") else { return nil }
                i += 1
            }
            return nil
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, not followed by another digit, `.` or an exponent.
        private mutating func number() -> Bool {
            if b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { return false }
            if b[i] == UInt8(ascii: "0") { i += 1 } else { while i < b.count, isDigit(b[i]) { i += 1 } }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard i < b.count, isDigit(b[i]) else { return false }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            guard i < b.count else { return true }
            let c = b[i]
            return !(isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E"))
        }

        /// The literal `text` at `i`, not followed by another letter (JSONReader reads `[a-z]+`).
        private mutating func word(_ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard i + n <= b.count, b[i..<i + n].elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: n)) else { return false }
            i += n
            return i == b.count || !(b[i] >= UInt8(ascii: "a") && b[i] <= UInt8(ascii: "z"))
        }

        private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

        private func at(_ c: Unicode.Scalar) -> Bool { i < b.count && b[i] == UInt8(ascii: c) }

        private mutating func next(is c: Unicode.Scalar) -> Bool {
            guard at(c) else { return false }
            i += 1
            return true
        }

        private mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        }

        private func range(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: b[r]) }
    }
}
