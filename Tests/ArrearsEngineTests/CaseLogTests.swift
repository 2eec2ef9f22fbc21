import Testing
@testable import ArrearsEngine

/// The daemon's stored form of a case: the log must fold, evaluate and wake exactly as the
/// history it was built from, survive its binary form unchanged, and refuse damaged bytes.
@Suite struct CaseLogTests {
    /// One event of every type and shape, arriving out of `at` order.
    static let lines = [
        #"{"id":"e1","type":"invoice","case":"C7","at":"2026-10-01T08:00:00+02:00","invoice":"I1","amount":"84.10","due":"2026-10-15"}"#,
        #"{"id":"e2","type":"invoice","case":"C7","at":"2026-11-01T08:00:00+01:00","invoice":"I2","amount":"40.00","due":"2026-11-15"}"#,
        #"{"id":"e3","type":"payment","case":"C7","at":"2026-10-20T10:00:00+02:00","amount":"10.05","invoice":"I1"}"#,
        #"{"id":"e4","type":"payment","case":"C7","at":"2026-10-21T10:00:00+02:00","amount":"5.00"}"#,
        #"{"id":"e5","type":"credit","case":"C7","at":"2026-10-22T10:00:00+02:00","invoice":"I2","amount":"2.50"}"#,
        #"{"id":"e6","type":"contact","case":"C7","at":"2026-11-02T10:00:00+01:00","channel":"phone","direction":"outbound","outcome":"no_answer"}"#,
        #"{"id":"e7","type":"contact","case":"C7","at":"2026-11-03T10:00:00+01:00","channel":"letter","direction":"outbound","outcome":"delivered"}"#,
        #"{"id":"e8","type":"signal","case":"C7","at":"2026-11-04T10:00:00+01:00","signal":"dispute"}"#,
        #"{"id":"e9","type":"signal","case":"C7","at":"2026-11-05T10:00:00+01:00","signal":"dispute","cleared":true}"#,
        #"{"id":"e10","type":"signal","case":"C7","at":"2026-11-06T10:00:00+01:00","signal":"breathing_space","until":"2026-11-20"}"#,
        #"{"id":"e11","type":"arrangement","case":"C7","at":"2026-11-07T10:00:00+01:00","status":"agreed","installment":"20.00"}"#,
        #"{"id":"e12","type":"work_done","case":"C7","at":"2026-11-08T10:00:00+01:00","work":"C7/call/3","outcome":"done","note":"belde"}"#,
        #"{"id":"e13","type":"customer","case":"C7","at":"2026-11-09T10:00:00+01:00","attributes":{"payday":25,"segment":"retail","vip":false,"rate":-0.125,"old":null}}"#,
        #"{"id":"e14","type":"contact","case":"C7","at":"2026-10-25T10:00:00+02:00","channel":"sms","direction":"inbound","outcome":"reached"}"#,
        #"{"id":"e15","type":"arrangement","case":"C7","at":"2026-11-10T10:00:00+01:00","status":"broken"}"#,
    ]

    static let rules = """
        ruleset "t"
        limit contacts 2 per 7d
        action call kind pressure channel phone cooldown 2d
        action letter kind pressure channel letter cooldown 14d
        action refer kind support cooldown 90d
        signal breathing_space lasts 60d
        rule pause "Adem" { when signal(breathing_space) or signal(dispute) then hold "pauze" queue refer priority 70 }
        rule early_call "Bel" { when arrears.days >= 3 and contacts(7d) < 2 then queue call priority 40 + min(arrears.days, 30) }
        rule reminder "Brief" { when arrears.amount >= 25 and delivered_days(letter) >= 15 then queue letter priority 30 }

        """

    func history(_ lines: [String]) throws -> CaseHistory {
        var h = CaseHistory(caseID: "C7")
        for (k, line) in lines.enumerated() { _ = h.admit(try EventParser.parse(line: line), arrival: UInt64(10 + 3 * k)) }
        return h
    }

    func log(_ lines: [String]) throws -> CaseLog {
        var log = CaseLog()
        for (k, line) in lines.enumerated() { log.append(try EventParser.parse(line: line), arrival: UInt64(10 + 3 * k)) }
        return log
    }

    @Test func theBinaryFormGivesBackTheSameLog() throws {
        let log = try log(Self.lines)
        let bytes = log.encoded()
        let decoded = try CaseLog(decoding: bytes)
        #expect(decoded.encoded() == bytes)
        #expect(decoded.arrivals == log.arrivals)
        #expect(decoded.count == Self.lines.count)
        #expect(decoded.lastArrival == UInt64(10 + 3 * (Self.lines.count - 1)))
        // Fold order: `at` first, so the late sms of 25 October sits between the credit and the invoice of 1 November.
        #expect(Array(decoded.arrivals.prefix(6)) == [10, 16, 19, 22, 49, 13])
        #expect(try CaseLog(decoding: []).count == 0)
    }

