@testable import ArrearsEngine
@testable import ArrearsStore
import Testing

@Suite struct AdmitTests {
    @Test func newEventsGetArrivalNumbersAndComeBackReparsed() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let withUnknown = try event(#"{"id":"p1","type":"payment","case":"C1","amount":12.5,"at":"2026-03-02T09:00:00+01:00","source":{"bank":"x"}}"#)
        let results = try store.write { w in try w.admit([try invoice("i1"), withUnknown, try payment("p2", case: "C2")]) }
        #expect(results == [.accepted(arrival: 1), .accepted(arrival: 2), .accepted(arrival: 3)])
        try store.read { (r) throws in
            let c1 = try r.events(of: "C1")
            #expect(c1.map(\.arrival) == [1, 2])
            #expect(c1.map(\.event) == [try invoice("i1"), withUnknown])
            // Raw text is kept as received, unknown fields included.
            #expect(c1[1].event.raw == withUnknown.raw)
            #expect(c1[1].event.offsetSeconds == 3600)
            #expect(try r.events(of: "C2").map(\.arrival) == [3])
            #expect(try r.events(of: "C3").isEmpty)
            #expect(try r.event(id: "p1")?.raw == withUnknown.raw)
            #expect(try r.event(id: "nope") == nil)
            #expect(try r.allCaseIDs() == ["C1", "C2"])
            #expect(try r.caseCount == 2)
        }
    }

