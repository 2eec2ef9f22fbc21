import Testing
@testable import ArrearsEngine

@Suite struct IdentifierParsingTests {
    @Test func workItemIDsParseFromTheirBytes() {
        #expect(WorkItemID("C-1.x:y_z/refer_debt_help/42") == WorkItemID(caseID: "C-1.x:y_z", action: "refer_debt_help", number: 42))
        #expect(WorkItemID.parse("C1/call/1/") == .failure(.notThreeParts))
        #expect(WorkItemID.parse("C1call1") == .failure(.notThreeParts))
        #expect(WorkItemID.parse("C1//1") == .failure(.badAction("")))
        #expect(WorkItemID.parse("C1/9call/1") == .failure(.badAction("9call")))
        #expect(WorkItemID.parse("C1/call/") == .failure(.badNumber("")))
        #expect(WorkItemID.parse("C1/call/1x") == .failure(.badNumber("1x")))
        #expect(WorkItemID.parse("C1/call/-1") == .failure(.badNumber("-1")))
        // Past Int.max: not a number, not a trap.
        #expect(WorkItemID.parse("C1/call/99999999999999999999") == .failure(.badNumber("99999999999999999999")))
        #expect(WorkItemID.parse("C1/call/9223372036854775807") == .success(WorkItemID(caseID: "C1", action: "call", number: Int.max)))
        #expect(WorkItemID.parse("Cé/call/1") == .failure(.badCase("character U+00E9 is not allowed (only A-Z a-z 0-9 . _ : -)")))
        #expect(WorkItemID.parse(String(repeating: "a", count: 201) + "/call/1") == .failure(.badCase("must be 1 to 200 characters, got 201")))
        #expect(WorkItemID.parse(String(repeating: "a", count: 200) + "/call/1").map(\.caseID.rawValue.count) == .success(200))
    }

    @Test func byteOrderIsUTF8ByteOrder() {
        let texts = ["", "a", "A", "ab", "a-", "a.", "a_", "Z", "z", "é", "e\u{301}", "ü", "€", "a\u{0}", "C1", "C10", "C2",
                     String(repeating: "x", count: 40), String(repeating: "x", count: 40) + "a", "日本"]
        for a in texts {
            for b in texts {
                #expect(ByteOrder.precedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) < \(b)")
            }
        }
        #expect(CaseID(rawValue: "C1") < CaseID(rawValue: "C10"))
        #expect(!(CaseID(rawValue: "c1") < CaseID(rawValue: "C1")))
    }
}
