import ArrearsEngine
import ArrearsRuntime
import Foundation
import Glibc
import Testing

/// Moving input into archive/ and rejected/ without ever overwriting (SPEC §3).
@Suite struct FileMoverTests {
    func setUp() throws -> (TemporaryDirectory, DataDirectory, FileMover) {
        let dir = try TemporaryDirectory()
        let data = DataDirectory(root: dir.path("var"))
        try data.prepare()
        return (dir, data, FileMover(directory: data))
    }

    @Test func archivingTheSameNameThreeTimesKeepsAllThree() throws {
        let (dir, _, mover) = try setUp()
        var destinations: [String?] = []
        for content in ["first", "second", "third"] {
            try dir.write("var/inbox/x.json", content)
            destinations.append(try mover.archive(dir.path("var/inbox/x.json"), day: "2026-11-23"))
        }
        #expect(destinations == ["x.json", "x.json.1", "x.json.2"].map { dir.path("var/archive/2026-11-23/\($0)") })
        #expect(try dir.read("var/archive/2026-11-23/x.json") == "first")
        #expect(try dir.read("var/archive/2026-11-23/x.json.1") == "second")
        #expect(try dir.read("var/archive/2026-11-23/x.json.2") == "third")
        #expect(try dir.list("var/inbox").isEmpty)
    }

    @Test func archivingANameWhoseSuffixedNameExistsSkipsIt() throws {
        let (dir, _, mover) = try setUp()
        try dir.write("var/archive/2026-11-23/x.json", "old")
        try dir.write("var/archive/2026-11-23/x.json.1", "old 1")
        try dir.write("var/inbox/x.json", "new")
        #expect(try mover.archive(dir.path("var/inbox/x.json"), day: "2026-11-23") == dir.path("var/archive/2026-11-23/x.json.2"))
        #expect(try dir.read("var/archive/2026-11-23/x.json") == "old")
        #expect(try dir.read("var/archive/2026-11-23/x.json.1") == "old 1")
    }

    @Test func archivingAVanishedFileIsNothing() throws {
        let (dir, _, mover) = try setUp()
        #expect(try mover.archive(dir.path("var/inbox/gone.json"), day: "2026-11-23") == nil)
    }

    @Test func aBadDayIsRefused() throws {
        let (dir, _, mover) = try setUp()
        try dir.write("var/inbox/x.json", "x")
        for day in ["../x", "2026-11-2", "2026/11/23", ""] {
            #expect(throws: DataDirectoryError.self) { try mover.archive(dir.path("var/inbox/x.json"), day: day) }
        }
        #expect(try dir.list("var/inbox") == ["x.json"])
    }

    @Test func refusingWritesTheReasonAndNeverOverwrites() throws {
        let (dir, _, mover) = try setUp()
        try dir.write("var/inbox/x.json", "one")
        try mover.refuse(dir.path("var/inbox/x.json"), reason: "is 11 bytes, larger than --max-file-size (10 bytes)")
        try dir.write("var/inbox/x.json", "two")
        let second = try mover.refuse(dir.path("var/inbox/x.json"), reason: "is a symbolic link (links are never followed)")
        #expect(second == dir.path("var/rejected/x.json.1"))
        #expect(try dir.list("var/rejected") == ["x.json", "x.json.1", "x.json.1.error", "x.json.error"])
        #expect(try dir.read("var/rejected/x.json") == "one")
        #expect(try dir.read("var/rejected/x.json.error") == "x.json: is 11 bytes, larger than --max-file-size (10 bytes)\n")
        #expect(try dir.read("var/rejected/x.json.1") == "two")
        #expect(try dir.read("var/rejected/x.json.1.error") == "x.json: is a symbolic link (links are never followed)\n")
        #expect(try dir.list("var/inbox").isEmpty)
    }

