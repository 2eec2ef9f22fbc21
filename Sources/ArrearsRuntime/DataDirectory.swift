import Foundation
import Glibc
import SystemPackage

/// The layout of a data directory (SPEC §1): everything the daemon writes lives under `root`.
public struct DataDirectory: Sendable, Equatable {
    public let root: String

    public init(root: String) { self.root = root }

    /// `DIR/inbox/`: producers rename event files into it.
    public var inbox: String { FileSystemCalls.join(root, "inbox") }
    /// `DIR/archive/`: input files after their events were committed, by day.
    public var archive: String { FileSystemCalls.join(root, "archive") }
    /// `DIR/rejected/`: input that could not be applied, with `.error` files.
    public var rejected: String { FileSystemCalls.join(root, "rejected") }
    /// `DIR/queue.jsonl`: the queue of open work items (SPEC §5).
    public var queueFile: String { FileSystemCalls.join(root, "queue.jsonl") }
    /// `DIR/state.sqlite`: the case state.
    public var stateFile: String { FileSystemCalls.join(root, "state.sqlite") }

    /// `DIR/archive/DAY/` for a day `YYYY-MM-DD`.
    public func archive(day: String) -> String { FileSystemCalls.join(archive, day) }

    /// Creates the root and any missing `inbox/`, `archive/`, `rejected/`, and checks that each
    /// is a writable directory and that the three share one file system (moves are rename(2)).
    public func prepare() throws(DataDirectoryError) {
        try makeDirectory(root, intermediates: true)
        for path in [inbox, archive, rejected] { try makeDirectory(path, intermediates: false) }
        let inboxDevice = try attempt("inspect", inbox) { try Stat(FilePath(inbox)).deviceID }
        for path in [archive, rejected] {
            let device = try attempt("inspect", path) { try Stat(FilePath(path)).deviceID }
            if device != inboxDevice {
                throw DataDirectoryError("'\(path)' is on another file system than '\(inbox)': files are moved with rename(2), so they must share one")
            }
        }
        for path in [root, inbox, archive, rejected] { try checkWritable(path) }
        removeStaleTemporaries()
    }

    /// Temporary queue files of a process that was killed while writing one.
    private func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for name in names where name.hasPrefix(".queue.jsonl.") && name.hasSuffix(".tmp") {
            _ = unlink(FileSystemCalls.join(root, name))
        }
    }

    /// Creates `path` (and, with `intermediates`, its parents) unless a directory is there.
    private func makeDirectory(_ path: String, intermediates: Bool) throws(DataDirectoryError) {
        do {
            try Self.mkdir(FilePath(path), intermediates: intermediates)
        } catch {
            throw DataDirectoryError("create directory", path, error)
        }
        let stat = try attempt("inspect", path) { try Stat(FilePath(path)) }
        if stat.type != .directory { throw DataDirectoryError("'\(path)' exists but is not a directory") }
    }

    private static func mkdir(_ path: FilePath, intermediates: Bool) throws(Errno) {
        if Glibc.mkdir(path.string, 0o755) == 0 { return }
        switch errno {
        case EEXIST: return
        case ENOENT where intermediates:
            let parent = path.removingLastComponent()
            guard !parent.isEmpty, parent != path else { throw Errno.noSuchFileOrDirectory }
            try mkdir(parent, intermediates: true)
            try mkdir(path, intermediates: false)
        default: throw Errno(rawValue: errno)
        }
    }

    /// Creates and removes a probe file (named with a leading `.`, so the inbox ignores it).
    /// The name is fixed, so a probe left by a killed process is removed by the next start.
    private func checkWritable(_ path: String) throws(DataDirectoryError) {
        let probe = FileSystemCalls.join(path, ".arrearsd-write-check")
        _ = unlink(probe)
        do {
            try FileSystemCalls.createFile(probe, [])
        } catch {
            throw DataDirectoryError("directory '\(path)' is not writable: \(error.description)")
        }
        _ = unlink(probe)
    }
}
