import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Writes one journal entry; returns 0 or a negative errno (as sd_journal_sendv does).
/// Injectable so tests can simulate a missing journald.
public struct JournalSender: Sendable {
    private let sendFields: @Sendable ([JournalField]) -> Int32

    public init(_ send: @escaping @Sendable ([JournalField]) -> Int32) {
        self.sendFields = send
    }

    public func send(_ fields: [JournalField]) -> Int32 {
        sendFields(fields)
    }

    /// journald's native protocol through libsystemd's `sd_journal_sendv`.
    public static let libsystemd = libsystemd(socket: journalSocket)

    /// Where journald listens for native entries (libsystemd's fixed path).
    public static let journalSocket = "/run/systemd/journal/socket"

    /// `sd_journal_sendv`, but -ENOENT when `socket` does not exist: libsystemd then returns 0
    /// and the entry is lost ("fail silently if the journal is not available"), where the
    /// daemon must write it elsewhere.
    public static func libsystemd(socket: String) -> JournalSender {
        JournalSender { fields in
            if access(socket, F_OK) != 0 { return -ENOENT }
            return sendv(fields)
        }
    }

    /// Packs every `NAME=value` into one buffer and points one iovec at each, all inside one
    /// `withUnsafe…` scope so no pointer outlives its storage.
    private static func sendv(_ fields: [JournalField]) -> Int32 {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = bytes.count
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: field.value.utf8)
            ranges.append(start..<bytes.count)
        }
        guard !ranges.isEmpty, let count = Int32(exactly: ranges.count) else { return -EINVAL }
        return bytes.withUnsafeMutableBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -EINVAL }
            let vectors = ranges.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, count) }
        }
    }
}
