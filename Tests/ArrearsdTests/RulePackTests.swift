import Foundation
import Testing

/// Every sector pack under `rules/packs/` is clean under `arrearsd check` (no errors, no
/// warnings), passes `arrearsd test` on its `tests/`, and names every rule in at least two
/// of its tests ("RULE - ..."), one where it fires and one where a condition fails.
@Suite struct RulePackTests {
    static let packsDirectory = repositoryRoot.appendingPathComponent("rules/packs")

    static let packs: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: packsDirectory.path)) ?? []
        return entries.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test func theSectorPacksAreThere() {
        #expect(RulePackTests.packs == ["energy-nl", "health-nl", "housing-nl", "water-nl"])
    }

    @Test(arguments: RulePackTests.packs)
    func packChecksClean(_ pack: String) throws {
        let r = try Arrearsd.run(["check", "--rules", "rules/packs/\(pack)"], in: repositoryRoot)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(!r.stdout.contains(": error: ") && !r.stdout.contains(": warning: "), "\(r.stdout)")
        #expect(r.stdout.contains("rule set \"\(pack)\": "), "\(r.stdout)")
        #expect(r.stdout.contains("; 0 errors, 0 warnings"), "\(r.stdout)")
    }

    @Test(arguments: RulePackTests.packs)
    func packTestsPass(_ pack: String) throws {
        let r = try Arrearsd.run(["test", "rules/packs/\(pack)/tests"], in: repositoryRoot)
        #expect(r.status == 0, "\(r.stdout)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" passed, 0 failed"), "\(r.stdout)")
        #expect(!r.stdout.contains("FAIL ") && !r.stdout.contains(": error: ") && !r.stdout.contains(": warning: "))
    }

    @Test(arguments: RulePackTests.packs)
    func everyRuleHasTwoTestsNamedAfterIt(_ pack: String) throws {
        let dir = RulePackTests.packsDirectory.appendingPathComponent(pack)
        let fm = FileManager.default
        let rulesText = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".rules") }
            .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        let testsDir = dir.appendingPathComponent("tests")
        let testsText = try fm.contentsOfDirectory(atPath: testsDir.path).filter { $0.hasSuffix(".test.yaml") }
            .map { try String(contentsOf: testsDir.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        let ruleNames = rulesText.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("rule ") else { return nil }
            return line.dropFirst(5).split(separator: " ").first.map(String.init)
        }
        #expect(!ruleNames.isEmpty)
        for rule in ruleNames {
            let count = testsText.components(separatedBy: "- name: \(rule) - ").count - 1
            #expect(count >= 2, "rule \(rule) of \(pack) is named in \(count) test(s)")
        }
    }
}
