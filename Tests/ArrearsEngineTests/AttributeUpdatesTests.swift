import Testing
@testable import ArrearsEngine

@Suite struct AttributeUpdatesTests {
    @Test func keysStaySortedWhateverTheOrderOfChanges() {
        var u = AttributeUpdates()
        u["segment"] = .set(.string("b2c"))
        u["language"] = .delete
        u["payday"] = .set(.number(Exact(25)))
        u["language"] = .set(.string("nl"))
        u["vip"] = .set(.bool(true))
        u["vip"] = nil
        u["absent"] = nil
        #expect(u.keys == ["language", "payday", "segment"])
        #expect(u["language"] == .set(.string("nl")))
        #expect(u["vip"] == nil)
        let other: AttributeUpdates = ["segment": .set(.string("b2c")), "payday": .set(.number(Exact(25))), "language": .set(.string("nl"))]
        #expect(u == other)
        #expect(u.hashValue == other.hashValue)
        #expect(u != ["segment": .set(.string("b2c"))])
    }

    @Test func appendTakesOnlyKeysAfterTheLast() {
        var u = AttributeUpdates()
        let taken = [u.append("a", .delete), u.append("b", .delete), u.append("b", .set(.bool(true))), u.append("a", .delete)]
        #expect(taken == [true, true, false, false])
        #expect(u.map(\.key) == ["a", "b"] && u["b"] == .delete)
    }

    @Test func parsedAttributesAreSortedAndAKeyTwiceIsAnError() throws {
        let e = try EventParser.parse(line: line("customer", #""attributes":{"z":1,"a":"x","m":null}"#))
        guard case .customer(let attributes) = e.body else { Issue.record("not a customer event"); return }
        #expect(attributes.keys == ["a", "m", "z"])
        #expect(attributes["m"] == .delete && attributes["z"] == .set(.number(Exact(1))))
        #expect(parseMessage(line("customer", #""attributes":{"z":1,"z":null}"#))?.contains(#"duplicate key "z""#) == true)
    }

    @Test func customerChangesSurviveTheCaseLog() throws {
        var log = CaseLog()
        let t = Instant(microseconds: 1_000_000)
        let attributes: AttributeUpdates = ["vip": .set(.bool(true)), "limit": .set(.number(Exact("-12.50")!)), "old": .delete, "name": .set(.string("é"))]
        log.append(Event(id: "e1", caseID: "C1", at: t, body: .customer(attributes: attributes)), arrival: 1)
        let decoded = try CaseLog(decoding: log.encoded())
        #expect(decoded.encoded() == log.encoded())
        #expect(decoded.input.customerChanges == [attributes])
    }
}
