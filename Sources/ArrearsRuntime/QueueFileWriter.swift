import Glibc
import SystemPackage

/// Replaces the queue file (SPEC §5) atomically: a reader sees the old or the new file,
/// never a part of one.
public struct QueueFileWriter: Sendable {
    /// The queue file, normally `DIR/queue.jsonl`.
    public let path: String

    public init(path: String) { self.path = path }
    public init(directory: DataDirectory) { self.init(path: directory.queueFile) }

    /// Writes `lines` (rendered JSON objects without newlines), each followed by a newline, to
    /// a new hidden file next to `path`, fsyncs it, renames it over `path` and fsyncs the
    /// directory. No lines make an empty file. The temporary file is removed on failure.
    public func write(_ lines: [String]) throws(DataDirectoryError) {
        let file = FilePath(path)
        let directory = file.removingLastComponent().isEmpty ? "." : file.removingLastComponent().string
        let name = file.lastComponent?.string ?? "queue.jsonl"
        let temporary = FileSystemCalls.join(directory, ".\(name).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp")
        do {
            let fd = try FileDescriptor.open(
                FilePath(temporary), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try fd.closeAfter {
                var buffer: [UInt8] = []
                buffer.reserveCapacity(1 << 20)
                for line in lines {
                    buffer += line.utf8
                    buffer.append(UInt8(ascii: "\n"))
                    if buffer.count >= 1 << 20 {
                        _ = try fd.writeAll(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                _ = try fd.writeAll(buffer)
                try FileSystemCalls.sync(fd)
            }
            if rename(temporary, path) != 0 { throw Errno(rawValue: errno) }
        } catch {
            _ = unlink(temporary)
            throw DataDirectoryError("write the queue file", path, (error as? Errno) ?? .ioError)
        }
        try FileSystemCalls.syncDirectory(directory)
    }
}
