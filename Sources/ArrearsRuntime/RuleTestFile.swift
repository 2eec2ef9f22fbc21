import ArrearsEngine

/// A rule test file (SPEC §4.7) as read from its YAML: the rule directory, the tests, and every
/// problem found while reading. Events stay JSON objects here; the runner parses them with the
/// engine's ``EventParser`` once the rule set (and so the calendar) is known.
public struct RuleTestFile: Sendable {
    /// The path as given on the command line.
    public let path: String
    public let source: SourceFile
    /// `rules:` resolved against the file's directory, and where it was written.
    public let rules: (path: String, location: SourceLocation)?
    /// The tests that were read without errors, in file order.
    public let tests: [RuleTest]
    /// Errors and warnings, in source order. Any error: the tests it concerns do not run.
    public let diagnostics: [Diagnostic]
}

/// One test: events folded into an empty state and evaluated once at `now`.
public struct RuleTest: Sendable {
    /// 1-based position in the file's `tests` list (the `t<test>-<n>` default ids use it).
    public let number: Int
    public let name: String
    public let location: SourceLocation
    public let now: Instant
    public let events: [TestEvent]
    public let expect: [ItemPattern]
    public let absent: [ItemPattern]
    /// `holds:` expected hold reasons per case (exact lists); nil when not given.
    public let holds: CaseLists?
    /// `tags:` expected case tags per case (exact lists); nil when not given.
    public let tags: CaseLists?
}

/// An event of a test as a JSON object, with the defaults for `id` and `at` filled in.
public struct TestEvent: Sendable {
    public let object: JSONObject
    /// Compact JSON text of `object`: what the engine keeps as the raw event.
    public let raw: String
    /// The event's mapping in the test file.
    public let location: SourceLocation
}

/// `holds:` or `tags:` of a test: a list for the test's only case, or a list per case.
public enum CaseLists: Sendable {
    case single([String], SourceLocation)
    case perCase([(caseID: String, values: [String], location: SourceLocation)])
}

/// An `expect` or `absent` entry: the fields it gives, each of which must match.
public struct ItemPattern: Sendable {
    /// A field of a queue item and the value the entry wants.
    public enum Field: Sendable {
        case id(String)
        case caseID(String)
        case action(String)
        case kind(ActionKind)
        /// nil: the item has no channel.
        case channel(Channel?)
        case priority(Int)
        case due(Instant)
        /// nil: the item has no `contact_until`.
        case contactUntil(Instant?)
        case rules([String])
        case reasons([String])
        case tags([String])
        case notes([String])
        case arrearsAmount(Exact)
        case arrearsDays(Int)
    }

    public let location: SourceLocation
    /// The fields in the order written, with where each value was written.
    public let fields: [(field: Field, location: SourceLocation)]
    /// The entry as written, in YAML flow form, for reports.
    public let shown: String

    public var caseID: String? {
        for (field, _) in fields { if case .caseID(let c) = field { return c } }
        return nil
    }

    public var action: String? {
        for (field, _) in fields { if case .action(let a) = field { return a } }
        return nil
    }
}