    @Test func sameContentIsDuplicateDifferentContentIsConflict() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit([try payment("p1")]) }
        // Same known fields, other spelling: other offset for the same instant, number vs string, an unknown field.
        let sameContent = try event(#"{"at":"2026-03-02T08:00:00Z","amount":10.00,"type":"payment","id":"p1","case":"C1","extra":1}"#)
        let otherAmount = try payment("p1", amount: "10.01")
        let otherCase = try payment("p1", case: "C9")
        let results = try store.write { w in try w.admit([sameContent, otherAmount, otherCase]) }
        #expect(results == [.duplicate, .conflict(.eventIDReused("p1")), .conflict(.eventIDReused("p1"))])
        try store.read { (r) throws in
            // The first one stands.
            #expect(try r.events(of: "C1").map(\.event.raw) == [try payment("p1").raw])
            #expect(try r.events(of: "C9").isEmpty)
            #expect(try r.allCaseIDs() == ["C1"])
        }
    }

    @Test func duplicatesWithinOneBatch() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let results = try store.write { (w) throws in
            try w.admit([try payment("p1"), try payment("p1"), try payment("p1", amount: "1.00"), try payment("p2")])
        }
        #expect(results == [.accepted(arrival: 1), .duplicate, .conflict(.eventIDReused("p1")), .accepted(arrival: 2)])
    }

    @Test func admitReleasesTheRawTextOfWhatItStoredAndKeepsItForConflicts() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit([try payment("p1")]) }
        let conflicting = try payment("p1", amount: "1.00")
        var events = [try payment("p2"), try payment("p1"), conflicting]
        let results = try store.write { w in try w.admit(releasingRawOf: &events) }
        #expect(results == [.accepted(arrival: 2), .duplicate, .conflict(.eventIDReused("p1"))])
        // Accepted and duplicate: the raw text is gone from memory, the content stays.
        #expect(events.map(\.raw) == ["", "", conflicting.raw])
        #expect(events[0].hasSameContent(as: try payment("p2")))
        // The store holds the raw text, and after its memory is released it reads it again.
        try store.releaseMemory()
        #expect(try store.read { try $0.event(id: "p2")?.raw } == (try payment("p2")).raw)
    }

    @Test func secondInvoiceForAnInvoiceIDIsAConflict() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit([try invoice("i1", invoice: "I1")]) }
        let results = try store.write { (w) throws in
            try w.admit([
                try invoice("i2", invoice: "I1", amount: "99.00"),  // another event for I1
                try invoice("i1", invoice: "I1"),                   // the first one again
                try invoice("i1", invoice: "I1", amount: "1.00"),   // its id with other content
                try invoice("i3", case: "C2", invoice: "I1"),       // I1 of another case
                try invoice("i4", invoice: "I2"),
                try invoice("i5", invoice: "I2"),                   // second in the same batch
            ])
        }
        #expect(results == [
            .conflict(.invoiceExists("I1", firstEvent: "i1")), .duplicate, .conflict(.eventIDReused("i1")),
            .accepted(arrival: 2), .accepted(arrival: 3), .conflict(.invoiceExists("I2", firstEvent: "i4")),
        ])
        if case .conflict(let c) = results[0] { #expect(c.description.contains("corrections are credit events")) }
        // The rejected id stays free: it may arrive later as another event.
        #expect(try store.write { w in try w.admit([try payment("i2")]) } == [.accepted(arrival: 4)])
        #expect(try store.read { try $0.events(of: "C1").map(\.event.id) } == ["i1", "i4", "i2"])
    }

    @Test func invoiceConflictsSurviveReopen() throws {
        let dir = TempDir()
        try StateStore(path: dir.storePath).write { w in _ = try w.admit([try invoice("i1")]) }
        let results = try StateStore(path: dir.storePath).write { w in try w.admit([try invoice("i2")]) }
        #expect(results == [.conflict(.invoiceExists("I1", firstEvent: "i1"))])
    }

    @Test func arrivalNumbersAreGlobalAndIncreasingAcrossTransactionsAndReopen() throws {
        let dir = TempDir()
        do {
            let store = try StateStore(path: dir.storePath)
            #expect(try store.write { w in try w.admit([try payment("a", case: "C1"), try payment("b", case: "C2")]) }
                == [.accepted(arrival: 1), .accepted(arrival: 2)])
            // Two admits in one transaction continue the count.
            let second = try store.write { (w) throws in
                _ = try w.admit([try payment("c", case: "C2")])
                return try w.admit([try payment("a", case: "C1"), try payment("d", case: "C1")])
            }
            #expect(second == [.duplicate, .accepted(arrival: 4)])
        }
        let store = try StateStore(path: dir.storePath)
        #expect(try store.write { w in try w.admit([try payment("e", case: "C3")]) } == [.accepted(arrival: 5)])
        let arrivals = try store.read { r in try ["C1", "C2", "C3"].flatMap { try r.events(of: CaseID(rawValue: $0)) } }
        #expect(arrivals.map(\.arrival).sorted() == [1, 2, 3, 4, 5])
        #expect(arrivals.first { $0.event.id == "c" }?.arrival == 3)
    }

    @Test func lateEventsKeepArrivalOrderAndFoldByTime() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { (w) throws in
            _ = try w.admit([try payment("late", at: "2026-03-05T09:00:00+01:00")])
            _ = try w.admit([try payment("early", at: "2026-03-01T09:00:00+01:00")])
        }
        let events = try store.read { try $0.events(of: "C1") }
        #expect(events.map(\.event.id) == ["late", "early"])
        let history = CaseHistory(caseID: "C1", events: events)
        #expect(history.events.map(\.event.id) == ["early", "late"])
    }

    @Test func aThrowingTransactionLeavesNothingBehind() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        #expect(throws: Boom.self) {
            try store.write { (w) throws in
                _ = try w.admit([try invoice("i1"), try payment("p1", case: "C2")])
                try w.setNextWake(case: "C1", instant("2026-03-01T00:00:00Z"))
                try w.apply(opening(sampleItem()), at: instant("2026-03-01T00:00:00Z"))
                try w.setMeta("k", "v")
                throw Boom()
            }
        }
        try store.read { (r) throws in
            #expect(try r.caseCount == 0)
            #expect(try r.event(id: "i1") == nil)
            #expect(try r.openItemCount == 0)
            #expect(try r.highestNumbers(of: "C1").isEmpty)
            #expect(try r.meta("k") == nil)
        }
        // Nothing was consumed: numbering and the invoice rule start afresh, and the case
        // gets its row although the rolled-back transaction had written one.
        #expect(try store.write { w in try w.admit([try invoice("i9")]) } == [.accepted(arrival: 1)])
        #expect(try store.read { try $0.allCaseIDs() } == ["C1"])
        // And the file is valid after reopening.
        let reopened = try StateStore(path: dir.storePath)
        #expect(try reopened.read { try $0.events(of: "C1").map(\.event.id) } == ["i9"])
    }

    @Test func interleavedCasesAreStoredCaseByCaseInArrivalOrderWithinEach() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit([try invoice("i0", case: "D")]) }
        // Arrival order: C2, C1, C2, C1 (a second invoice I1: conflict), D (the same invoice again: conflict only).
        let events = [try payment("a", case: "C2"), try invoice("b", case: "C1"), try payment("c", case: "C2"),
                      try invoice("d", case: "C1"), try invoice("e", case: "D")]
        let results = try store.write { w in try w.admit(events) }
        // Numbers are handed out case by case (byte-wise), in arrival order within a case.
        #expect(results == [.accepted(arrival: 3), .accepted(arrival: 2), .accepted(arrival: 4),
                            .conflict(.invoiceExists("I1", firstEvent: "b")), .conflict(.invoiceExists("I1", firstEvent: "i0"))])
        try store.read { (r) throws in
            #expect(try r.events(of: "C1").map(\.event.id) == ["b"])
            #expect(try r.events(of: "C2").map(\.event.id) == ["a", "c"])
            #expect(try r.events(of: "D").map(\.event.id) == ["i0"])
            #expect(try r.allCaseIDs() == ["C1", "C2", "D"])
        }
        // A case whose only event conflicts gets no case row.
        let lone = try store.write { w in try w.admit([try payment("a", case: "E")]) }
        #expect(lone == [.conflict(.eventIDReused("a"))])
        #expect(try store.read { try $0.allCaseIDs() } == ["C1", "C2", "D"])
    }
    /// A call of hundreds of distinct ids is admitted in chunks (one statement for a chunk's
    /// ids, one for its invoices); a chunk with a stored id or a taken invoice falls back to
    /// one by one. The outcomes must be those of the rules applied event by event: checked
    /// against a model of the id and invoice rules, arrivals handed out case by case.
    @Test func aLargeCallAdmitsLikeOneByOne() throws {
        var seed: UInt64 = 0x5eed
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        func caseName(_ c: Int) -> String { "C" + String(format: "%02d", c) }
        // Cases C00-C14 get only new ids and invoice ids of their own (their chunks go in
        // whole); C15-C29 also resend stored events, reuse stored ids and repeat invoices.
        var stored: [Event] = []
        for n in 0..<60 {
            let c = 15 + n % 15
            stored.append(n % 3 == 0 ? try invoice("s\(n)", case: caseName(c), invoice: "I\(n % 4)")
                                     : try payment("s\(n)", case: caseName(c), amount: "\(n).00"))
        }
        var call: [Event] = []
        for n in 0..<320 {
            let c = next(30)
            let clean = c < 15
            let roll = next(20)
            if !clean && roll == 0 {
                call.append(stored[next(stored.count)])                                  // resent: duplicate
            } else if !clean && roll == 1 {
                let s = stored[next(stored.count)]
                call.append(try payment(s.id.rawValue, case: s.caseID.rawValue, amount: "0.01"))  // id reused
            } else if roll < 8 {
                let invoiceID = clean ? "N\(n)" : "I\(next(6))"                          // I0-I3 stored, I4-I5 not yet
                call.append(try invoice("e\(n)", case: caseName(c), invoice: invoiceID))
            } else {
                call.append(try payment("e\(n)", case: caseName(c)))
            }
        }
        // Resends are picked at random: keep the ids of the call distinct.
        var seen = Set<EventID>()
        call = call.filter { seen.insert($0.id).inserted }
        #expect(call.count > 4 * SQLiteWriter.chunk)

        // The model: the id rule, then the invoice rule; arrivals case by case in call order.
        var byID: [EventID: Event] = [:]
        var firstInvoice: [String: EventID] = [:]
        func modelAdmit(_ e: Event, arrival: inout UInt64) -> AdmitResult {
            if let s = byID[e.id] { return s.hasSameContent(as: e) ? .duplicate : .conflict(.eventIDReused(e.id)) }
            if case .invoice(let i, _, _) = e.body {
                let key = e.caseID.rawValue + "/" + i.rawValue
                if let first = firstInvoice[key] { return .conflict(.invoiceExists(i, firstEvent: first)) }
                firstInvoice[key] = e.id
            }
            byID[e.id] = e
            arrival += 1
            return .accepted(arrival: arrival)
        }
        var arrival: UInt64 = 0
        func grouped(_ events: [Event]) -> [Int] { events.indices.sorted { (events[$0].caseID, $0) < (events[$1].caseID, $1) } }
        func modelAdmit(_ events: [Event]) -> [AdmitResult] {
            var results = [AdmitResult](repeating: .duplicate, count: events.count)
            for k in grouped(events) { results[k] = modelAdmit(events[k], arrival: &arrival) }
            return results
        }
        let storedExpected = modelAdmit(stored)
        let expected = modelAdmit(call)
        let order = grouped(call)

        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        #expect(try store.write { w in try w.admit(stored) } == storedExpected)
        let results = try store.write { w in try w.admit(call) }
        #expect(results == expected)
        // Every kind of outcome occurred, and whole chunks went in as well as fell back.
        let kinds = Set(results.map { r -> String in
            switch r {
            case .accepted: "accepted"
            case .duplicate: "duplicate"
            case .conflict(.eventIDReused): "id"
            case .conflict: "invoice"
            }
        })
        #expect(kinds == ["accepted", "duplicate", "id", "invoice"])
        #expect(order.prefix(SQLiteWriter.chunk).allSatisfy { call[$0].caseID < "C15" })

        // The store holds exactly the accepted events, case by case in arrival order.
        var perCase: [CaseID: [(UInt64, EventID)]] = [:]
        for (e, r) in Array(zip(stored, storedExpected)) + Array(zip(call, expected)) {
            if case .accepted(let a) = r { perCase[e.caseID, default: []].append((a, e.id)) }
        }
        try store.read { (r) throws in
            #expect(try r.allCaseIDs() == perCase.keys.sorted())
            for (caseID, events) in perCase {
                let got = try r.events(of: caseID)
                #expect(got.map(\.arrival) == events.map(\.0))
                #expect(got.map(\.event.id) == events.map(\.1))
            }
        }
        // The ids of events rejected for their invoice stay free; the reused ones stay taken.
        var later: [Event] = [], laterExpected: [AdmitResult] = []
        for (e, r) in zip(call, results) {
            guard case .conflict(let c) = r else { continue }
            later.append(try payment(e.id.rawValue, case: "Z"))
            if case .invoiceExists = c { arrival += 1; laterExpected.append(.accepted(arrival: arrival)) }
            else { laterExpected.append(.conflict(.eventIDReused(e.id))) }
        }
        #expect(try store.write { w in try w.admit(later) } == laterExpected)
    }
}
