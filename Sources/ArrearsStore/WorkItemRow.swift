import ArrearsEngine
import GRDB
import GRDBSQLite

/// Encodes a ``WorkItem`` into `work_items` columns and back, every field exactly:
/// times as µs, the arrears amount as decimal text with its own scale, lists as JSON.
enum WorkItemRow {
    /// The columns ``decode(_:)`` reads, in order.
    static let columns = """
        id, kind, channel, priority, due_us, contact_until_us, rules, reasons, tags, notes, \
        arrears_amount, arrears_days, opened_us, updated_us
        """

    /// How many ``columns`` there are.
    static let columnCount: Int32 = 14

    /// The columns a reconciliation may change, in the order of ``mutableValues(_:)``.
    static let mutableColumns = ["kind", "channel", "priority", "due_us", "contact_until_us", "rules", "reasons",
                                 "tags", "notes", "arrears_amount", "arrears_days", "updated_us", "line", "line_bytes"]
    static let columnsOfMutable = mutableColumns.joined(separator: ", ")
    static let placeholdersOfMutable = mutableColumns.map { _ in "?" }.joined(separator: ", ")
    static let mutableAssignments = mutableColumns.map { "\($0) = ?" }.joined(separator: ", ")

    /// Binds the values of ``mutableColumns`` (with `line`, the stored queue line head, or
    /// NULL, and its length in bytes) from parameter `first` on; returns the next parameter index.
    @discardableResult
    static func bindMutable(_ item: WorkItem, line: String?, to s: DirectStatement, from first: Int32) -> Int32 {
        var k = first
        func next() -> Int32 { defer { k += 1 }; return k }
        s.bind(next(), item.kind.rawValue)
        s.bind(next(), item.channel?.rawValue)
        s.bind(next(), Int64(item.priority))
        s.bind(next(), item.due.microseconds)
        s.bind(next(), item.contactUntil?.microseconds)
        s.bind(next(), json(item.rules))
        s.bind(next(), json(item.reasons))
        s.bind(next(), json(item.tags))
        s.bind(next(), json(item.notes))
        s.bind(next(), decimal(item.facts.arrearsAmount))
        s.bind(next(), Int64(item.facts.arrearsDays))
        s.bind(next(), item.updated.microseconds)
        s.bind(next(), line)
        s.bind(next(), line.map { Int64($0.utf8.count) })
        return k
    }

    static func decode(_ row: Row) throws -> WorkItem { try decode(columns: row) }

    /// Decodes the columns of ``columns`` (in that order) from any row; its lists through
    /// `lists` when given.
    static func decode(columns row: some ColumnReader, lists: ItemListCache? = nil) throws -> WorkItem {
        func bad(_ problem: String) -> StoreError { .corruptRow(table: "work_items", key: row.string(0), problem: problem) }
        let parsed = row.withBytes(0) { bytes in
            guard let lists else { return WorkItemID.parse(utf8: bytes) }
            return WorkItemID.parse(utf8: bytes, actionName: lists.action)
        }
        guard case .success(let id) = parsed else { throw bad("id is not CASE/ACTION/N") }
        guard let kind = ActionKind(rawValue: row.string(1)) else { throw bad("unknown kind") }
        let channel = try row.optionalString(2).map { text in
            guard let c = Channel(rawValue: text) else { throw bad("unknown channel \(text)") }
            return c
        }
        func list(_ column: Int32) throws -> [String] {
            guard let lists else { return try Self.list(row.string(column), bad) }
            return try row.withBytes(column) { try lists.list($0, bad) }
        }
        let amountText = row.string(10)
        guard let amount = Exact(amountText) else { throw bad("arrears_amount \(amountText) is not a decimal") }
        return WorkItem(id: id, kind: kind, channel: channel, priority: Int(row.int(3)), due: Instant(microseconds: row.int(4)),
                        contactUntil: row.optionalInt(5).map(Instant.init(microseconds:)),
                        rules: try list(6), reasons: try list(7), tags: try list(8),
                        notes: try list(9), facts: ItemFacts(arrearsAmount: amount, arrearsDays: Int(row.int(11))),
                        opened: Instant(microseconds: row.int(12)), updated: Instant(microseconds: row.int(13)))
    }

    /// The strings of a list as ``json(_:)`` writes it, when no string in it has an escape:
    /// `["a","b"]` with no white space and no backslash, so that every quote delimits a
    /// string. Nil for any other text (which the JSON reader then decodes or rejects).
    static func plainList(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { b -> [String]? in
            let quote = UInt8(ascii: "\""), n = b.count
            guard n >= 4, b[0] == UInt8(ascii: "["), b[1] == quote, b[n - 2] == quote, b[n - 1] == UInt8(ascii: "]"),
                  !b.contains(UInt8(ascii: "\\")) else { return nil }
            var strings: [String] = []
            var (start, k) = (2, 2)
            while k < n - 2 {
                guard b[k] == quote else {
                    k += 1
                    continue
                }
                guard b[k + 1] == UInt8(ascii: ","), b[k + 2] == quote else { return nil }
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<k]), as: UTF8.self))
                (start, k) = (k + 3, k + 3)
            }
            guard start <= n - 2 else { return nil }  // `["a","]`: the last quote opened a string
            strings.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<(n - 2)]), as: UTF8.self))
            return strings
        }
    }

    /// All the digits, keeping the scale: `84.10` stays `84.10`.
    static func decimal(_ value: Exact) -> String { value.formatted(decimals: value.scale) }

    /// A JSON array of strings.
    static func json(_ list: [String]) -> String {
        "[" + list.map(JSONText.quote).joined(separator: ",") + "]"
    }

    static func list(_ text: String, _ bad: (String) -> StoreError) throws -> [String] {
        if text == "[]" { return [] }  // most tags and notes
        if let plain = plainList(text) { return plain }
        guard case .array(let values)? = try? JSONReader.parse(text) else { throw bad("\(text) is not a JSON array") }
        return try values.map { value in
            guard case .string(let s) = value else { throw bad("\(text) is not an array of strings") }
            return s
        }
    }
}

