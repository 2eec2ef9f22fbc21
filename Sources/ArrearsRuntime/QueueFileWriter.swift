import Dispatch
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
        try write { _, emit in
            let newline: [UInt8] = [UInt8(ascii: "\n")]
            for var line in lines {
                try line.withUTF8 { try emit($0) }
                try newline.withUnsafeBufferPointer { try emit($0) }
            }
        }
    }

    /// Bytes buffered before they are written; each such piece is handed to write-back at
    /// once, so the disk works while the rest is produced and the fsync waits for little.
    public static let piece = 512 << 10

    /// The page cache holds about one queue file, its pages handed on from each file to the
    /// next: the new file's pages stay cached (it is the next one copied), and the replaced
    /// file's are dropped as they are copied, or, when the new file is written without
    /// reading it (a rebuild from the store), as far as the new file has got. The kernel then
    /// reuses those pages for the new file instead of taking fresh ones, which is what makes
    /// writing a large file slow on a virtual machine that hands free memory back to its host
    /// (a 529 MB queue took 0.15–5.7 s to write on the 2-core test machine with fresh pages).
    /// Copying a cached file also spares reading it from disk (0.20–0.25 s for the 529 MB
    /// copy, against 0.5–1.2 s when the written file was dropped behind and read back).

    /// Closes the replaced queue files. The last close of a replaced file frees its blocks,
    /// which takes milliseconds for a large queue; done here it does not delay the new file.
    private static let closer = DispatchQueue(label: "arrearsd.queue-file.closer")

    /// Like ``write(_:)-([String])``, with the content produced by `produce`, which hands its
    /// bytes to `emit` piece by piece (buffered here, so the queue never sits in memory whole).
    /// `produce` gets the file being replaced, open for reading, if there is one: it is held
    /// open across the rename, so that the rename does not free it, and closed off this thread.
    public func write(
        _ produce: (_ previous: ReplacedQueueFile?, _ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void
    ) throws(DataDirectoryError) {
        let file = FilePath(path)
        let directory = file.removingLastComponent().isEmpty ? "." : file.removingLastComponent().string
        let name = file.lastComponent?.string ?? "queue.jsonl"
        let temporary = FileSystemCalls.join(directory, ".\(name).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp")
        let previous = try? FileDescriptor.open(file, .readOnly, options: [.closeOnExec])
        defer { if let previous { Self.closer.async { try? previous.close() } } }
        do {
            let fd = try FileDescriptor.open(
                FilePath(temporary), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try fd.closeAfter {
                var buffer: [UInt8] = []
                buffer.reserveCapacity(Self.piece)
                var written: Int64 = 0
                let replaced = previous.map(ReplacedQueueFile.init)
                func flush() throws {
                    guard !buffer.isEmpty else { return }
                    _ = try fd.writeAll(buffer)
                    FileSystemCalls.startWriteBack(fd, offset: written, count: Int64(buffer.count))
                    written += Int64(buffer.count)
                    buffer.removeAll(keepingCapacity: true)
                    replaced?.dropUnread(before: written)
                }
                try produce(replaced) { bytes in
                    buffer.append(contentsOf: bytes)
                    if buffer.count >= Self.piece { try flush() }
                }
                try flush()
                try FileSystemCalls.sync(fd)
            }
            if rename(temporary, path) != 0 { throw Errno(rawValue: errno) }
        } catch {
            _ = unlink(temporary)
            throw DataDirectoryError("write the queue file", path, (error as? Errno) ?? .ioError)
        }
        try FileSystemCalls.syncDirectory(directory)
    }

    /// The identity of the file now at `path` (device, inode, size, modification time), or
    /// nil if there is none: equal identities mean the file was not replaced or changed.
    public func identity() -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }

    /// The size in bytes of the file now at `path`, or nil if there is none.
    public func size() -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }
}

/// The queue file being replaced, open for reading while its successor is written (see
/// ``QueueFileWriter``), its bytes copied into the new file where they are kept.
public final class ReplacedQueueFile {
    let fd: FileDescriptor
    /// Whether any of it was read: if not, the writer drops its pages as the new file grows.
    private var read = false
    private var dropped = FrontToBackCacheDrop()

    init(_ fd: FileDescriptor) { self.fd = fd }

    /// Reads up to `buffer.count` bytes from `offset`; returns how many (0 at the end). The
    /// bytes read, and any before them, are dropped from the page cache: the file is about to
    /// be replaced, and its pages are then reused for the new file. Reads go front to back.
    public func read(fromAbsoluteOffset offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        read = true
        let count = try fd.read(fromAbsoluteOffset: offset, into: buffer)
        if count > 0 { dropped.drop(fd, before: offset + Int64(count)) }
        return count
    }

    /// For a file not read (the new one is written without it): drops its first `end`
    /// bytes from the page cache, as many as the new file has, for the new file to reuse.
    func dropUnread(before end: Int64) {
        if !read { dropped.drop(fd, before: end) }
    }
}
