import ArrearsEngine
import Foundation
import Yams

/// Reads rule test files (SPEC §4.7) with Yams' node API, so that every value is read from its
/// raw scalar text by the type of its field and every problem points at its node.
public enum RuleTestReader {
    /// The keys of a file, a test, an `expect`/`absent` entry and its `facts`.
    static let fileKeys = ["rules", "tests"]
    static let testKeys = ["name", "now", "events", "expect", "absent", "holds", "tags"]
    static let patternKeys = ["id", "case", "action", "kind", "channel", "priority", "due", "contact_until",
                              "rules", "reasons", "tags", "notes", "facts"]
    static let factKeys = ["arrears_amount", "arrears_days"]

    /// Reads the file at `path` (a missing or unreadable file is a diagnostic, not a throw).
    public static func read(path: String) -> RuleTestFile {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return RuleTestFile(path: path, source: SourceFile(name: path, text: ""), rules: nil, tests: [],
                                diagnostics: [.error(nil, "\(path): a directory without *.test.yaml files")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            return RuleTestFile(path: path, source: SourceFile(name: path, text: ""), rules: nil, tests: [],
                                diagnostics: [.error(nil, "\(path): \(why)")])
        }
        switch RuleDirectory.decodeUTF8(data, file: path) {
        case .failure(let diagnostic):
            return RuleTestFile(path: path, source: SourceFile(name: path, text: ""), rules: nil, tests: [], diagnostics: [diagnostic])
        case .success(let text):
            return read(path: path, text: text)
        }
    }

    /// Reads test file text; `path` names it in diagnostics and anchors a relative `rules:`.
    public static func read(path: String, text: String) -> RuleTestFile {
        var reader = TestFileReader(file: path)
        let (rules, tests) = reader.file(text)
        return RuleTestFile(path: path, source: SourceFile(name: path, text: text), rules: rules, tests: tests,
                            diagnostics: reader.diagnostics.sortedByLocation())
    }

    /// `rules:` of a file at `file`: relative paths are relative to the file's directory.
    static func resolve(rules: String, relativeTo file: String) -> String {
        if rules.hasPrefix("/") { return normalized(rules) }
        let dir = (file as NSString).deletingLastPathComponent
        return normalized(dir.isEmpty ? rules : dir + "/" + rules)
    }

    /// Removes `.` and `name/..` lexically: `rules/tests/..` is `rules`.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// The state of reading one file: its name and the problems found so far.
struct TestFileReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    var errorCount: Int { diagnostics.errors.count }

    func location(_ node: Node) -> SourceLocation { location(node.mark) }

    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1))
    }

    mutating func error(_ at: SourceLocation, _ message: String) { diagnostics.append(.error(at, message)) }
    mutating func error(_ node: Node, _ message: String) { error(location(node), message) }
    mutating func warning(_ node: Node, _ message: String) { diagnostics.append(.warning(location(node), message)) }

    // MARK: File

    mutating func file(_ text: String) -> ((path: String, location: SourceLocation)?, [RuleTest]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            diagnostics.append(yamlError(error, text: text))
            return (nil, [])
        }
        guard let root else {
            error(location(nil), "the file is empty: a test file has 'rules:' and 'tests:'")
            return (nil, [])
        }
        guard case .mapping(let mapping) = root else {
            error(root, "expected a mapping with 'rules:' and 'tests:', found \(describe(root))")
            return (nil, [])
        }
        var budget = TestFileReader.maxNodes
        guard fits(root, budget: &budget) else {
            error(root, "the file expands to more than \(TestFileReader.maxNodes) YAML values (through aliases)")
            return (nil, [])
        }
        var rules: (path: String, location: SourceLocation)?
        var testsNode: Node?
        var sawRules = false
        for (keyNode, value) in mapping {
            guard let key = key(keyNode) else { continue }
            switch key {
            case "rules":
                sawRules = true
                if let text = string(value, "rules"), !text.isEmpty {
                    rules = (RuleTestReader.resolve(rules: text, relativeTo: file), location(value))
                } else if case .scalar = value {
                    error(value, "'rules' is empty: give the rule directory, relative to this file (like 'rules: ..')")
                }
            case "tests":
                testsNode = value
            default:
                unknownKey(keyNode, key, in: "the file", known: RuleTestReader.fileKeys)
            }
        }
        if !sawRules {
            error(root, "missing 'rules': the rule directory, relative to this file (like 'rules: ..')")
        }
        guard let testsNode else {
            error(root, "missing 'tests': a list of tests, each with 'name', 'now' and 'events'")
            return (rules, [])
        }
        guard case .sequence(let list) = testsNode else {
            if isNull(testsNode) {
                error(testsNode, "'tests' is empty: give a list of tests, each with 'name', 'now' and 'events'")
                return (rules, [])
            }
            error(testsNode, "'tests' must be a list of tests, found \(describe(testsNode))")
            return (rules, [])
        }
        if list.isEmpty { warning(testsNode, "no tests in this file") }
        var tests: [RuleTest] = []
        var names: [String: SourceLocation] = [:]
        for (i, node) in list.enumerated() {
            guard let test = test(node, number: i + 1) else { continue }
            if let first = names[test.name] {
                warning(node, "another test is named \(quoted(test.name)) (at line \(first.line)): the report cannot tell them apart")
            } else {
                names[test.name] = test.location
            }
            tests.append(test)
        }
        return (rules, tests)
    }

    /// Aliases share nodes, so a small file can stand for a huge tree ("billion laughs").
    static let maxNodes = 1_000_000

    /// Whether `node` has at most `budget` nodes; stops counting when it has more.
    func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case .mapping(let m):
            for (key, value) in m where !fits(key, budget: &budget) || !fits(value, budget: &budget) { return false }
        case .sequence(let seq):
            for item in seq where !fits(item, budget: &budget) { return false }
        case .scalar, .alias:
            break
        }
        return true
    }

    // MARK: Tests

    /// A test, or nil (with errors) when it is malformed.
    mutating func test(_ node: Node, number: Int) -> RuleTest? {
        guard case .mapping(let mapping) = node else {
            error(node, "a test is a mapping with 'name', 'now', 'events', 'expect' and 'absent', found \(describe(node))")
            return nil
        }
        let errorsBefore = errorCount
        var name: String?
        var now: (instant: Instant, text: String)?
        var sawNow = false
        var eventNodes: [Node] = []
        var expect: [ItemPattern] = [], absent: [ItemPattern] = []
        var holds: CaseLists?, tags: CaseLists?
        for (keyNode, value) in mapping {
            guard let key = key(keyNode) else { continue }
            switch key {
            case "name":
                if let s = string(value, "name") {
                    if s.trimmingCharacters(in: .whitespaces).isEmpty { error(value, "'name' is empty") } else { name = s }
                }
            case "now":
                sawNow = true
                if let t = instant(value, "now") { now = t }
            case "events":
                eventNodes = list(value, "events") ?? []
            case "expect", "absent":
                let entries = (list(value, key) ?? []).compactMap { pattern($0, in: key) }
                if key == "expect" { expect = entries } else { absent = entries }
            case "holds", "tags":
                let lists = caseLists(value, key)
                if key == "holds" { holds = lists } else { tags = lists }
            default:
                unknownKey(keyNode, key, in: "a test", known: RuleTestReader.testKeys)
            }
        }
        if name == nil, errorCount == errorsBefore {
            error(node, "test \(number) has no 'name'")
        }
        if !sawNow {
            error(node, "test \(name.map(quoted) ?? String(number)) has no 'now': the evaluation time, RFC 3339 with offset (like 2026-11-23T09:14:02+01:00)")
        }
        var events: [TestEvent] = []
        if let now {
            for (i, eventNode) in eventNodes.enumerated() {
                if let event = event(eventNode, test: number, n: i + 1, nowText: now.text) { events.append(event) }
            }
        }
        if expect.isEmpty, absent.isEmpty, holds == nil, tags == nil, errorCount == errorsBefore {
            warning(node, "test \(name.map(quoted) ?? String(number)) checks nothing: give 'expect', 'absent', 'holds' or 'tags'")
        }
        guard errorCount == errorsBefore, let name, let now else { return nil }
        return RuleTest(number: number, name: name, location: location(node), now: now.instant, events: events,
                        expect: expect, absent: absent, holds: holds, tags: tags)
    }

    // MARK: Events

    /// An event mapping as a JSON object: every value by the type of its field (SPEC §3).
    mutating func event(_ node: Node, test: Int, n: Int, nowText: String) -> TestEvent? {
        guard case .mapping(let mapping) = node else {
            error(node, "an event is a mapping of its fields (like {type: invoice, case: C1, invoice: I1, amount: 84.10, due: 2026-11-02}), found \(describe(node))")
            return nil
        }
        var members: [JSONObject.Member] = []
        for (keyNode, value) in mapping {
            guard let key = key(keyNode) else { return nil }
            members.append(JSONObject.Member(key: key, value: EventValues.field(key, value)))
        }
        if !members.contains(where: { $0.key == "id" }) {
            members.insert(JSONObject.Member(key: "id", value: .string("t\(test)-\(n)")), at: 0)
        }
        if !members.contains(where: { $0.key == "at" }) {
            members.append(JSONObject.Member(key: "at", value: .string(nowText)))
        }
        let object = JSONObject(members)
        return TestEvent(object: object, raw: EventValues.json(.object(object)), location: location(node))
    }
}

/// YAML text helpers for reports.
enum YAMLText {
    /// `s` as a plain scalar when that reads back as the same text, else double-quoted.
    static func scalar(_ s: String) -> String {
        let indicators = "-?:,[]{}#&*!|>'\"%@`"
        let plain = !s.isEmpty && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !s.hasSuffix(":")
            && !indicators.contains(s.first!) && !s.contains(": ") && !s.contains(" #")
            && !s.contains(where: { ",[]{}\n\t\r".contains($0) })
            && !EventValues.isNull(s) && EventValues.bool(s) == nil
        return plain ? s : JSONText.quote(s)
    }
}
