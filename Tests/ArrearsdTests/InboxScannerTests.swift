import ArrearsRuntime
import Foundation
import Glibc
import Testing

/// Listing and classifying the inbox (SPEC §3), on real directories.
@Suite struct InboxScannerTests {
    func scanner(_ dir: TemporaryDirectory, max: Int64 = 1 << 20) throws -> InboxScanner {
        try FileManager.default.createDirectory(atPath: dir.path("inbox"), withIntermediateDirectories: true)
        return InboxScanner(inbox: dir.path("inbox"), maxFileSize: max)
    }

    func dispositions(_ entries: [InboxEntry]) -> [String: InboxEntry.Disposition] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.disposition) })
    }

    @Test func namesComeInByteWiseOrder() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        for name in ["b.json", "a.jsonl", "B.json", "a.json", "_x.json", "Z.json", "é.json", "10.json", "9.json"] {
            try dir.write("inbox/\(name)", "{}")
        }
        let names = try scanner.scan().map(\.name)
        #expect(names == ["10.json", "9.json", "B.json", "Z.json", "_x.json", "a.json", "a.jsonl", "b.json", "é.json"])
    }

    @Test func otherNamesAreIgnoredAndLeftAlone() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        let ignored = [".hidden.json", ".x.jsonl", "x.json.tmp", "x.tmp", "notes.txt", "x.JSON", "json", "x.json.bak", "x.jsonl~"]
        for name in ignored { try dir.write("inbox/\(name)", "{}") }
        try dir.write("inbox/ok.json", "{}")
        let entries = try scanner.scan()
        let byName = dispositions(entries)
        for name in ignored { #expect(byName[name] == .ignored, "\(name)") }
        #expect(byName["ok.json"] == .accepted(size: 2))
        #expect(try dir.list("inbox").count == ignored.count + 1)
    }

    @Test func aSymbolicLinkIsRefusedAndNeverRead() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        try dir.write("elsewhere/event.json", invoiceEvent("e1"))
        try FileManager.default.createSymbolicLink(atPath: dir.path("inbox/link.json"), withDestinationPath: dir.path("elsewhere/event.json"))
        let entries = try scanner.scan()
        #expect(entries.count == 1)
        #expect(entries.first?.disposition == .refused(reason: "is a symbolic link (links are never followed)"))
        guard case .refused(let reason) = InputFile.read(dir.path("inbox/link.json"), maxFileSize: 1 << 20) else {
            Issue.record("a link was read")
            return
        }
        #expect(reason == "is a symbolic link (links are never followed)")
    }

    @Test func aDanglingSymbolicLinkIsRefused() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        try FileManager.default.createSymbolicLink(atPath: dir.path("inbox/dangling.json"), withDestinationPath: dir.path("nowhere"))
        #expect(try scanner.scan().map(\.disposition) == [.refused(reason: "is a symbolic link (links are never followed)")])
    }

    @Test func aDirectoryNamedLikeAnEventFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        try dir.write("inbox/x.json/inner.json", "{}")
        #expect(try scanner.scan().map(\.disposition) == [.refused(reason: "is not a regular file but a directory")])
    }

    @Test func aFIFOIsRefusedAndReadingItDoesNotBlock() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        #expect(mkfifo(dir.path("inbox/pipe.jsonl"), 0o644) == 0)
        #expect(try scanner.scan().map(\.disposition) == [.refused(reason: "is not a regular file but a FIFO")])
        guard case .refused(let reason) = InputFile.read(dir.path("inbox/pipe.jsonl"), maxFileSize: 1 << 20) else {
            Issue.record("a FIFO was read")
            return
        }
        #expect(reason == "is not a regular file but a FIFO")
    }

    @Test func aFileLargerThanTheLimitIsRefused() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir, max: 10)
        try dir.write("inbox/big.json", "12345678901")
        try dir.write("inbox/fits.json", "1234567890")
        let byName = dispositions(try scanner.scan())
        #expect(byName["big.json"] == .refused(reason: "is 11 bytes, larger than --max-file-size (10 bytes)"))
        #expect(byName["fits.json"] == .accepted(size: 10))
    }

    @Test func classifyingAVanishedNameGivesNothing() throws {
        let dir = try TemporaryDirectory()
        let scanner = try scanner(dir)
        #expect(scanner.classify("gone.json") == nil)
        #expect(scanner.classify("gone.txt")?.disposition == .ignored)
    }

    @Test func aMissingInboxIsAnError() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: DataDirectoryError.self) { try InboxScanner(inbox: dir.path("nope"), maxFileSize: 1).scan() }
    }
}
