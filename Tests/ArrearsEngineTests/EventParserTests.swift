import Testing
@testable import ArrearsEngine

/// An event line with the common fields and `rest` (a JSON fragment) appended.
func line(_ type: String, _ rest: String = "", id: String = "e1", case caseID: String = "C1",
          at: String = "2026-03-01T10:00:00+01:00") -> String {
    #"{"id":"\#(id)","type":"\#(type)","case":"\#(caseID)","at":"\#(at)""# + (rest.isEmpty ? "" : "," + rest) + "}"
}

/// The message of the error parsing `text`, nil when it parses.
func parseMessage(_ text: String, parser: EventParser = EventParser()) -> String? {
    do {
        _ = try parser.parse(line: text)
        return nil
    } catch {
        return error.message
    }
}

func money(_ text: String) -> Exact { Exact(text)! }

@Suite struct EventParserTests {
    // MARK: Accepted events

    @Test func parsesInvoiceWithExactAmountAndDate() throws {
        let e = try EventParser.parse(line: line("invoice", #""invoice":"I-1","amount":12.34,"due":"2026-02-01""#))
        #expect(e.id == "e1")
        #expect(e.caseID == "C1")
        #expect(e.at == Instant.parseRFC3339("2026-03-01T09:00:00Z"))
        #expect(e.offsetSeconds == 3600)
        #expect(e.body == .invoice(invoice: "I-1", amount: Exact(mantissa: 1234, scale: 2), due: LocalDate(year: 2026, month: 2, day: 1)!))
        #expect(e.type == .invoice)
        #expect(e.warnings.isEmpty)
    }

    @Test func parsesEveryOtherType() throws {
        #expect(try EventParser.parse(line: line("payment", #""amount":"0.10""#)).body == .payment(amount: money("0.1"), invoice: nil))
        #expect(try EventParser.parse(line: line("payment", #""amount":5,"invoice":"I1""#)).body == .payment(amount: Exact(5), invoice: "I1"))
        #expect(try EventParser.parse(line: line("credit", #""invoice":"I1","amount":"3.50""#)).body == .credit(invoice: "I1", amount: money("3.5")))
        #expect(try EventParser.parse(line: line("contact", #""channel":"whatsapp","direction":"outbound","outcome":"no_answer""#)).body
                == .contact(channel: .whatsapp, direction: .outbound, outcome: .noAnswer))
        #expect(try EventParser.parse(line: line("signal", #""signal":"debt_help","until":"2026-06-30""#)).body
                == .signal(name: "debt_help", until: LocalDate("2026-06-30"), cleared: false))
        #expect(try EventParser.parse(line: line("signal", #""signal":"dispute","cleared":true"#)).body
                == .signal(name: "dispute", until: nil, cleared: true))
        #expect(try EventParser.parse(line: line("arrangement", #""status":"agreed","installment":"25.00""#)).body
                == .arrangement(status: .agreed, installment: Exact(25)))
        #expect(try EventParser.parse(line: line("work_done", #""work":"C1/call/3","outcome":"done","note":"paid"#+"\""))
                .body == .workDone(work: WorkItemID(caseID: "C1", action: "call", number: 3), outcome: .done, note: "paid"))
        #expect(try EventParser.parse(line: line("customer", #""attributes":{"segment":"b2c","vip":true,"score":1.50,"language":null}"#)).body
                == .customer(attributes: ["segment": .set(.string("b2c")), "vip": .set(.bool(true)),
                                          "score": .set(.number(money("1.5"))), "language": .delete]))
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        #expect(try EventParser.parse(line: line("payment", #""amount":5,"invoice":null"#)).body == .payment(amount: Exact(5), invoice: nil))
    }

    @Test func unknownFieldsAreIgnoredButKeptInTheRawText() throws {
        let text = line("payment", #""amount":5,"bank":{"iban":"NL00"},"source":[1,2]"#)
        let e = try EventParser.parse(line: text)
        #expect(e.body == .payment(amount: Exact(5), invoice: nil))
        #expect(e.raw == text)
    }

    @Test func amountLimitsAreExact() throws {
        #expect(try EventParser.parse(line: line("payment", #""amount":999999999999.99"#)).body
                == .payment(amount: Exact(mantissa: 99_999_999_999_999, scale: 2), invoice: nil))
        #expect(try EventParser.parse(line: line("payment", #""amount":"0.01""#)).body == .payment(amount: Exact(cents: 1), invoice: nil))
    }

    @Test func contentEqualityIgnoresRawTextOffsetAndKeyOrder() throws {
        let a = try EventParser.parse(line: line("payment", #""amount":12.5,"invoice":"I1""#))
        let b = try EventParser.parse(line: #"{"invoice":"I1","amount":"12.50","at":"2026-03-01T09:00:00Z","case":"C1","type":"payment","id":"e1","x":1}"#)
        #expect(a == b)
        #expect(a.raw != b.raw)
        let c = try EventParser.parse(line: line("payment", #""amount":12.51,"invoice":"I1""#))
        #expect(a != c)
        let d = try EventParser.parse(line: line("payment", #""amount":12.5,"invoice":"I1""#, at: "2026-03-01T10:00:01+01:00"))
        #expect(a != d)
        let e = try EventParser.parse(line: line("payment", #""amount":12.5,"invoice":"I1""#, case: "C2"))
        #expect(a != e)
    }

    @Test func canonicalJSONRoundTrips() throws {
        let bodies: [EventBody] = [
            .invoice(invoice: "I1", amount: money("99.99"), due: LocalDate("2026-02-01")!),
            .payment(amount: money("0.3"), invoice: "I1"),
            .signal(name: "debt_help", until: nil, cleared: true),
            .workDone(work: WorkItemID(caseID: "C1", action: "sms", number: 2), outcome: .skipped, note: "a \"quoted\" note"),
            .customer(attributes: ["payday": .set(.number(Exact(25))), "x": .delete, "n": .set(.number(money("-1.25")))]),
        ]
        for body in bodies {
            let event = Event(id: "e9", caseID: "C1", at: Instant(seconds: 1_780_000_000), offsetSeconds: 3600, body: body)
            #expect(try EventParser.parse(line: event.raw) == event, "\(event.raw)")
        }
    }

    @Test func readsRawBytes() throws {
        let bytes = Array(line("payment", #""amount":1"#).utf8)
        #expect(try EventParser().parse(lineBytes: bytes).body == .payment(amount: Exact(1), invoice: nil))
        var bad = Array(#"{"id":"e1","note":""#.utf8)
        bad += [0xFF, 0x22, 0x7D]
        #expect(throws: EventParseError.invalidJSON(JSONError(column: 20, kind: .invalidUTF8(0xFF)))) {
            try EventParser().parse(lineBytes: bad)
        }
    }

    // MARK: One test per error class

    @Test func invalidJSON() {
        #expect(parseMessage(#"{"id":"e1"#) == "invalid JSON at column 7: unterminated string")
        #expect(parseMessage(#"{"id":"e1","id":"e2"}"#) == #"invalid JSON at column 12: duplicate key "id""#)
    }

    @Test func notAnObject() {
        #expect(parseMessage("[1,2]") == "expected a JSON object, found an array")
        #expect(parseMessage("12.5") == "expected a JSON object, found a number")
    }

    @Test func tooLong() {
        let parser = EventParser(maxLineBytes: 40)
        #expect(parseMessage(line("payment", #""amount":1"#), parser: parser) == "line is 84 bytes long, at most 40 are allowed")
    }

    @Test func missingFields() {
        #expect(parseMessage(#"{"type":"payment"}"#) == #"missing field "id""#)
        #expect(parseMessage(#"{"id":"e1","case":"C1"}"#) == #"missing field "type""#)
        #expect(parseMessage(line("payment")) == #"missing field "amount""#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1"#)) == #"missing field "due""#)
        #expect(parseMessage(line("customer")) == #"missing field "attributes""#)
    }

    @Test func unknownType() {
        #expect(parseMessage(line("refund")) ==
                #"field "type": "refund" is not one of invoice, payment, credit, contact, signal, arrangement, work_done, customer"#)
    }

    @Test func illTypedFields() {
        #expect(parseMessage(#"{"id":7,"type":"payment"}"#) == #"field "id": expected a string, found a number"#)
        #expect(parseMessage(line("payment", #""amount":true"#)) == #"field "amount": expected an amount (a number or a string), found a bool"#)
        #expect(parseMessage(line("signal", #""signal":"x","cleared":"yes""#)) == #"field "cleared": expected a bool, found a string"#)
        #expect(parseMessage(line("work_done", #""work":"C1/call/1","outcome":"done","note":5"#)) == #"field "note": expected a string, found a number"#)
        #expect(parseMessage(line("customer", #""attributes":[1]"#)) == #"field "attributes": expected an object, found an array"#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1,"due":20260201"#)) == #"field "due": expected a string, found a number"#)
    }

    @Test func idCharactersAndLength() {
        #expect(parseMessage(line("payment", #""amount":1"#, id: "e 1")) == #"field "id": character ' ' is not allowed (only A-Z a-z 0-9 . _ : -)"#)
        #expect(parseMessage(line("payment", #""amount":1"#, case: "C/1")) == #"field "case": character '/' is not allowed (only A-Z a-z 0-9 . _ : -)"#)
        #expect(parseMessage(line("payment", #""amount":1"#, case: "Cé")) == #"field "case": character U+00E9 is not allowed (only A-Z a-z 0-9 . _ : -)"#)
        #expect(parseMessage(line("payment", #""amount":1"#, id: "")) == #"field "id": must be 1 to 200 characters, got 0"#)
        #expect(parseMessage(line("payment", #""amount":1"#, id: String(repeating: "a", count: 201))) == #"field "id": must be 1 to 200 characters, got 201"#)
        #expect(parseMessage(line("payment", #""amount":1"#, id: String(repeating: "a", count: 200))) == nil)
        #expect(parseMessage(line("payment", #""amount":1"#, id: "A-z_0.9:x")) == nil)
        #expect(parseMessage(line("credit", #""invoice":"I#1","amount":1"#)) == #"field "invoice": character '#' is not allowed (only A-Z a-z 0-9 . _ : -)"#)
    }

    @Test func amountForms() {
        func amount(_ json: String) -> String? { parseMessage(line("payment", #""amount":"# + json)) }
        #expect(amount("12.345") == #"field "amount": 12.345 has more than two decimals"#)
        #expect(amount(#""12.345""#) == #"field "amount": "12.345" has more than two decimals"#)
        #expect(amount(#""12,50""#) == #"field "amount": "12,50" is not an amount (digits with at most two decimals, like 12.50)"#)
        #expect(amount(#"" 12.50""#) == #"field "amount": " 12.50" is not an amount (digits with at most two decimals, like 12.50)"#)
        #expect(amount(#""12.""#) == #"field "amount": "12." is not an amount (digits with at most two decimals, like 12.50)"#)
        #expect(amount("-5") == #"field "amount": -5 is negative"#)
        #expect(amount("1e3") == #"field "amount": 1e3 has an exponent; write plain digits with at most two decimals"#)
        #expect(amount(#""007""#) == #"field "amount": "007" has a leading zero"#)
        #expect(amount("1234567890123") == #"field "amount": 1234567890123 has more than 12 digits before the decimal point"#)
        #expect(amount("12.30") == nil)
        #expect(amount(#""12.3""#) == nil)
    }

    @Test func amountsMustBePositiveWhereRequired() {
        #expect(parseMessage(line("payment", #""amount":0"#)) == #"field "amount": 0 must be greater than 0"#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":"0.00","due":"2026-02-01""#)) == #"field "amount": "0.00" must be greater than 0"#)
        #expect(parseMessage(line("credit", #""invoice":"I1","amount":0.0"#)) == #"field "amount": 0.0 must be greater than 0"#)
        // An installment is an amount without the > 0 requirement.
        #expect(parseMessage(line("arrangement", #""status":"agreed","installment":0"#)) == nil)
        #expect(parseMessage(line("arrangement", #""status":"agreed","installment":1.001"#)) == #"field "installment": 1.001 has more than two decimals"#)
    }

    @Test func timestampsNeedAnOffset() {
        #expect(parseMessage(line("payment", #""amount":1"#, at: "2026-03-01T10:00:00")) ==
                #"field "at": "2026-03-01T10:00:00" is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)"#)
        #expect(parseMessage(line("payment", #""amount":1"#, at: "2026-03-01")) ==
                #"field "at": "2026-03-01" is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)"#)
        #expect(parseMessage(line("payment", #""amount":1"#, at: "2026-02-30T10:00:00Z"))?.hasPrefix(#"field "at": "#) == true)
        #expect(parseMessage(line("payment", #""amount":1"#, at: "2026-03-01T10:00:00.123456Z")) == nil)
    }

    @Test func timestampsAndDatesAreReadFromTheSliceGivenOnly() throws {
        // Slices of a longer (non-ASCII) text: only the slice's bytes count.
        let text = "é 2026-03-01T10:00:00+01:00 · 2026-02-28 · 2026-03-01T10:00:00.5Z"
        let words = text.split(separator: " ")
        let (at, offset) = try #require(Instant.parseRFC3339(words[1]))
        #expect(at == Instant.parseRFC3339("2026-03-01T09:00:00Z"))
        #expect(offset == 3600)
        #expect(LocalDate(words[3]) == LocalDate(year: 2026, month: 2, day: 28))
        #expect(Instant.parseRFC3339(words[5])?.instant.microseconds == Instant.parseRFC3339("2026-03-01T10:00:00Z")!.microseconds + 500_000)
        #expect(Instant.parseRFC3339(text.dropFirst(2).prefix(24)) == nil)  // offset cut short
        #expect(LocalDate(words[3].dropLast()) == nil)
        #expect(LocalDate(text.dropFirst(2).prefix(10)) == LocalDate(year: 2026, month: 3, day: 1))
    }

    @Test func datesMustBeRealDates() {
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1,"due":"2026-02-30""#)) == #"field "due": "2026-02-30" is not a real date"#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1,"due":"2026/02/01""#)) == #"field "due": "2026/02/01" is not a date (YYYY-MM-DD)"#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1,"due":"2026-2-1""#)) == #"field "due": "2026-2-1" is not a date (YYYY-MM-DD)"#)
        #expect(parseMessage(line("invoice", #""invoice":"I1","amount":1,"due":"2028-02-29""#)) == nil)
    }

    @Test func untilBeforeTheDateOfAt() {
        #expect(parseMessage(line("signal", #""signal":"illness","until":"2026-02-28""#)) ==
                #"field "until": 2026-02-28 is before the date of "at", 2026-03-01"#)
        #expect(parseMessage(line("signal", #""signal":"illness","until":"2026-03-01""#)) == nil)
        // By default the date of `at` is taken in its own offset: 00:30+01:00 is on 03-01 …
        let late = line("signal", #""signal":"illness","until":"2026-02-28""#, at: "2026-02-28T23:30:00Z")
        #expect(parseMessage(late) == nil)
        // … and an injected calendar date decides when given.
        let amsterdamWinter = EventParser(localDate: { LocalDate(dayNumber: Int(($0.seconds + 3600).floorDiv(86_400))) })
        #expect(parseMessage(late, parser: amsterdamWinter) == #"field "until": 2026-02-28 is before the date of "at", 2026-03-01"#)
        #expect(parseMessage(line("signal", #""signal":"illness","until":"2026-3-1""#)) == #"field "until": "2026-3-1" is not a date (YYYY-MM-DD)"#)
    }

    @Test func enumerations() {
        #expect(parseMessage(line("contact", #""channel":"fax","direction":"outbound","outcome":"reached""#)) ==
                #"field "channel": "fax" is not one of phone, sms, whatsapp, email, letter, visit, chat"#)
        #expect(parseMessage(line("contact", #""channel":"sms","direction":"out","outcome":"reached""#)) ==
                #"field "direction": "out" is not one of outbound, inbound"#)
        #expect(parseMessage(line("contact", #""channel":"sms","direction":"inbound","outcome":"answered""#)) ==
                #"field "outcome": "answered" is not one of reached, no_answer, voicemail, wrong_number, bounced, delivered"#)
        #expect(parseMessage(line("arrangement", #""status":"none""#)) ==
                #"field "status": "none" is not one of agreed, broken, completed, cancelled"#)
        #expect(parseMessage(line("work_done", #""work":"C1/call/1","outcome":"ok""#)) ==
                #"field "outcome": "ok" is not one of done, failed, skipped"#)
    }

    @Test func signalNamesAreIdentifiers() {
        #expect(parseMessage(line("signal", #""signal":"Debt-Help""#)) == #"field "signal": "Debt-Help" is not a name ([a-z_][a-z0-9_]*)"#)
        #expect(parseMessage(line("signal", #""signal":"2x""#)) == #"field "signal": "2x" is not a name ([a-z_][a-z0-9_]*)"#)
    }

    @Test func workItemIDs() {
        func work(_ id: String) -> String? { parseMessage(line("work_done", #""work":""# + id + #"","outcome":"done""#)) }
        #expect(work("C1/call") == #"field "work": "C1/call" is not of the form CASE/ACTION/N"#)
        #expect(work("C1/call/1/2") == #"field "work": "C1/call/1/2" is not of the form CASE/ACTION/N"#)
        #expect(work("C2/call/1") == #"field "work": "C2/call/1" belongs to case "C2", not "C1""#)
        #expect(work("C1/Call/1") == #"field "work": "C1/Call/1": action "Call" is not a name ([a-z_][a-z0-9_]*)"#)
        #expect(work("C1/call/0") == #"field "work": "C1/call/0": number "0" is not a positive integer"#)
        #expect(work("C1/call/01") == #"field "work": "C1/call/01": number "01" is not a positive integer"#)
        #expect(work("/call/1") == #"field "work": "/call/1": case part must be 1 to 200 characters, got 0"#)
        #expect(work("C1/refer_debt_help2/12") == nil)
    }

    @Test func attributeValues() throws {
        #expect(parseMessage(line("customer", #""attributes":{"tags":["a"]}"#)) ==
                #"field "attributes.tags": expected a string, number, bool or null, found an array"#)
        #expect(parseMessage(line("customer", #""attributes":{"x":1e-20}"#)) ==
                #"field "attributes.x": 1e-20 cannot be held exactly (at most 12 decimals)"#)
        let e = try EventParser.parse(line: line("customer", #""attributes":{"limit":1.5e3,"tiny":25e-2}"#))
        #expect(e.body == .customer(attributes: ["limit": .set(.number(Exact(1500))), "tiny": .set(.number(money("0.25")))]))
    }

    @Test func paydayOutOfRangeIsIgnoredWithAWarning() throws {
        let e = try EventParser.parse(line: line("customer", #""attributes":{"payday":32,"segment":"x"}"#))
        #expect(e.body == .customer(attributes: ["segment": .set(.string("x"))]))
        #expect(e.warnings.map(\.description) == [#"field "attributes.payday": 32 is not a day of the month 1–31; ignored"#])
        for bad in [#""25""#, "2.5", "0", "true"] {
            let w = try EventParser.parse(line: line("customer", #""attributes":{"payday":"# + bad + "}"))
            #expect(w.body == .customer(attributes: [:]), "\(bad)")
            #expect(w.warnings.count == 1)
        }
        #expect(try EventParser.parse(line: line("customer", #""attributes":{"payday":"25"}"#)).warnings.first?.message
                == #""25" is not a day of the month 1–31; ignored"#)
        let ok = try EventParser.parse(line: line("customer", #""attributes":{"payday":25.0}"#))
        #expect(ok.body == .customer(attributes: ["payday": .set(.number(Exact(25)))]))
        #expect(ok.warnings.isEmpty)
        #expect(try EventParser.parse(line: line("customer", #""attributes":{"payday":null}"#)).body == .customer(attributes: ["payday": .delete]))
    }
}
