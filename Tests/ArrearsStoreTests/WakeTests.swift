@testable import ArrearsEngine
import ArrearsStore
import Testing

@Suite struct WakeTests {
    @Test func casesDueInWakeOrderThenCaseID() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        let t = instant("2026-03-01T12:00:00Z")
        try store.write { (w) throws in
            _ = try w.admit([try payment("p1", case: "A"), try payment("p2", case: "B"), try payment("p3", case: "Z")])
            try w.setNextWake(case: "Z", t - TimeSpan(seconds: 60))
            try w.setNextWake(case: "B", t)
            try w.setNextWake(case: "A", t)
            try w.setNextWake(case: "C", Instant(microseconds: t.microseconds + 1))
            try w.setNextWake(case: "D", nil)
        }
        try store.read { (r) throws in
            #expect(try r.casesDue(atOrBefore: t, limit: 10) == ["Z", "A", "B"])
            #expect(try r.casesDue(atOrBefore: t, limit: 2) == ["Z", "A"])
            #expect(try r.casesDue(atOrBefore: t - TimeSpan(seconds: 61), limit: 10).isEmpty)
            #expect(try r.casesDue(atOrBefore: Instant(microseconds: t.microseconds + 1), limit: 10) == ["Z", "A", "B", "C"])
            #expect(try r.nextWake(of: "A") == t)
            #expect(try r.nextWake(of: "D") == nil)
            #expect(try r.nextWake(of: "unknown") == nil)
        }
        // Clearing and moving.
        try store.write { (w) throws in
            try w.setNextWake(case: "Z", nil)
            try w.setNextWake(case: "B", t - TimeSpan(seconds: 3600))
        }
        #expect(try store.read { try $0.casesDue(atOrBefore: t, limit: 10) } == ["B", "A"])
    }

    @Test func caseIDsCompareByteWise() throws {
        let dir = TempDir()
        let store = try StateStore(path: dir.storePath)
        try store.write { w in _ = try w.admit(try ["b", "B", "a", "_", "1", "A"].enumerated().map { try payment("p\($0)", case: $1) }) }
        #expect(try store.read { try $0.allCaseIDs().map(\.rawValue) } == ["1", "A", "B", "_", "a", "b"])
    }
}
