import ArgumentParser
import ArrearsRuntime
import Foundation

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule test files (*.test.yaml).",
        discussion: """
            Each test folds its events into an empty state, evaluates once at `now` and compares \
            the queue with `expect` and `absent` (SPEC §4.7; docs/rules.md). A directory runs \
            every *.test.yaml in it. Exit status: 0 when every test passed, 1 when a test failed \
            or a test file has errors.
            """
    )

    @Argument(help: "Test files (*.test.yaml), or directories of them.")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Also show the queue of every case of the tests that passed.")
    var verbose = false

    func run() throws {
        let runner = RuleTestRunner()
        var passed = 0, failed = 0, errors = 0, filesWithErrors = 0
        for path in expand(files) {
            let result = runner.run(path: path)
            print(RuleTestReport.text(result, verbose: verbose), terminator: "")
            passed += result.results.filter(\.passed).count
            failed += result.results.filter { !$0.passed }.count
            errors += result.errorCount
            if result.errorCount > 0 { filesWithErrors += 1 }
        }
        if errors > 0 {
            print("\(counted(filesWithErrors, "test file")) with errors (\(counted(errors, "error"))): the tests concerned did not run")
        }
        print(RuleTestReport.summary(passed: passed, failed: failed))
        if failed > 0 || errors > 0 { throw ExitCode(ExitStatus.failed) }
    }

    /// Files as given; a directory becomes its *.test.yaml files in byte-wise name order (or
    /// itself, so that the runner reports that it has none).
    func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                out.append(path)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".test.yaml") && !$0.hasPrefix(".") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if names.isEmpty {
                out.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            out += names.map { base + "/" + $0 }
        }
        return out
    }
}
