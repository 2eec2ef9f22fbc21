import ArrearsRuntime
import Foundation
import Testing

/// Reading accepted inbox files.
@Suite struct InputFileTests {
    @Test func readsBytesHashAndEvents() throws {
        let dir = try TemporaryDirectory()
        let text = invoiceEvent("e1") + "\n\nnot json\n" + invoiceEvent("e2") + "\n"
        try dir.write("inbox/x.jsonl", text)
        guard case .read(let file) = InputFile.read(dir.path("inbox/x.jsonl"), maxFileSize: 1 << 20) else {
            Issue.record("not read")
            return
        }
        #expect(file.name == "x.jsonl")
        #expect(file.bytes == Data(text.utf8))
        let (events, rejected) = file.events()
        #expect(events.count == 2)
        #expect(rejected.map(\.line) == [3])
        #expect(rejected.map(\.file) == ["x.jsonl"])
        #expect(rejected.map(\.text) == ["not json"])
    }

    @Test func theHashIsSHA256() throws {
        let dir = try TemporaryDirectory()
        try dir.write("abc.json", "abc")
        guard case .read(let file) = InputFile.read(dir.path("abc.json"), maxFileSize: 100) else {
            Issue.record("not read")
            return
        }
        #expect(file.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aVanishedFileIsNothingToDo() throws {
        let dir = try TemporaryDirectory()
        guard case .vanished = InputFile.read(dir.path("inbox/gone.json"), maxFileSize: 100) else {
            Issue.record("a missing file was not reported as vanished")
            return
        }
    }

    @Test func aFileOverTheLimitIsRefusedUnread() throws {
        let dir = try TemporaryDirectory()
        try dir.write("big.json", String(repeating: "x", count: 101))
        guard case .refused(let reason) = InputFile.read(dir.path("big.json"), maxFileSize: 100) else {
            Issue.record("an oversized file was read")
            return
        }
        #expect(reason == "is 101 bytes, larger than --max-file-size (100 bytes)")
    }

    @Test func anEmptyFileIsRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty.jsonl", "")
        guard case .read(let file) = InputFile.read(dir.path("empty.jsonl"), maxFileSize: 100) else {
            Issue.record("not read")
            return
        }
        #expect(file.bytes.isEmpty)
        #expect(file.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