/// Column access shared by GRDB rows and ``DirectRow``.
protocol ColumnReader {
    func string(_ column: Int32) -> String
    func optionalString(_ column: Int32) -> String?
    func int(_ column: Int32) -> Int64
    func optionalInt(_ column: Int32) -> Int64?
    /// The UTF-8 bytes of ``string(_:)``, where they lie when they can be read in place.
    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
}

extension ColumnReader {
    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withStringBytes(column, body)
    }

    /// The bytes of a `String` made of the column (for columns not readable in place).
    func withStringBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var text = string(column)
        return try text.withUTF8(body)
    }
}

extension Row: ColumnReader {
    func string(_ column: Int32) -> String { self[Int(column)] ?? "" }
    func optionalString(_ column: Int32) -> String? { self[Int(column)] }
    func int(_ column: Int32) -> Int64 { self[Int(column)] ?? 0 }
    func optionalInt(_ column: Int32) -> Int64? { self[Int(column)] }
}

extension DirectRow: ColumnReader {
    func string(_ column: Int32) -> String { text(column) }
    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func int(_ column: Int32) -> Int64 { int64(column) }
    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try body(bytes(column)) }
}

/// The rows of the open items read together (a chunk of cases, or one case), their columns
/// copied out of SQLite into two buffers shared by all the rows, so that they can be decoded
/// later on other threads: reading a chunk of cases costs a copy per item, not its decoding,
/// and no allocation of its own. Built by ``ItemRowArena/Builder`` on one thread, then only read.
final class ItemRowArena: Sendable {
    enum Value: Sendable {
        case null
        case integer(Int64)
        case text(start: UInt32, count: UInt32)
    }

    /// `columns` values per row.
    let values: [Value]
    let text: [UInt8]
    let columns: Int

    private init(values: [Value], text: [UInt8], columns: Int) {
        (self.values, self.text, self.columns) = (values, text, columns)
    }

    /// Rows appended one at a time, each with the same columns.
    struct Builder {
        private var values: [Value] = []
        private var text: [UInt8] = []
        private let columns: Int32
        private(set) var rows = 0

        init(columns: Int32) { self.columns = columns }

        /// Columns 0 to `columns - 1` of `row`; returns the row's index.
        mutating func append(_ row: DirectRow) -> Int {
            // Each column's type and text asked for once (a million rows in a re-evaluation
            // of every case).
            for column in 0..<columns {
                switch row.type(column) {
                case SQLITE_NULL:
                    values.append(.null)
                case SQLITE_INTEGER:
                    values.append(.integer(row.int64(column)))
                default:
                    let bytes = row.bytes(column)
                    precondition(text.count + bytes.count < Int(UInt32.max), "item rows of one read past 4 GiB")
                    values.append(.text(start: UInt32(text.count), count: UInt32(bytes.count)))
                    text.append(contentsOf: bytes)
                }
            }
            rows += 1
            return rows - 1
        }

        func finished() -> ItemRowArena { ItemRowArena(values: values, text: text, columns: Int(columns)) }
    }
}

/// One row of an ``ItemRowArena``.
struct ItemColumns: Sendable, ColumnReader {
    let arena: ItemRowArena
    let row: Int

    private func value(_ column: Int32) -> ItemRowArena.Value { arena.values[row * arena.columns + Int(column)] }

    func optionalString(_ column: Int32) -> String? {
        switch value(column) {
        case .null: nil
        case .integer(let n): String(n)
        case .text(let start, let count):
            arena.text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(start + count)]), as: UTF8.self) }
        }
    }

    func string(_ column: Int32) -> String { optionalString(column) ?? "" }

    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard case .text(let start, let count) = value(column) else { return try withStringBytes(column, body) }
        return try arena.text.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(start + count)])) }
    }

    func optionalInt(_ column: Int32) -> Int64? {
        switch value(column) {
        case .null: nil
        case .integer(let n): n
        case .text: Int64(string(column))
        }
    }

    func int(_ column: Int32) -> Int64 { optionalInt(column) ?? 0 }
}

/// A case's open item rows: a run of rows of an arena (a case's items are read together).
struct ItemRows: Sendable {
    private let arena: ItemRowArena?
    private let rows: Range<Int>

    /// No rows.
    init() { (arena, rows) = (nil, 0..<0) }

    init(arena: ItemRowArena, rows: Range<Int>) { (self.arena, self.rows) = (arena, rows) }

    var count: Int { rows.count }

    func map<T>(_ transform: (ItemColumns) throws -> T) rethrows -> [T] {
        guard let arena else { return [] }
        return try rows.map { try transform(ItemColumns(arena: arena, row: $0)) }
    }
}