    @Test func refusingMovesLinksDirectoriesAndFIFOsThemselves() throws {
        let (dir, _, mover) = try setUp()
        try dir.write("elsewhere/target.json", "target")
        try FileManager.default.createSymbolicLink(atPath: dir.path("var/inbox/l.json"), withDestinationPath: dir.path("elsewhere/target.json"))
        try dir.write("var/inbox/d.json/inner", "inner")
        #expect(mkfifo(dir.path("var/inbox/f.json"), 0o644) == 0)
        for name in ["l.json", "d.json", "f.json"] { try mover.refuse(dir.path("var/inbox/\(name)"), reason: "r") }
        #expect(try dir.list("var/inbox").isEmpty)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path("var/rejected/l.json")) == dir.path("elsewhere/target.json"))
        #expect(try dir.read("elsewhere/target.json") == "target")
        #expect(try dir.read("var/rejected/d.json/inner") == "inner")
        #expect(try dir.list("var/rejected") == ["d.json", "d.json.error", "f.json", "f.json.error", "l.json", "l.json.error"])
    }

    @Test func rejectedLinesAndErrorsAreExact() throws {
        let (dir, _, mover) = try setUp()
        let text = invoiceEvent("e1") + "\nnot json\n\n{\"id\":\"e2\"}\r\n"
        let (events, rejected) = EventFileReader().read(Data(text.utf8), name: "x.jsonl")
        #expect(events.count == 1)
        #expect(rejected.count == 2)
        let lines = try mover.rejectLines("x.jsonl", rejected)
        #expect(lines == dir.path("var/rejected/x.jsonl.lines"))
        #expect(try dir.read("var/rejected/x.jsonl.lines") == "not json\n{\"id\":\"e2\"}\n")
        #expect(try dir.read("var/rejected/x.jsonl.error") == "x.jsonl:2: \(rejected[0].error)\nx.jsonl:4: \(rejected[1].error)\n")
        #expect(!rejected[0].error.isEmpty && !rejected[0].error.contains("\n"))
    }

    @Test func linesAreNumberedWithoutATrailingNewlineAndAcrossBlankOnes() {
        let text = "\n\n" + invoiceEvent("e1") + "\r\n \t\nnot json\n" + invoiceEvent("e2")
        let (numbered, rejected) = EventFileReader().readNumbered(Data(text.utf8), name: "x.jsonl")
        #expect(numbered.events.map(\.id.rawValue) == ["e1", "e2"])
        #expect(numbered.lines == [3, 6])
        #expect(rejected.map(\.line) == [5])
        #expect(EventFileReader().readNumbered(Data(), name: "x.jsonl").numbered.count == 0)
        #expect(EventFileReader().readNumbered(Data("\n\n".utf8), name: "x.jsonl").rejected.isEmpty)
    }

    @Test func rejectedLinesNeverOverwriteEitherFile() throws {
        let (dir, _, mover) = try setUp()
        let (_, first) = EventFileReader().read(Data("one\n".utf8), name: "x.jsonl")
        let (_, second) = EventFileReader().read(Data("two\n".utf8), name: "x.jsonl")
        try mover.rejectLines("x.jsonl", first)
        try dir.write("var/rejected/x.jsonl.1.error", "someone else's")
        #expect(try mover.rejectLines("x.jsonl", second) == dir.path("var/rejected/x.jsonl.2.lines"))
        #expect(try dir.read("var/rejected/x.jsonl.lines") == "one\n")
        #expect(try dir.read("var/rejected/x.jsonl.1.error") == "someone else's")
        #expect(try dir.read("var/rejected/x.jsonl.2.lines") == "two\n")
        #expect(try dir.read("var/rejected/x.jsonl.2.error").hasPrefix("x.jsonl:1: "))
        #expect(!dir.exists("var/rejected/x.jsonl.1.lines"))
    }

    @Test func noRejectedLinesWriteNothing() throws {
        let (dir, _, mover) = try setUp()
        #expect(try mover.rejectLines("x.jsonl", []) == nil)
        #expect(try dir.list("var/rejected").isEmpty)
    }
}
