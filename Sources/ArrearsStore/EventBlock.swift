/// The raw texts of events with consecutive arrival numbers, as one `event_blocks` row holds
/// them: each text's length (4 bytes, little-endian) and its UTF-8 bytes, in arrival order.
///
/// A batch stores each case's new events as one block (their arrivals are consecutive, see
/// ``SQLiteWriter/admit(releasingRawOf:)``): one row per case per batch instead of one per
/// event, which is most of what storing an event cost.
struct EventBlock {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init() {}

    /// Appends the next arrival's raw text.
    mutating func append(_ raw: String) {
        var raw = raw
        raw.withUTF8 { text in
            withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: text)
        }
        count += 1
    }

    /// The texts of a stored block, in arrival order; nil when the bytes are not a block.
    static func texts(_ bytes: UnsafeRawBufferPointer) -> [String]? {
        var texts: [String] = []
        let whole = forEachText(in: bytes) { texts.append(String(decoding: $0, as: UTF8.self)) }
        return whole ? texts : nil
    }

    /// How many texts a stored block holds (without decoding them); nil when the bytes are not a block.
    static func count(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var n = 0
        return forEachText(in: bytes) { _ in n += 1 } ? n : nil
    }

    /// Calls `body` with the bytes of each text; false when the block ends inside a length or a text.
    private static func forEachText(in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { return false }
            var length: UInt32 = 0
            withUnsafeMutableBytes(of: &length) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 4])) }
            let start = offset + 4
            guard Int(UInt32(littleEndian: length)) <= bytes.count - start else { return false }
            offset = start + Int(UInt32(littleEndian: length))
            body(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        }
        return true
    }
}
