import Foundation
import Testing

@Suite struct CheckCommandTests {
    static let valid = """
        action call kind pressure channel phone
        action refer kind support
        rule hold_debt_help { when signal(debt_help) then hold "schuldhulp" queue refer priority 70 }
        rule early { when arrears.days >= 3 then queue call priority 40 }

        """

    @Test func cleanRuleSetExitsZero() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", CheckCommandTests.valid)
        let r = try Arrearsd.run(["check", "--rules", dir.path("rules")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("rule set: 2 rules, 2 actions, 0 lets in 1 file; 0 errors, 0 warnings"))
    }

    @Test func errorShowsSourceLineAndCaretAndExitsOne() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", CheckCommandTests.valid + "rule r { when arrears.amount >= \"x\" then queue call priority 1 }\n")
        let r = try Arrearsd.run(["check", "--rules", "rules"], in: dir.url)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "rules/a.rules:5:30: error: cannot compare money (arrears.amount) with a string (\"x\")")
        #expect(lines[1] == "rule r { when arrears.amount >= \"x\" then queue call priority 1 }")
        #expect(lines[2] == String(repeating: " ", count: 29) + "^")
        #expect(lines[3] == "1 error, 0 warnings")
    }

    @Test func problemsOfAllFilesAreReportedTogether() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/10-a.rules", CheckCommandTests.valid + "rule x { when signal(dispuut) then hold \"d\" }\n")
        try dir.write("rules/20-b.rules", "rule y { when arrears.dayz > 1 then tag z }\nrule early { when true then tag w }\n")
        try dir.write("rules/notes.txt", "not a rules file $$$")
        let r = try Arrearsd.run(["check", "--rules", "rules"], in: dir.url)
        #expect(r.status == 1)
        let headlines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("rules/") }
        #expect(headlines == [
            "rules/10-a.rules:5:22: error: unknown signal 'dispuut'; did you mean 'dispute'?",
            "rules/20-b.rules:1:15: error: unknown name 'arrears.dayz'; did you mean 'arrears.days'?",
            "rules/20-b.rules:2:6: error: duplicate name 'early': already declared as a rule at rules/10-a.rules:4:6",
            "rules/10-a.rules:4:6: note: 'early' first declared here",
        ])
    }

    @Test func jsonFormatListsDiagnostics() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/a.rules", CheckCommandTests.valid + "let unused = 1\n")
        let r = try Arrearsd.run(["check", "--rules", dir.path("rules"), "--format", "json"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["ok"] as? Bool == true)
        #expect(object["warnings"] as? Int == 1)
        let diagnostics = object["diagnostics"] as! [[String: Any]]
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0]["severity"] as? String == "warning")
        #expect(diagnostics[0]["line"] as? Int == 5)
        #expect(diagnostics[0]["column"] as? Int == 5)
        #expect(diagnostics[0]["message"] as? String == "let 'unused' is never used")
    }

    @Test func missingDirectoryIsAnError() throws {
        let dir = try TemporaryDirectory()
        let r = try Arrearsd.run(["check", "--rules", dir.path("nope")])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("error: rules directory '\(dir.path("nope"))' does not exist\n"))
    }

    @Test func emptyDirectoryIsAnError() throws {
        let dir = try TemporaryDirectory()
        try dir.write("rules/README.txt", "no rules here")
        let r = try Arrearsd.run(["check", "--rules", dir.path("rules")])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("error: rules directory '\(dir.path("rules"))' has no *.rules files\n"))
    }

    @Test func invalidUTF8IsReportedWithItsPosition() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("rules/a.rules", CheckCommandTests.valid)
        var bytes = Array(CheckCommandTests.valid.utf8)
        bytes += Array("rule r \"caf".utf8) + [0xE9] + Array("\" { when true then tag x }\n".utf8)  // Latin-1 é
        try Data(bytes).write(to: file)
        let r = try Arrearsd.run(["check", "--rules", "rules"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("rules/a.rules:5:12: error: the file is not valid UTF-8 here: save it as UTF-8\n"))
    }

    @Test func bundledRulePackIsClean() throws {
        let r = try Arrearsd.run(["check", "--rules", repositoryRoot.appendingPathComponent("rules").path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!r.stdout.contains(": warning: "), "\(r.stdout)")
        #expect(!r.stdout.contains(": error: "), "\(r.stdout)")
    }
}
