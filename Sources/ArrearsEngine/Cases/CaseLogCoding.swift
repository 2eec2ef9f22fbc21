/// Why stored bytes are not a ``CaseLog``.
public struct CaseLogDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { "case log: \(message)" }
}

/// The binary form of a ``CaseLog`` (little-endian):
///
///     u8 version (1)
///     u32 n, then n records: i64 at, u8 kind, i32 a, i32 b, i32 c, i64 amount, u64 arrival
///     four string tables (invoice ids, invoice event ids, signal names, actions):
///         u32 count, each u32 length + UTF-8 bytes
///     u32 customer change sets, each: u32 keys, each key string + u8 tag
///         (0 delete, 1 string, 2 number: i128 mantissa + u8 scale, 3 false, 4 true)
///
/// Fixed-size records and no parsing: decoding costs little more than copying the bytes.
extension CaseLog {
    static let version: UInt8 = 1

    /// The binary form.
    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        let records = input.records
        out.reserve(1 + 4 + records.count * 37 + 64)
        out.u8(Self.version)
        out.u32(records.count)
        for (r, arrival) in zip(records, arrivals) {
            out.i64(r.at)
            out.u8(r.kind.rawValue)
            out.i32(r.a)
            out.i32(r.b)
            out.i32(r.c)
            out.i64(r.amount)
            out.i64(Int64(bitPattern: arrival))
        }
        out.strings(input.invoiceIDs.map(\.rawValue))
        out.strings(input.invoiceEventIDs.map(\.rawValue))
        out.strings(input.signalNames)
        out.strings(input.actions)
        out.u32(input.customerChanges.count)
        for changes in input.customerChanges {
            out.u32(changes.count)
            for (key, update) in changes {
                out.string(key)
                switch update {
                case .delete: out.u8(0)
                case .set(.string(let s)): out.u8(1); out.string(s)
                case .set(.number(let n)):
                    out.u8(2)
                    out.i64(Int64(truncatingIfNeeded: n.mantissa))
                    out.i64(Int64(truncatingIfNeeded: n.mantissa >> 64))
                    out.u8(UInt8(n.scale))
                case .set(.bool(let b)): out.u8(b ? 4 : 3)
                }
            }
        }
        return out.bytes
    }

    /// Decodes ``encoded()`` bytes; an empty buffer is an empty log.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(CaseLogDecodingError) {
        if bytes.isEmpty { self.init(); return }
        var inp = ByteReader(bytes)
        let version = try inp.u8()
        guard version == Self.version else { throw CaseLogDecodingError(message: "unknown version \(version)") }
        let n = try inp.count(minimumSize: 37)
        var records: [FoldRecord] = []
        var arrivals: [UInt64] = []
        records.reserveCapacity(n)
        arrivals.reserveCapacity(n)
        // The count was checked against the bytes left: the records are read without a
        // bounds check each.
        var badKind: UInt8?
        inp.records(n) { at, code, a, b, c, amount, arrival in
            guard let kind = FoldRecord.Kind(rawValue: code) else {
                badKind = badKind ?? code
                return
            }
            records.append(FoldRecord(at: at, kind: kind, a: a, b: b, c: c, amount: amount))
            arrivals.append(arrival)
        }
        if let badKind { throw CaseLogDecodingError(message: "unknown record kind \(badKind)") }
        let invoiceIDs = try inp.strings().map(InvoiceID.init(rawValue:))
        let invoiceEventIDs = try inp.strings().map(EventID.init(rawValue:))
        let signalNames = try inp.strings()
        let actions = try inp.strings()
        var customerChanges: [AttributeUpdates] = []
        for _ in 0..<(try inp.count(minimumSize: 4)) {
            var changes = AttributeUpdates()
            for _ in 0..<(try inp.count(minimumSize: 5)) {
                let key = try inp.string()
                let update: AttributeUpdate
                switch try inp.u8() {
                case 0: update = .delete
                case 1: update = .set(.string(try inp.string()))
                case 2:
                    let low = UInt64(bitPattern: try inp.i64()), high = try inp.i64()
                    let mantissa = Int128(high) << 64 | Int128(low)
                    update = .set(.number(Exact(mantissa: mantissa, scale: Int(try inp.u8()))))
                case 3: update = .set(.bool(false))
                case 4: update = .set(.bool(true))
                case let tag: throw CaseLogDecodingError(message: "unknown attribute tag \(tag)")
                }
                guard changes.append(key, update) else { throw CaseLogDecodingError(message: "attribute keys out of order") }
            }
            customerChanges.append(changes)
        }
        guard inp.isAtEnd else { throw CaseLogDecodingError(message: "\(inp.remaining) bytes after the end") }
        // Every index a record holds must name an entry of its table.
        for r in records {
            let table: Int? = switch r.kind {
            case .invoice, .credit: invoiceIDs.count
            case .payment: r.a < 0 ? nil : invoiceIDs.count
            case .signalStart, .signalUntil, .signalClear: signalNames.count
            case .workDone: actions.count
            case .customer: customerChanges.count
            case .contact, .arrangement: nil
            }
            if let table, r.a < 0 || Int(r.a) >= table { throw CaseLogDecodingError(message: "record refers to entry \(r.a) of \(table)") }
            if r.kind == .invoice, r.c < 0 || Int(r.c) >= invoiceEventIDs.count {
                throw CaseLogDecodingError(message: "invoice record refers to event \(r.c) of \(invoiceEventIDs.count)")
            }
        }
        self.init(input: FoldInput(records: records, invoiceIDs: invoiceIDs, invoiceEventIDs: invoiceEventIDs,
                                   signalNames: signalNames, actions: actions, customerChanges: customerChanges),
                  arrivals: arrivals)
    }

    /// Decodes ``encoded()`` bytes.
    public init(decoding bytes: [UInt8]) throws(CaseLogDecodingError) {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(CaseLogDecodingError) in try CaseLog(decoding: buffer) } }
        self = try result.get()
    }
}

