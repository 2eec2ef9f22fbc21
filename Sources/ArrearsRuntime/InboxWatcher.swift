import Glibc
import SystemPackage

/// Watches the inbox with inotify for files renamed into it or closed after writing (SPEC §3).
/// `wait` is called from one thread at a time; `wake` from any thread.
public final class InboxWatcher: @unchecked Sendable {
    /// Why `wait` returned.
    public enum Wakeup: Sendable, Equatable {
        /// Event files arrived (names in arrival order, each once): scan the inbox.
        case files([String])
        /// The kernel's event queue overflowed and events were lost: rescan the inbox.
        case overflow
        /// Another thread called `wake()`.
        case woken
        case timeout
    }

    public let inbox: String
    private let inotify: FileDescriptor
    private let wakeRead: FileDescriptor
    private let wakeWrite: FileDescriptor
    private var gone: DataDirectoryError?

    /// Arrivals (IN_MOVED_TO, IN_CLOSE_WRITE), creations (IN_CREATE, for links, FIFOs and
    /// directories, which never get IN_CLOSE_WRITE), and the inbox itself going away.
    static let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// Watches `inbox`, a directory. Descriptors are non-blocking and close-on-exec.
    public init(inbox: String) throws(DataDirectoryError) {
        self.inbox = inbox
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw DataDirectoryError("watch", inbox, Errno(rawValue: errno)) }
        inotify = FileDescriptor(rawValue: fd)
        guard inotify_add_watch(fd, inbox, Self.mask) >= 0 else {
            let error = DataDirectoryError("watch", inbox, Errno(rawValue: errno))
            try? inotify.close()
            throw error
        }
        do {
            (wakeRead, wakeWrite) = try FileDescriptor.pipe(options: [.nonBlocking, .closeOnExec])
        } catch {
            try? inotify.close()
            throw DataDirectoryError("create a wake-up pipe for", inbox, error)
        }
    }

    deinit {
        try? inotify.close()
        try? wakeRead.close()
        try? wakeWrite.close()
    }

    /// Makes the current or next `wait` return `.woken`. Safe from any thread.
    public func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite.rawValue, &byte, 1)
    }

    /// Waits up to `timeout` for event files to arrive, an overflow or `wake()`. Names that the
    /// inbox ignores (`.…`, `….tmp`, other extensions) do not end the wait. Throws when the
    /// inbox was deleted, moved or unmounted, and on every later call.
    public func wait(timeout: Duration) throws(DataDirectoryError) -> Wakeup {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let gone { throw gone }
            var fds = [
                pollfd(fd: inotify.rawValue, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead.rawValue, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), Self.milliseconds(until: deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                throw DataDirectoryError("wait for files in", inbox, Errno(rawValue: errno))
            }
            if ready == 0 { return .timeout }
            if fds[0].revents != 0 {
                let (overflow, names) = try drain()
                if let gone { throw gone }
                if overflow { return .overflow }
                if !names.isEmpty { return .files(names) }
            }
            if fds[1].revents != 0 {
                drainWakeups()
                return .woken
            }
        }
    }

    /// Reads every pending inotify record: whether the queue overflowed and which event files
    /// arrived. Records that the inbox is gone in `gone`.
    private func drain() throws(DataDirectoryError) -> (overflow: Bool, names: [String]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        var overflow = false
        var names: [String] = []
        var seen: Set<String> = []
        while true {
            let count: Int
            do {
                count = try inotify.read(into: buffer)
            } catch let error as Errno where error == .resourceTemporarilyUnavailable {
                break
            } catch {
                throw DataDirectoryError("read inotify events for", inbox, (error as? Errno) ?? .ioError)
            }
            if count == 0 { break }
            for record in InotifyRecord.parse(UnsafeRawBufferPointer(rebasing: buffer[..<count])) {
                // After an overflow the caller rescans: only the inbox going away still matters.
                if overflow && record.mask & UInt32(IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) == 0 { continue }
                switch interpret(record) {
                case .overflow: overflow = true
                case .arrived(let name): if seen.insert(name).inserted { names.append(name) }
                case .gone: gone = DataDirectoryError("the inbox '\(inbox)' was deleted, moved or unmounted while being watched")
                case .none: break
                }
            }
        }
        return (overflow, names)
    }

    enum Interpretation: Equatable { case overflow, arrived(String), gone, none }

    /// What one record means for the inbox.
    func interpret(_ record: InotifyRecord) -> Interpretation {
        let has = { (flag: Int32) in record.mask & UInt32(flag) != 0 }
        if has(IN_Q_OVERFLOW) { return .overflow }
        if has(IN_IGNORED) || has(IN_DELETE_SELF) || has(IN_MOVE_SELF) || has(IN_UNMOUNT) { return .gone }
        guard InboxScanner.isEventFileName(record.name) else { return .none }
        if has(IN_MOVED_TO) || has(IN_CLOSE_WRITE) { return .arrived(record.name) }
        if has(IN_CREATE) {
            // A regular file created here is still being written: wait for IN_CLOSE_WRITE.
            let path = FileSystemCalls.join(inbox, record.name)
            if let stat = try? Stat(FilePath(path), followTargetSymlink: false), stat.type != .regular {
                return .arrived(record.name)
            }
        }
        return .none
    }

    private func drainWakeups() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while Glibc.read(wakeRead.rawValue, &bytes, bytes.count) > 0 {}
    }

    /// Milliseconds from now until `deadline` for poll(2), rounded up, at least 0.
    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let total = seconds.multipliedReportingOverflow(by: 1000).partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
