@testable import ArrearsRuntime
import Dispatch
import Foundation
import Glibc
import SystemPackage
import Testing

/// inotify on the inbox, with real files and bounded waits.
@Suite struct InboxWatcherTests {
    func setUp() throws -> (TemporaryDirectory, InboxWatcher) {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("inbox"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path("outside"), withIntermediateDirectories: true)
        return (dir, try InboxWatcher(inbox: dir.path("inbox")))
    }

    @Test func seesAFileRenamedIntoTheInbox() throws {
        let (dir, watcher) = try setUp()
        try dir.write("outside/a.json", invoiceEvent("e1"))
        #expect(rename(dir.path("outside/a.json"), dir.path("inbox/a.json")) == 0)
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["a.json"]))
        #expect(try watcher.wait(timeout: .milliseconds(50)) == .timeout)
    }

    @Test func seesAFileClosedAfterWritingButNotWhileOpen() throws {
        let (dir, watcher) = try setUp()
        let fd = try FileDescriptor.open(FilePath(dir.path("inbox/b.jsonl")), .writeOnly, options: [.create], permissions: .ownerReadWrite)
        _ = try fd.writeAll(Array(invoiceEvent("e1").utf8))
        #expect(try watcher.wait(timeout: .milliseconds(200)) == .timeout)
        try fd.close()
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["b.jsonl"]))
    }

    @Test func timesOutWhenNothingArrives() throws {
        let (dir, watcher) = try setUp()
        defer { withExtendedLifetime(dir) {} }
        let start = ContinuousClock.now
        #expect(try watcher.wait(timeout: .milliseconds(100)) == .timeout)
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test func ignoredNamesDoNotWakeButTheirRenameDoes() throws {
        let (dir, watcher) = try setUp()
        try dir.write("inbox/.c.json.tmp", invoiceEvent("e1"))
        try dir.write("inbox/notes.txt", "hello")
        try dir.write("inbox/c.json.tmp", "x")
        #expect(try watcher.wait(timeout: .milliseconds(200)) == .timeout)
        #expect(rename(dir.path("inbox/.c.json.tmp"), dir.path("inbox/c.json")) == 0)
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["c.json"]))
    }

    @Test func seesASymbolicLinkAndADirectoryCreatedInTheInbox() throws {
        let (dir, watcher) = try setUp()
        try FileManager.default.createSymbolicLink(atPath: dir.path("inbox/l.json"), withDestinationPath: "/etc/hostname")
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["l.json"]))
        #expect(mkdir(dir.path("inbox/d.json"), 0o755) == 0)
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["d.json"]))
    }

    @Test func severalArrivalsComeOnceEachInOrder() throws {
        let (dir, watcher) = try setUp()
        for name in ["z.json", "a.json"] {
            try dir.write("outside/\(name)", "{}")
            #expect(rename(dir.path("outside/\(name)"), dir.path("inbox/\(name)")) == 0)
        }
        try dir.write("outside/a.json", "{}")
        #expect(rename(dir.path("outside/a.json"), dir.path("inbox/a.json")) == 0)
        #expect(try watcher.wait(timeout: .seconds(10)) == .files(["z.json", "a.json"]))
    }

    @Test func wakeFromAnotherThread() throws {
        let (dir, watcher) = try setUp()
        defer { withExtendedLifetime(dir) {} }
        DispatchQueue.global().async { watcher.wake() }
        #expect(try watcher.wait(timeout: .seconds(10)) == .woken)
        watcher.wake()
        watcher.wake()
        #expect(try watcher.wait(timeout: .seconds(10)) == .woken)
        #expect(try watcher.wait(timeout: .milliseconds(50)) == .timeout)
    }

    @Test func aDeletedInboxIsAnErrorEveryTime() throws {
        let (dir, watcher) = try setUp()
        #expect(rmdir(dir.path("inbox")) == 0)
        #expect(throws: DataDirectoryError.self) { try watcher.wait(timeout: .seconds(10)) }
        #expect(throws: DataDirectoryError.self) { try watcher.wait(timeout: .milliseconds(10)) }
    }

    @Test func aMissingInboxCannotBeWatched() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: DataDirectoryError.self) { try InboxWatcher(inbox: dir.path("missing")) }
        try dir.write("file", "x")
        #expect(throws: DataDirectoryError.self) { try InboxWatcher(inbox: dir.path("file")) }
    }

    /// More events than the kernel queues (fs.inotify.max_queued_events) before reading: two
    /// files in turn opened for writing and closed (alternating, so the kernel cannot merge them).
    @Test func reportsAnOverflow() throws {
        let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16384
        try #require(limit <= 1_000_000, "max_queued_events is too high to overflow quickly")
        let (dir, watcher) = try setUp()
        let paths = [dir.path("inbox/a.json"), dir.path("inbox/b.json")]
        var failures = 0
        for n in 0...limit {
            let fd = open(paths[n % 2], O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
            if fd < 0 { failures += 1 } else { close(fd) }
        }
        #expect(failures == 0)
        #expect(try watcher.wait(timeout: .seconds(10)) == .overflow)
        #expect(try watcher.wait(timeout: .milliseconds(50)) == .timeout)
    }

    // MARK: The read buffer

    /// One `inotify_event` as the kernel lays it out, its name NUL-padded to `length`.
    func record(wd: Int32, mask: Int32, cookie: UInt32 = 0, name: String, length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: wd) { bytes += $0 }
        withUnsafeBytes(of: UInt32(mask)) { bytes += $0 }
        withUnsafeBytes(of: cookie) { bytes += $0 }
        withUnsafeBytes(of: UInt32(length)) { bytes += $0 }
        let nameBytes = Array(name.utf8)
        return bytes + nameBytes + [UInt8](repeating: 0, count: length - nameBytes.count)
    }

    @Test func walksTheBufferByHeaderAndLength() {
        let buffer = record(wd: 1, mask: IN_MOVED_TO, cookie: 7, name: "a.json", length: 16)
            + record(wd: -1, mask: IN_Q_OVERFLOW, name: "", length: 0)
            + record(wd: 1, mask: IN_CLOSE_WRITE, name: "a-longer-name.jsonl", length: 32)
            + record(wd: 1, mask: IN_IGNORED, name: "", length: 0)
            + record(wd: 1, mask: IN_MOVED_TO, name: "cut.json", length: 16).prefix(20)
        let records = buffer.withUnsafeBytes { InotifyRecord.parse($0) }
        #expect(records == [
            InotifyRecord(mask: UInt32(IN_MOVED_TO), name: "a.json"),
            InotifyRecord(mask: UInt32(IN_Q_OVERFLOW), name: ""),
            InotifyRecord(mask: UInt32(IN_CLOSE_WRITE), name: "a-longer-name.jsonl"),
            InotifyRecord(mask: UInt32(IN_IGNORED), name: ""),
        ])
        #expect([UInt8]().withUnsafeBytes { InotifyRecord.parse($0) } == [])
    }

    @Test func interpretsRecords() throws {
        let (dir, watcher) = try setUp()
        try dir.write("inbox/regular.json", "")
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_Q_OVERFLOW), name: "")) == .overflow)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_IGNORED), name: "")) == .gone)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_MOVE_SELF), name: "")) == .gone)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_MOVED_TO), name: "a.json")) == .arrived("a.json"))
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_MOVED_TO | IN_ISDIR), name: "d.json")) == .arrived("d.json"))
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_CLOSE_WRITE), name: "a.jsonl")) == .arrived("a.jsonl"))
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_CLOSE_WRITE), name: ".a.json")) == .none)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_MOVED_TO), name: "a.json.tmp")) == .none)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_CREATE), name: "regular.json")) == .none)
        #expect(watcher.interpret(InotifyRecord(mask: UInt32(IN_CREATE), name: "vanished.json")) == .none)
    }

    @Test func pollTimeoutsRoundUpAndNeverGoNegative() {
        #expect(InboxWatcher.milliseconds(until: .now - .seconds(1)) == 0)
        let ms = InboxWatcher.milliseconds(until: .now + .seconds(10))
        #expect(ms > 9_000 && ms <= 10_000)
        #expect(InboxWatcher.milliseconds(until: .now + .seconds(1_000_000_000)) == Int32.max)
    }
}
