@testable import ArrearsEngine
import ArrearsStore
import Foundation
import Testing

@Suite struct ReadOnlyTests {
    @Test func readOnlyStoreSeesCommittedDataWhileTheWriterIsOpen() throws {
        let dir = TempDir()
        let writer = try StateStore(path: dir.storePath)
        try writer.write { w in _ = try w.admit([try payment("p1")]) }
        let reader = try StateStore.openReadOnly(path: dir.storePath)
        #expect(reader.isReadOnly)
        #expect(try reader.read { try $0.events(of: "C1").map(\.event.id) } == ["p1"])

        try writer.write { (w) throws in
            _ = try w.admit([try payment("p2")])
            // Not yet committed: the reader does not see it.
            #expect(try reader.read { try $0.events(of: "C1").count } == 1)
        }
        #expect(try reader.read { try $0.events(of: "C1").map(\.event.id) } == ["p1", "p2"])

        // One read is one snapshot: a commit in the middle of it is not seen.
        try reader.read { (r) throws in
            #expect(try r.events(of: "C1").count == 2)
            try writer.write { w in _ = try w.admit([try payment("p3")]) }
            #expect(try r.events(of: "C1").count == 2)
        }
        #expect(try reader.read { try $0.events(of: "C1").count } == 3)
    }

    @Test func readOnlyStoreCannotWrite() throws {
        let dir = TempDir()
        let writer = try StateStore(path: dir.storePath)
        try writer.write { w in _ = try w.admit([try payment("p1")]) }
        let reader = try StateStore.openReadOnly(path: dir.storePath)
        #expect(throws: (any Error).self) { try reader.write { w in try w.setMeta("k", "v") } }
        #expect(throws: (any Error).self) { try reader.write { w in _ = try w.admit([try payment("p2")]) } }
        #expect(try writer.read { try $0.meta("k") } == nil)
        #expect(try writer.read { try $0.events(of: "C1").count } == 1)
        // The writer is unaffected by the failed attempts.
        try writer.write { w in try w.setMeta("k", "w") }
        #expect(try reader.read { try $0.meta("k") } == "w")
    }

    @Test func readOnlyOpenAfterTheWriterClosed() throws {
        let dir = TempDir()
        do {
            let writer = try StateStore(path: dir.storePath)
            try writer.write { w in _ = try w.admit([try payment("p1")]) }
        }
        let reader = try StateStore.openReadOnly(path: dir.storePath)
        #expect(try reader.read { try $0.events(of: "C1").map(\.event.id) } == ["p1"])
        // A writer may start while the reader is open.
        let writer = try StateStore(path: dir.storePath)
        try writer.write { w in _ = try w.admit([try payment("p2")]) }
        #expect(try reader.read { try $0.events(of: "C1").count } == 2)
    }
}

/// A process killed with SIGKILL in the middle of a transaction: real SQLite files, a real
/// process (the `sqlite3` shell, when installed), the same WAL recovery the daemon relies on.
@Suite struct KillSafetyTests {
    static let sqlite3 = "/usr/bin/sqlite3"

    /// Runs `script` in sqlite3 on `path`, waits until it prints READY, then SIGKILLs it.
    func runAndKill(path: String, script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sqlite3)
        process.arguments = [path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data((script + "\n.print READY\n").utf8))
        var seen = ""
        while !seen.contains("READY") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("READY"), "sqlite3 said: \(seen)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        try? input.fileHandleForWriting.close()
    }

    func integrityCheck(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sqlite3)
        process.arguments = ["-readonly", path, "PRAGMA integrity_check"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3)))
    func killedMidTransactionLeavesNothingAndTheFileValid() throws {
        let dir = TempDir()
        do {
            let store = try StateStore(path: dir.storePath)
            try store.write { w in _ = try w.admit([try payment("p1")]) }
        }
        // A tiny page cache makes SQLite spill uncommitted pages into the WAL before the kill.
        try runAndKill(path: dir.storePath, script: """
            PRAGMA cache_size = 5;
            BEGIN IMMEDIATE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
              INSERT INTO event_ids (id, arrival) SELECT 'k' || i, 100 + i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
              INSERT INTO event_blocks (first_arrival, raws) SELECT 100 + i, x'020000007b7d' FROM n;
            INSERT INTO meta (key, value) VALUES ('killed', 'mid-transaction');
            """)
        let wal = try FileManager.default.attributesOfItem(atPath: dir.storePath + "-wal")[.size] as? Int ?? 0
        #expect(wal > 100_000, "the uncommitted transaction should have reached the WAL (\(wal) bytes)")

        let store = try StateStore(path: dir.storePath)
        try store.read { (r) throws in
            #expect(try r.events(of: "K").isEmpty)
            #expect(try r.event(id: "k1") == nil)
            #expect(try r.meta("killed") == nil)
            #expect(try r.events(of: "C1").map(\.event.id) == ["p1"])
        }
        #expect(try store.write { w in try w.admit([try payment("p2")]) } == [.accepted(arrival: 2)])
        #expect(try integrityCheck(dir.storePath) == "ok")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3)))
    func killedAfterCommitKeepsTheCommit() throws {
        let dir = TempDir()
        _ = try StateStore(path: dir.storePath)
        try runAndKill(path: dir.storePath, script: """
            BEGIN IMMEDIATE;
            INSERT INTO meta (key, value) VALUES ('committed', 'yes');
            COMMIT;
            """)
        let store = try StateStore(path: dir.storePath)
        #expect(try store.read { try $0.meta("committed") } == "yes")
        #expect(try integrityCheck(dir.storePath) == "ok")
    }
}
