/// The highest item number given per action of one case (SPEC §4.5 rule 8), as a short list:
/// a case has numbers for a few actions, and a dictionary built for every case evaluated (a
/// million after a reload) cost more than searching the list.
public struct ItemNumbers: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var entries: [(action: String, number: Int)]

    /// `entries` may name an action more than once; its highest number counts.
    public init(entries: [(action: String, number: Int)] = []) { self.entries = entries }

    public init(_ numbers: [String: Int]) { entries = numbers.map { ($0.key, $0.value) } }

    public init(dictionaryLiteral elements: (String, Int)...) { entries = elements.map { ($0.0, $0.1) } }

    /// The highest number of `action`, nil if it has none; setting replaces it.
    public subscript(action: String) -> Int? {
        get {
            var highest: Int?
            for e in entries where e.action == action { highest = max(highest ?? e.number, e.number) }
            return highest
        }
        set {
            entries.removeAll { $0.action == action }
            if let newValue { entries.append((action, newValue)) }
        }
    }

    /// As a dictionary (tests and reports).
    public var dictionary: [String: Int] { Dictionary(entries, uniquingKeysWith: max) }

    public static func == (a: ItemNumbers, b: ItemNumbers) -> Bool { a.dictionary == b.dictionary }
}
