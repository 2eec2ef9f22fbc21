import Testing
@testable import ArrearsEngine

/// The in-place reading of flat event lines (``FlatJSONObject``, ``EventParser/flatEvent(_:)``)
/// against the strict reader's: for every line it takes, the same event (raw text, offset and
/// warnings included) or the same error; every other line is left to the strict reader.
@Suite struct FlatEventTests {
    let parser = EventParser()

    /// Whether the flat reading took `text`; when it did, records any difference from the
    /// strict reading.
    @discardableResult
    func agrees(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let flat = parser.flatEvent(bytes) else { return false }
        let strict = Result { () throws(EventParseError) in try parser.strictEvent(bytes) }
        switch (flat, strict) {
        case (.success(let a), .success(let b)):
            #expect(a == b && a.raw == b.raw && a.offsetSeconds == b.offsetSeconds && a.warnings == b.warnings, "\(text)")
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(text)")
        default:
            Issue.record("flat \(flat) but strict \(strict) for \(text)")
        }
        return true
    }

    /// Lines of every flat event type, as creditors and the generator write them.
    static let typical = [
        line("invoice", #""invoice":"C1-F1","amount":"36.33","due":"2026-05-15""#),
        line("invoice", #""invoice":"C1-F2","amount":120,"due":"2026-05-15","source":"billing-7""#),
        line("payment", #""amount":"10.00","invoice":"C1-F1""#),
        line("payment", #""amount":0.5,"invoice":null"#),
        line("credit", #""invoice":"C1-F1","amount":"5""#),
        line("contact", #""channel":"phone","direction":"outbound","outcome":"no_answer""#),
        line("contact", #""channel":"sms","direction":"inbound","outcome":"reached","agent":7,"ok":true,"x":false"#),
        line("signal", #""signal":"debt_help","until":"2026-06-30""#),
        line("signal", #""signal":"dispute","cleared":true"#),
        line("arrangement", #""status":"agreed","installment":"25.00""#),
        line("arrangement", #""status":"broken""#),
        line("work_done", #""work":"C1/call/3","outcome":"done","note":"left a message""#),
        " \t{ \"id\" : \"e1\" ,\t\"type\":\"contact\", \"case\":\"C1\",\"at\":\"2026-03-01T10:00:00Z\","
            + "\"channel\":\"letter\",\"direction\":\"outbound\",\"outcome\":\"delivered\" }\t ",
    ]

    @Test func typicalLinesAreReadInPlaceAsTheStrictReaderReadsThem() {
        for text in Self.typical { #expect(agrees(text), "not read in place: \(text)") }
    }

    @Test func fieldErrorsAreTheStrictReadersToo() {
        let wrong = [
            "{}",
            line("refund"),
            line("invoice", #""invoice":"C1 F1","amount":"36.33","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"36.333","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"036.33","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":-1,"due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":0,"due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"0.00","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"1e3","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"1234567890123","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"12.","due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":true,"due":"2026-05-15""#),
            line("invoice", #""invoice":"C1-F1","amount":"1","due":"2026-02-30""#),
            line("invoice", #""invoice":"C1-F1","amount":"1","due":"2026-2-3""#),
            line("invoice", #""invoice":"C1-F1","amount":"1""#),
            line("payment", #""amount":"1","invoice":5"#),
            line("contact", #""channel":"pigeon","direction":"outbound","outcome":"reached""#),
            line("signal", #""signal":"Debt","until":"2026-06-30""#),
            line("signal", #""signal":"x","cleared":"yes""#),
            line("signal", #""signal":"illness","until":"2026-02-28""#),
            line("arrangement", #""status":"none""#),
            line("work_done", #""work":"C2/call/1","outcome":"done""#),
            line("work_done", #""work":"C1/call","outcome":"done""#),
            line("work_done", #""work":"C1/call/1","outcome":"done","note":5"#),
            line("customer"),
            line("contact", #""channel":"sms","direction":"inbound","outcome":"reached""#, at: "2026-03-01 10:00:00"),
            line("contact", #""channel":"sms","direction":"inbound","outcome":"reached""#, id: ""),
            line("contact", #""channel":"sms","direction":"inbound","outcome":"reached""#, id: String(repeating: "x", count: 201)),
            #"{"id":1,"type":"contact"}"#,
        ]
        for text in wrong {
            #expect(agrees(text), "not read in place: \(text)")
            #expect(throws: EventParseError.self, "\(text)") { try parser.parse(line: text) }
        }
    }

    @Test func otherShapesAreLeftToTheStrictReader() {
        let declined = [
            line("customer", #""attributes":{"payday":25}"#),
            line("payment", #""amount":"1","tags":[1]"#),
            line("work_done", #""work":"C1/call/1","outcome":"done","note":"caf\#u{E9}""#),
            line("work_done", #""work":"C1/call/1","outcome":"done","note":"a\"b""#),
            line("work_done", #""work":"C1/call/1","outcome":"done","note":"a\u0041""#),
            line("payment", #""amount":1e2"#),
            line("payment", #""amount":01"#),
            line("payment", #""amount":1.5.2"#),
            line("payment", #""amount":-"#),
            line("signal", #""signal":"x","cleared":truex"#),
            line("signal", #""signal":"x","cleared":nul"#),
            line("payment", #""amount":"1","amount":"2""#),
            line("payment", #""amount":"1","#),
            line("payment", #""amount":"1"} x"#),
            "{\"id\":\"e1\",\r\"type\":\"payment\"}",
            "\u{FEFF}" + line("payment", #""amount":"1""#),
            "[1]", "", "   ", "{", #"{"id""#, #"{"id":}"#, #"{"id":"e1"#,
        ]
        for text in declined {
            #expect(parser.flatEvent(Array(text.utf8)) == nil, "read in place: \(text)")
        }
        // Through the parser these still get the strict reader's result.
        #expect(parseMessage(line("payment", #""amount":"1","amount":"2""#)) == #"invalid JSON at column 87: duplicate key "amount""#)
        #expect(parseMessage(line("payment", #""amount":1e2"#)) == #"field "amount": 1e2 has an exponent; write plain digits with at most two decimals"#)
    }

    /// Lines cut, padded, corrupted and spliced at random (a fixed seed): whenever the flat
    /// reading takes one, it agrees with the strict reader, and it takes a good share of them.
    @Test func mutatedLinesAgreeWithTheStrictReader() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array(#"{}[],:"\ 0123456789.eE+-tfnulrsa_/CF"#.utf8) + [0x09, 0x0A, 0x0D, 0x00, 0x7F, 0xC3, 0xA9]
        var taken = 0, tried = 0
        for _ in 0..<20_000 {
            var bytes = Array(Self.typical[random(Self.typical.count)].utf8)
            for _ in 0...random(3) {
                let k = random(bytes.count)
                switch random(4) {
                case 0: bytes.remove(at: k)
                case 1: bytes.insert(alphabet[random(alphabet.count)], at: k)
                case 2: bytes[k] = alphabet[random(alphabet.count)]
                default:
                    let end = min(bytes.count, k + 1 + random(12))
                    bytes.insert(contentsOf: bytes[k..<end], at: random(bytes.count))
                }
            }
            tried += 1
            guard let text = String(validating: bytes, as: UTF8.self) else {
                // Invalid UTF-8 is never read in place.
                #expect(parser.flatEvent(bytes) == nil)
                continue
            }
            if agrees(text) { taken += 1 }
        }
        #expect(taken > tried / 10, "only \(taken) of \(tried) mutated lines were read in place")
    }
}
