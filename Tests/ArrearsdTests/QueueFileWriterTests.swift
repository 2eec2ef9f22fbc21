import ArrearsRuntime
import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

/// Atomic replacement of queue.jsonl (SPEC §5).
@Suite struct QueueFileWriterTests {
    @Test func writesOneLinePerItemAndNothingElse() throws {
        let dir = try TemporaryDirectory()
        let writer = QueueFileWriter(directory: DataDirectory(root: dir.url.path))
        try writer.write([#"{"id":"C1/call/1"}"#, #"{"id":"C2/sms/1"}"#])
        #expect(try dir.read("queue.jsonl") == "{\"id\":\"C1/call/1\"}\n{\"id\":\"C2/sms/1\"}\n")
        try writer.write([])
        #expect(try dir.read("queue.jsonl") == "")
        #expect(try dir.list(".") == ["queue.jsonl"])
    }

    @Test func aMissingDirectoryIsAnErrorAndLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: DataDirectoryError.self) { try QueueFileWriter(path: dir.path("missing/queue.jsonl")).write(["{}"]) }
        #expect(try dir.list(".").isEmpty)
    }

    /// Shared between the writing test and a reading thread.
    final class Watch: Sendable {
        let done = Atomic<Bool>(false)
        let reads = Atomic<Int>(0)
        let problems = Mutex<[String]>([])
    }

    /// Queue version `v`: `1000 + 37 v` lines, each naming `v`.
    static func queue(_ version: Int) -> [String] {
        (0..<(1000 + 37 * version)).map { #"{"v":\#(version),"n":\#($0),"pad":"\#(String(repeating: "x", count: 100))"}"# }
    }

    @Test func aReaderNeverSeesAPartialQueue() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("queue.jsonl")
        let writer = QueueFileWriter(path: path)
        let watch = Watch()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            while !watch.done.load(ordering: .acquiring) {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                watch.reads.add(1, ordering: .relaxed)
                let text = String(decoding: data, as: UTF8.self)
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard lines.last == "" else {
                    watch.problems.withLock { $0.append("no final newline after \(data.count) bytes") }
                    continue
                }
                lines.removeLast()
                guard let first = lines.first, let version = Int(first.dropFirst(5).prefix { $0 != "," }) else {
                    watch.problems.withLock { $0.append("unreadable first line") }
                    continue
                }
                if lines.count != 1000 + 37 * version || !lines.allSatisfy({ $0.hasPrefix("{\"v\":\(version),") && $0.hasSuffix("}") }) {
                    watch.problems.withLock { $0.append("version \(version) has \(lines.count) lines or a broken one") }
                }
            }
        }
        // Rounds of 40 versions until the reader has read a few times (on a busy machine its
        // thread may start late); each round ends with version 39.
        var rounds = 0
        repeat {
            for version in 0..<40 { try writer.write(Self.queue(version)) }
            rounds += 1
        } while watch.reads.load(ordering: .relaxed) < 5 && rounds < 50
        watch.done.store(true, ordering: .releasing)
        group.wait()
        let problems = watch.problems.withLock { $0 }
        #expect(problems.isEmpty, "\(problems.count) bad reads, the first: \(problems.prefix(3))")
        #expect(watch.reads.load(ordering: .relaxed) > 0)
        #expect(try dir.list(".") == ["queue.jsonl"])
        #expect(try dir.read("queue.jsonl") == Self.queue(39).map { $0 + "\n" }.joined())
    }

    /// The pages of `path` in the page cache, and all its pages (mincore(2) over a mapping).
    /// How many of the pages of the file open at `fd` are in the page cache, of how many.
    static func residentPages(_ fd: Int32) throws -> (resident: Int, total: Int) {
        var st = stat()
        #expect(fstat(fd, &st) == 0)
        let size = Int(st.st_size)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else { throw POSIXError(.EIO) }
        defer { munmap(map, size) }
        var vector = [UInt8](repeating: 0, count: (size + page - 1) / page)
        #expect(mincore(map, size, &vector) == 0)
        return (vector.reduce(0) { $0 + Int($1 & 1) }, vector.count)
    }

    /// ``residentPages(_:)-(Int32)`` of the file now at `path`, and that file held open.
    static func opened(_ path: String) throws -> (fd: Int32, pages: (resident: Int, total: Int)) {
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        return (fd, try residentPages(fd))
    }

    @Test func theCacheHoldsOneQueueFileItsPagesHandedFromTheReplacedFileToTheNext() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("queue.jsonl")
        let writer = QueueFileWriter(path: path)
        // About 24 MB: the written file stays cached (it is the next one copied).
        let lines = (0..<200_000).map { #"{"n":\#($0),"pad":"\#(String(repeating: "y", count: 100))"}"# }
        try writer.write(lines)
        let expected = lines.map { $0 + "\n" }.joined()
        let first = try Self.opened(path)
        defer { close(first.fd) }
        #expect(first.pages.total > 5_000)
        #expect(first.pages.resident > first.pages.total * 9 / 10, "\(first.pages.resident) of \(first.pages.total) pages cached")
        // Copying the replaced file, as the daemon does when it edits the queue, reads it
        // through the cache and drops what it read; the copy stays cached and is exact.
        try writer.write { previous, emit in
            var buffer = [UInt8](repeating: 0, count: 300_000)
            var offset: Int64 = 0
            while true {
                let count = try buffer.withUnsafeMutableBytes { try previous!.read(fromAbsoluteOffset: offset, into: $0) }
                if count == 0 { break }
                try buffer.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<count])) }
                offset += Int64(count)
            }
            #expect(offset == Int64(expected.utf8.count))
        }
        #expect(try Self.residentPages(first.fd).resident < first.pages.total / 10, "the replaced file's pages were dropped as copied")
        let second = try Self.opened(path)
        defer { close(second.fd) }
        #expect(second.pages.resident > second.pages.total * 9 / 10)
        #expect(try dir.read("queue.jsonl") == expected)
        // Written without reading the replaced file (a rebuild from the store): the replaced
        // file's pages are dropped as far as the new file has got (here, all of them).
        try writer.write(lines.reversed())
        #expect(try Self.residentPages(second.fd).resident < second.pages.total / 10, "the unread replaced file's pages were dropped")
        #expect(try dir.read("queue.jsonl") == lines.reversed().map { $0 + "\n" }.joined())
    }
}