    @Test func aLogFoldsAndEvaluatesAsItsHistory() throws {
        let evaluator = CaseEvaluator(try loadRules(Self.rules))!
        let history = try history(Self.lines)
        // Built by appending, built from the history, and decoded: all three must agree.
        let logs = [try log(Self.lines), history.log, try CaseLog(decoding: try log(Self.lines).encoded())]
        var queued = Set<String>()
        for now in ["2026-10-16T09:00:00+02:00", "2026-11-06T12:00:00+01:00", "2026-11-21T09:00:00+01:00", "2026-12-01T09:00:00+01:00"] {
            let t = Instant.parseRFC3339(now)!
            let expected = evaluator.evaluate(history, now: t)
            queued.formUnion(expected.decision.items.map(\.name))
            for log in logs {
                let e = evaluator.evaluate(log, caseID: "C7", now: t)
                #expect(e.facts.arrearsAmount == expected.facts.arrearsAmount, "\(now)")
                #expect(e.facts.arrearsDays == expected.facts.arrearsDays, "\(now)")
                #expect(e.decision.items == expected.decision.items, "\(now)")
                #expect(e.decision.suppressed.map(\.item) == expected.decision.suppressed.map(\.item), "\(now)")
                #expect(e.nextWake == expected.nextWake, "\(now)")
                #expect(e.context.highestNumber == expected.context.highestNumber, "\(now)")
                #expect(log.nextEventAt(after: t) == history.nextEventAt(after: t), "\(now)")
                let state = log.state(at: t), reference = history.state(at: t)
                #expect(state.attributes == reference.attributes, "\(now)")
                #expect(state.arrangementStatus == reference.arrangementStatus, "\(now)")
                #expect(state.appliedCount == reference.appliedCount, "\(now)")
            }
        }
        // The times are chosen so that the comparison covers real decisions.
        #expect(queued == ["call", "letter", "refer"])
    }

    @Test func appendingToADecodedLogInternsNamesItAlreadyHolds() throws {
        // A decoded log builds its name indexes on its first append: an existing invoice,
        // signal or action must get its old index, not a second entry.
        var log = try CaseLog(decoding: try log(Array(Self.lines.prefix(12))).encoded())
        let extra = [
            #"{"id":"x1","type":"payment","case":"C7","at":"2026-11-11T10:00:00+01:00","amount":"1.00","invoice":"I2"}"#,
            #"{"id":"x2","type":"signal","case":"C7","at":"2026-11-12T10:00:00+01:00","signal":"breathing_space","cleared":true}"#,
            #"{"id":"x3","type":"work_done","case":"C7","at":"2026-11-13T10:00:00+01:00","work":"C7/call/4","outcome":"failed"}"#,
        ]
        for line in Self.lines.dropFirst(12) + extra { log.append(try EventParser.parse(line: line), arrival: log.lastArrival + 1) }
        #expect(log.input.invoiceIDs == ["I1", "I2"])
        #expect(log.input.signalNames == ["dispute", "breathing_space"])
        #expect(log.input.actions == ["call"])
        let t = Instant.parseRFC3339("2026-11-14T00:00:00+01:00")!
        let state = log.state(at: t), reference = try history(Self.lines + extra).state(at: t)
        #expect(state.highestWorkNumber("call") == 4)
        #expect(state.invoice("I2")?.remaining == reference.invoice("I2")?.remaining)
        #expect(state.invoice("I1")?.remaining == reference.invoice("I1")?.remaining)
        #expect(state.credit == reference.credit)
        #expect(state.appliedCount == reference.appliedCount)
    }

    @Test func damagedBytesAreRefusedWithWhatIsWrong() throws {
        let bytes = try log(Self.lines).encoded()
        func problem(_ damaged: [UInt8]) -> String? {
            do {
                _ = try CaseLog(decoding: damaged)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem(Array(bytes.dropLast())) != nil)
        #expect(problem(Array(bytes.prefix(20))) == "case log: count 15 exceeds the data at byte 5")
        #expect(problem(Array(bytes.prefix(5 + 37 * 15 + 2))) == "case log: truncated at byte 560")
        #expect(problem([9] + bytes.dropFirst()) == "case log: unknown version 9")
        #expect(problem(bytes + [0]) == "case log: 1 bytes after the end")
        var badKind = bytes
        badKind[1 + 4 + 8] = 99  // the first record's kind
        #expect(problem(badKind) == "case log: unknown record kind 99")
        var badCount = bytes
        badCount[1] = 0xff; badCount[2] = 0xff  // more records than bytes
        #expect(problem(badCount)?.contains("exceeds the data") == true)
        var badIndex = bytes
        badIndex[1 + 4 + 9] = 7  // the first record (invoice I1) names invoice 7 of 2
        #expect(problem(badIndex) == "case log: record refers to entry 7 of 2")
    }
}

extension CaseHistory {
    /// The history's events as a log, appended in arrival order.
    var log: CaseLog {
        var log = CaseLog()
        log.append(contentsOf: events.sorted { $0.arrival < $1.arrival })
        return log
    }
}