/// Appends little-endian integers and length-prefixed strings.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: Int) { append(UInt32(truncatingIfNeeded: v)) }
    mutating func i32(_ v: Int32) { append(UInt32(bitPattern: v)) }
    mutating func i64(_ v: Int64) { append(UInt64(bitPattern: v)) }

    private mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        u32(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    mutating func strings(_ list: [String]) {
        u32(list.count)
        for s in list { string(s) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read checks the bounds.
private struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - offset }
    var isAtEnd: Bool { offset == buffer.count }

    /// Reads `n` records of 37 bytes (the caller has checked that they are there).
    mutating func records(_ n: Int, _ body: (Int64, UInt8, Int32, Int32, Int32, Int64, UInt64) -> Void) {
        precondition(remaining >= n * 37)
        let base = buffer.baseAddress!
        var p = offset
        func load<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T { T(littleEndian: base.loadUnaligned(fromByteOffset: at, as: T.self)) }
        for _ in 0..<n {
            body(load(Int64.self, p), base.load(fromByteOffset: p + 8, as: UInt8.self), load(Int32.self, p + 9), load(Int32.self, p + 13),
                 load(Int32.self, p + 17), load(Int64.self, p + 21), load(UInt64.self, p + 29))
            p += 37
        }
        offset = p
    }

    @inline(__always)
    private mutating func take<T: FixedWidthInteger>(_: T.Type) throws(CaseLogDecodingError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw CaseLogDecodingError(message: "truncated at byte \(offset)") }
        let v = buffer.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: v)
    }

    mutating func u8() throws(CaseLogDecodingError) -> UInt8 { try take(UInt8.self) }
    mutating func i32() throws(CaseLogDecodingError) -> Int32 { Int32(bitPattern: try take(UInt32.self)) }
    mutating func i64() throws(CaseLogDecodingError) -> Int64 { Int64(bitPattern: try take(UInt64.self)) }

    /// A u32 count of items at least `minimumSize` bytes each, checked against what is left.
    mutating func count(minimumSize: Int) throws(CaseLogDecodingError) -> Int {
        let n = Int(try take(UInt32.self))
        guard n <= remaining / max(1, minimumSize) else { throw CaseLogDecodingError(message: "count \(n) exceeds the data at byte \(offset)") }
        return n
    }

    mutating func string() throws(CaseLogDecodingError) -> String {
        let n = try count(minimumSize: 1)
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + n]), as: UTF8.self)
        offset += n
        return s
    }

    mutating func strings() throws(CaseLogDecodingError) -> [String] {
        let n = try count(minimumSize: 4)
        var list: [String] = []
        list.reserveCapacity(n)
        for _ in 0..<n { list.append(try string()) }
        return list
    }
}
