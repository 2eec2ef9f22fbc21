import GRDB
import GRDBSQLite

/// A statement prepared (and cached) by GRDB, bound and stepped through the SQLite C API.
///
/// For the per-event statements of ``StoreWriter/admit(_:)`` only: it skips GRDB's
/// per-execution bookkeeping (argument conversion, observation, schema-cache checks), which
/// costs more than SQLite itself there. Nothing observes these tables, and the statements
/// run inside GRDB's write transaction on its queue.
struct DirectStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        _ = value.withUTF8 { text in
            // An empty buffer may have no address, and a null pointer would bind NULL.
            text.isEmpty ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                : sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), Self.transient)
        }
    }

    func bind(_ index: Int32, blob: [UInt8]) {
        // An empty blob is bound as a zero-length blob, not NULL.
        _ = blob.withUnsafeBytes { bytes in
            sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement to completion.
    /// - Returns: the number of rows it inserted, updated or deleted.
    @discardableResult
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else { throw error(code) }
        return Int(sqlite3_changes(connection))
    }

    /// Steps through a query's rows, calling `body` with a cursor on each; resets at the end.
    func forEachRow(_ body: (DirectRow) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(DirectRow(handle: handle))
            case SQLITE_DONE: return
            case let code: throw error(code)
            }
        }
    }

    /// Runs a query and returns the text of the first column of its first row, if any.
    func firstText() throws -> String? {
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return sqlite3_column_text(handle, 0).map { String(cString: $0) }
        case SQLITE_DONE: return nil
        case let code: throw error(code)
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) },
                      sql: statement.sql)
    }
}

/// The current row of a ``DirectStatement`` query; valid only inside `forEachRow`'s closure.
struct DirectRow {
    let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column's storage class (`SQLITE_INTEGER`, `SQLITE_TEXT`, `SQLITE_NULL`, ...).
    func type(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// The bytes of a blob column without copying (valid until the next step; empty for NULL).
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let p = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The bytes of a text column without copying (valid until the next step).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
