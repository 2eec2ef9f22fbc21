import Glibc
import SystemPackage

/// One entry of the inbox and what to do with it (SPEC §3).
public struct InboxEntry: Sendable, Equatable {
    public enum Disposition: Sendable, Equatable {
        /// A regular file of `size` bytes with an event-file name: read it.
        case accepted(size: Int64)
        /// Not an event-file name (`.…`, `….tmp`, neither `.json` nor `.jsonl`): leave it alone.
        case ignored
        /// Move it to `rejected/` unread, saying `reason`.
        case refused(reason: String)
    }

    public let name: String
    public let path: String
    public let disposition: Disposition
}

/// Lists an inbox in byte-wise name order and classifies each entry, never following links.
public struct InboxScanner: Sendable {
    public let inbox: String
    public let maxFileSize: Int64

    public init(inbox: String, maxFileSize: Int64) {
        self.inbox = inbox
        self.maxFileSize = maxFileSize
    }

    /// Whether `name` is an event file name: `*.json` or `*.jsonl`, not starting with `.`,
    /// not ending in `.tmp`.
    public static func isEventFileName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".tmp") && (name.hasSuffix(".json") || name.hasSuffix(".jsonl"))
    }

    /// Byte-wise (UTF-8) name order, the arrival order of SPEC §3.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Every entry of the inbox (except `.` and `..`), sorted byte-wise. Entries that vanish
    /// while scanning are left out. Names that are not valid UTF-8 are listed as ignored.
    public func scan() throws(DataDirectoryError) -> [InboxEntry] {
        guard let directory = opendir(inbox) else { throw DataDirectoryError("read directory", inbox, Errno(rawValue: errno)) }
        defer { closedir(directory) }
        var entries: [InboxEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw DataDirectoryError("read directory", inbox, Errno(rawValue: errno)) }
                break
            }
            let (name, valid) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                return (String(decoding: bytes, as: UTF8.self), String(validating: bytes, as: UTF8.self) != nil)
            }
            if name == "." || name == ".." { continue }
            if !valid {
                entries.append(InboxEntry(name: name, path: FileSystemCalls.join(inbox, name), disposition: .ignored))
            } else if let classified = classify(name) {
                entries.append(classified)
            }
        }
        return entries.sorted { Self.precedes($0.name, $1.name) }
    }

    /// The entry `name` of the inbox, or nil when nothing is there (any more).
    public func classify(_ name: String) -> InboxEntry? {
        let path = FileSystemCalls.join(inbox, name)
        func entry(_ disposition: InboxEntry.Disposition) -> InboxEntry {
            InboxEntry(name: name, path: path, disposition: disposition)
        }
        guard Self.isEventFileName(name) else { return entry(.ignored) }
        let stat: Stat
        do {
            stat = try Stat(FilePath(path), followTargetSymlink: false)
        } catch .noSuchFileOrDirectory {
            return nil
        } catch {
            return entry(.refused(reason: "cannot be inspected: \(error.description)"))
        }
        if let reason = Self.refusal(type: stat.type, size: stat.size, maxFileSize: maxFileSize) {
            return entry(.refused(reason: reason))
        }
        return entry(.accepted(size: stat.size))
    }

    /// Why a file of this type and size is refused, or nil when it is acceptable.
    static func refusal(type: FileType, size: Int64, maxFileSize: Int64) -> String? {
        switch type {
        case .regular:
            return size > maxFileSize ? "is \(size) bytes, larger than --max-file-size (\(maxFileSize) bytes)" : nil
        case .symbolicLink: return "is a symbolic link (links are never followed)"
        case .directory: return "is not a regular file but a directory"
        case .fifo: return "is not a regular file but a FIFO"
        case .socket: return "is not a regular file but a socket"
        case .characterSpecial, .blockSpecial: return "is not a regular file but a device"
        default: return "is not a regular file"
        }
    }
}
