import Glibc

/// One `struct inotify_event` read from an inotify descriptor: its mask and name.
public struct InotifyRecord: Sendable, Equatable {
    public let mask: UInt32
    /// The entry's name in the watched directory; empty for events about the directory itself.
    public let name: String

    public init(mask: UInt32, name: String) {
        self.mask = mask
        self.name = name
    }

    /// The records in `buffer` as returned by read(2): each a fixed header followed by `len`
    /// bytes of NUL-padded name. A truncated record at the end is dropped.
    public static func parse(_ buffer: UnsafeRawBufferPointer) -> [InotifyRecord] {
        let header = MemoryLayout<inotify_event>.size
        let maskOffset = MemoryLayout<inotify_event>.offset(of: \.mask)!
        let lenOffset = MemoryLayout<inotify_event>.offset(of: \.len)!
        var records: [InotifyRecord] = []
        var offset = 0
        while buffer.count - offset >= header {
            let mask = buffer.loadUnaligned(fromByteOffset: offset + maskOffset, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + lenOffset, as: UInt32.self))
            guard length <= buffer.count - offset - header else { break }
            let nameBytes = buffer[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }
            records.append(InotifyRecord(mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
            offset += header + length
        }
        return records
    }
}
