import Foundation
import Testing
@testable import ArrearsEngine

/// Every broken rule set under `Corpus/broken` carries its exact expected diagnostics as
/// `# expect: FILE:LINE:COL: severity: message` comments (notes included, in order).
@Suite struct CorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let sources: [SourceFile]
        var testDescription: String { name }

        var expected: [String] {
            sources.flatMap { source in
                source.text.split(separator: "\n").compactMap { line in
                    line.hasPrefix("# expect: ") ? String(line.dropFirst("# expect: ".count)) : nil
                }
            }
        }
    }

    static let cases: [Case] = {
        let root = Bundle.module.url(forResource: "Corpus", withExtension: nil)!.appendingPathComponent("broken")
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        return entries.sorted().map { entry in
            let url = root.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let files = isDirectory.boolValue
                ? ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { url.appendingPathComponent($0) }
                : [url]
            let sources = files.map { SourceFile(name: $0.lastPathComponent, text: try! String(contentsOf: $0, encoding: .utf8)) }
            return Case(name: entry, sources: sources)
        }
    }()

    @Test func corpusHasAtLeastThirtyBrokenRuleSets() {
        #expect(CorpusTests.cases.count >= 30)
    }

    @Test(arguments: CorpusTests.cases)
    func diagnosticsMatchExactly(_ c: Case) {
        #expect(!c.expected.isEmpty, "corpus entry \(c.name) has no '# expect:' lines")
        let (ruleSet, diagnostics) = RuleSetLoader.load(c.sources)
        let actual = diagnostics.flatMap { [$0] + $0.notes }.map(\.headline)
        #expect(actual == c.expected)
        // A rule set with errors is never handed out; one with only warnings is.
        #expect((ruleSet == nil) == diagnostics.hasErrors)
    }
}
