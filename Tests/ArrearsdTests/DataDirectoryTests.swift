import ArrearsRuntime
import Foundation
import Glibc
import Testing

/// The data directory layout (SPEC §1) and `prepare()`.
@Suite struct DataDirectoryTests {
    @Test func pathsFollowTheLayout() {
        let data = DataDirectory(root: "/var/lib/arrearsd/")
        #expect(data.inbox == "/var/lib/arrearsd/inbox")
        #expect(data.archive == "/var/lib/arrearsd/archive")
        #expect(data.archive(day: "2026-11-23") == "/var/lib/arrearsd/archive/2026-11-23")
        #expect(data.rejected == "/var/lib/arrearsd/rejected")
        #expect(data.queueFile == "/var/lib/arrearsd/queue.jsonl")
        #expect(data.stateFile == "/var/lib/arrearsd/state.sqlite")
    }

    @Test func prepareCreatesMissingDirectoriesAndLeavesNoProbe() throws {
        let dir = try TemporaryDirectory()
        let data = DataDirectory(root: dir.path("deep/var"))
        try data.prepare()
        #expect(try dir.list("deep/var") == ["archive", "inbox", "rejected"])
        #expect(try dir.list("deep/var/inbox").isEmpty)
        try data.prepare()  // idempotent
        #expect(try dir.list("deep/var") == ["archive", "inbox", "rejected"])
    }

    @Test func prepareKeepsWhatIsThere() throws {
        let dir = try TemporaryDirectory()
        try dir.write("var/inbox/a.json", "{}")
        try DataDirectory(root: dir.path("var")).prepare()
        #expect(try dir.read("var/inbox/a.json") == "{}")
    }

    @Test func aFileWhereTheInboxBelongsIsAnError() throws {
        let dir = try TemporaryDirectory()
        try dir.write("var/inbox", "not a directory")
        #expect {
            try DataDirectory(root: dir.path("var")).prepare()
        } throws: { error in
            (error as? DataDirectoryError)?.message == "'\(dir.path("var/inbox"))' exists but is not a directory"
        }
    }

    @Test func aFileAsTheRootIsAnError() throws {
        let dir = try TemporaryDirectory()
        try dir.write("var", "x")
        #expect(throws: DataDirectoryError.self) { try DataDirectory(root: dir.path("var")).prepare() }
    }

    @Test(.enabled(if: getuid() != 0, "root writes anywhere")) func aReadOnlyRootIsAnError() throws {
        let dir = try TemporaryDirectory()
        try DataDirectory(root: dir.path("var")).prepare()
        chmod(dir.path("var"), 0o555)
        defer { chmod(dir.path("var"), 0o755) }
        #expect(throws: DataDirectoryError.self) { try DataDirectory(root: dir.path("var")).prepare() }
    }
}
