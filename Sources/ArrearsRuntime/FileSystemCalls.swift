import Glibc
import SystemPackage

/// Small POSIX helpers for the data directory that swift-system does not offer (fsync,
/// rename without replacing, exclusive small-file writes).
enum FileSystemCalls {
    /// `path` joined with one more component.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The last component of `path`.
    static func lastComponent(_ path: String) -> String {
        FilePath(path).lastComponent?.string ?? path
    }

    /// Whether something (of any type, links not followed) exists at `path`.
    static func exists(_ path: String) throws(Errno) -> Bool {
        do {
            _ = try Stat(FilePath(path), followTargetSymlink: false)
            return true
        } catch .noSuchFileOrDirectory {
            return false
        }
    }

    /// fsync(2) on an open descriptor, retrying EINTR.
    static func sync(_ fd: FileDescriptor) throws(Errno) {
        while Glibc.fsync(fd.rawValue) != 0 {
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
    }

    /// fsyncs the directory `path`, so that entries created or renamed in it survive a crash.
    static func syncDirectory(_ path: String) throws(DataDirectoryError) {
        try attempt("sync directory", path) {
            let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.directory, .closeOnExec])
            try fd.closeAfter { try sync(fd) }
        }
    }

    /// Creates the file `path` (which must not exist) with `bytes`, fsynced. Removes it again
    /// when writing fails.
    static func createFile(_ path: String, _ bytes: [UInt8]) throws(Errno) {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch let error as Errno {
            throw error
        } catch {
            throw Errno.ioError
        }
        do {
            try fd.closeAfter {
                _ = try fd.writeAll(bytes)
                try sync(fd)
            }
        } catch {
            _ = unlink(path)
            throw (error as? Errno) ?? Errno.ioError
        }
    }

    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's renameat2(2), looked up at run time: Swift's Glibc module leaves out the
    /// _GNU_SOURCE declarations.
    private static let renameat2: Renameat2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()

    /// Renames `source` to `destination`, failing with `.fileExists` rather than replacing
    /// anything (RENAME_NOREPLACE; a check then rename(2) where the file system lacks it).
    static func renameNoReplace(_ source: String, _ destination: String) throws(Errno) {
        if let renameat2 {
            if renameat2(AT_FDCWD, source, AT_FDCWD, destination, 1 /* RENAME_NOREPLACE */) == 0 { return }
            let code = errno
            if code != EINVAL && code != ENOSYS { throw Errno(rawValue: code) }
        }
        if try exists(destination) { throw Errno.fileExists }
        if rename(source, destination) != 0 { throw Errno(rawValue: errno) }
    }

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    /// glibc's sync_file_range(2), looked up at run time like `renameat2`.
    private static let syncFileRange: SyncFileRange? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()

    /// Starts writing back `count` bytes of `fd` from `offset` without waiting for them
    /// (SYNC_FILE_RANGE_WRITE), so that a later fsync finds less to do. Only a hint: it
    /// makes nothing durable and its failure is ignored.
    static func startWriteBack(_ fd: FileDescriptor, offset: Int64, count: Int64) {
        _ = syncFileRange?(fd.rawValue, offset, count, 2 /* SYNC_FILE_RANGE_WRITE */)
    }

}

/// Drops the pages of a file that is read, or replaced, front to back from the page cache
/// (`POSIX_FADV_DONTNEED`; clean pages only; a hint whose failure is ignored). The kernel
/// drops only the folios wholly inside a range, and page cache folios are up to 2 MiB, aligned
/// to their size: dropping each piece as it is read would leave every folio that straddles
/// two pieces cached. So each range starts at the 2 MiB boundary at or before the end of the
/// last one.
struct FrontToBackCacheDrop {
    private static let folio: Int64 = 2 << 20
    /// Where the last range ended.
    private(set) var end: Int64 = 0

    /// Drops the bytes before `end` (and any not dropped before them).
    mutating func drop(_ fd: FileDescriptor, before end: Int64) {
        guard end > self.end else { return }
        let start = self.end / Self.folio * Self.folio
        _ = posix_fadvise(fd.rawValue, off_t(start), off_t(end - start), POSIX_FADV_DONTNEED)
        self.end = end
    }
}
