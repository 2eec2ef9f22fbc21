import ArrearsRuntime
import Dispatch
import Foundation
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
}
