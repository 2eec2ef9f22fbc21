import ArrearsEngine
import Foundation

/// Reads a rules directory: every `*.rules` file in it, in byte-wise name order, as one rule set
/// (SPEC §1, §4.6). Problems with the directory or a file's bytes become diagnostics.
public enum RuleDirectory {
    /// The sources of `path`, or diagnostics when the directory is missing, empty or unreadable.
    public static func read(_ path: String) -> (sources: [SourceFile], diagnostics: [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], [.error(nil, "rules directory '\(path)' does not exist")])
        }
        guard isDirectory.boolValue else {
            return ([], [.error(nil, "'\(path)' is not a directory: --rules names a directory of *.rules files")])
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            return ([], [.error(nil, "cannot read rules directory '\(path)': \(error.localizedDescription)")])
        }
        let ruleFiles = names.filter { name in
            var isDir: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            return name.hasSuffix(".rules") && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue
        }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if ruleFiles.isEmpty {
            return ([], [.error(nil, "rules directory '\(path)' has no *.rules files")])
        }
        var sources: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        for name in ruleFiles {
            let file = (path as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(.error(SourceLocation(file: file, line: 1, column: 1), "cannot read the file"))
                continue
            }
            switch decodeUTF8(data, file: file) {
            case .success(let text): sources.append(SourceFile(name: file, text: text))
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (sources, diagnostics)
    }

    /// Decodes UTF-8, or names the line and column of the first invalid byte.
    static func decodeUTF8(_ data: Data, file: String) -> Result<String, Diagnostic> {
        if let text = String(bytes: data, encoding: .utf8) { return .success(text) }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if Unicode.UTF8.decode(encoded) == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return .failure(.error(SourceLocation(file: file, line: 1, column: 1), "the file is not valid UTF-8"))
            case .error:
                return .failure(.error(SourceLocation(file: file, line: line, column: column), "the file is not valid UTF-8 here: save it as UTF-8"))
            }
        }
    }

    /// Reads and checks the rule set of `path` in one step.
    public static func load(_ path: String) -> (ruleSet: RuleSet?, sources: [SourceFile], diagnostics: [Diagnostic]) {
        let (sources, readProblems) = read(path)
        if sources.isEmpty { return (nil, sources, readProblems) }
        let (ruleSet, diagnostics) = RuleSetLoader.load(sources)
        let all = (readProblems + diagnostics).sortedByLocation()
        return (all.hasErrors ? nil : ruleSet, sources, all)
    }
}
