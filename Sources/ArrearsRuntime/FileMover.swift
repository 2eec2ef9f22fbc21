import Glibc
import SystemPackage

/// Moves input files into `archive/` and `rejected/` (SPEC §1, §3) with rename(2), never
/// replacing anything there: when `NAME` is taken, `NAME.1`, `NAME.2`, … are used. Every
/// destination directory is fsynced after a change.
public struct FileMover: Sendable {
    public let directory: DataDirectory

    public init(directory: DataDirectory) { self.directory = directory }

    /// Moves `path` into `archive/DAY/` (created when missing); returns the new path, or nil
    /// when `path` no longer exists.
    @discardableResult
    public func archive(_ path: String, day: String) throws(DataDirectoryError) -> String? {
        try archive([path], day: day)[0]
    }

    /// Moves each of `paths` into `archive/DAY/` (created when missing), then fsyncs that
    /// directory once; returns the new paths (nil for a path that no longer exists). A move
    /// lost to a crash before the fsync is harmless: the file's content hash shows it was
    /// committed, so it is archived again.
    @discardableResult
    public func archive(_ paths: [String], day: String) throws(DataDirectoryError) -> [String?] {
        guard Self.isDay(day) else { throw DataDirectoryError("'\(day)' is not a day (YYYY-MM-DD) for the archive") }
        let dayDirectory = directory.archive(day: day)
        if mkdir(dayDirectory, 0o755) == 0 {
            try FileSystemCalls.syncDirectory(directory.archive)
        } else if errno != EEXIST {
            throw DataDirectoryError("create directory", dayDirectory, Errno(rawValue: errno))
        }
        var moved: [String?] = []
        moved.reserveCapacity(paths.count)
        for path in paths { moved.append(try move(path, into: dayDirectory, sync: false)) }
        try FileSystemCalls.syncDirectory(dayDirectory)
        return moved
    }

    /// Moves the unread file `path` into `rejected/` and writes `NAME.error` saying
    /// `NAME: reason`; returns the new path of the file, or nil when `path` no longer exists.
    @discardableResult
    public func refuse(_ path: String, reason: String) throws(DataDirectoryError) -> String? {
        let name = FileSystemCalls.lastComponent(path)
        guard let destination = try move(path, into: directory.rejected, companions: [".error"]) else { return nil }
        try write(destination + ".error", "\(name): \(reason)\n")
        try FileSystemCalls.syncDirectory(directory.rejected)
        return destination
    }

    /// Writes `rejected/NAME.lines` (the text of each rejected line, one per line) and
    /// `rejected/NAME.error` (`NAME:LINE: error` for each) for the input file `name`. Returns
    /// the path of the `.lines` file, or nil when `lines` is empty.
    @discardableResult
    public func rejectLines(_ name: String, _ lines: [RejectedLine]) throws(DataDirectoryError) -> String? {
        if lines.isEmpty { return nil }
        let text = lines.map { $0.text + "\n" }.joined()
        let errors = lines.map { "\(name):\($0.line): \($0.error)\n" }.joined()
        while true {
            let base = try freeName(name, in: directory.rejected, suffixes: [".lines", ".error"])
            do {
                try FileSystemCalls.createFile(base + ".lines", Array(text.utf8))
            } catch .fileExists {
                continue
            } catch {
                throw DataDirectoryError("write", base + ".lines", error)
            }
            try write(base + ".error", errors)
            try FileSystemCalls.syncDirectory(directory.rejected)
            return base + ".lines"
        }
    }

    /// Renames `path` into `target` under a free name (with every companion suffix free too);
    /// nil when `path` is gone.
    private func move(_ path: String, into target: String, companions: [String] = [], sync: Bool = true) throws(DataDirectoryError) -> String? {
        let name = FileSystemCalls.lastComponent(path)
        var number = 0
        while true {
            // Without companions the rename itself (RENAME_NOREPLACE) finds out whether a name
            // is taken: no lookup before it, which in a day directory of many files costs
            // about as much as the rename.
            let destination = companions.isEmpty ? Self.candidate(name, number, in: target)
                : try freeName(name, in: target, suffixes: [""] + companions)
            do {
                try FileSystemCalls.renameNoReplace(path, destination)
            } catch .fileExists {
                number += 1
                continue
            } catch .noSuchFileOrDirectory where (try? FileSystemCalls.exists(path)) == false {
                return nil
            } catch {
                throw DataDirectoryError("move '\(path)' to", destination, error)
            }
            if sync { try FileSystemCalls.syncDirectory(target) }
            return destination
        }
    }

    /// `DIR/NAME`, else `DIR/NAME.1`, `DIR/NAME.2`, …: the first base for which no
    /// `base + suffix` exists.
    private func freeName(_ name: String, in target: String, suffixes: [String]) throws(DataDirectoryError) -> String {
        var number = 0
        while true {
            let base = Self.candidate(name, number, in: target)
            var taken = false
            for suffix in suffixes {
                let path = base + suffix
                if try attempt("inspect", path, { try FileSystemCalls.exists(path) }) { taken = true; break }
            }
            if !taken { return base }
            number += 1
        }
    }

    /// `DIR/NAME` for number 0, else `DIR/NAME.number`.
    private static func candidate(_ name: String, _ number: Int, in target: String) -> String {
        FileSystemCalls.join(target, number == 0 ? name : "\(name).\(number)")
    }

    private func write(_ path: String, _ text: String) throws(DataDirectoryError) {
        do {
            try FileSystemCalls.createFile(path, Array(text.utf8))
        } catch {
            throw DataDirectoryError("write", path, error)
        }
    }

    /// `YYYY-MM-DD` in digits.
    static func isDay(_ day: String) -> Bool {
        let bytes = Array(day.utf8)
        guard bytes.count == 10 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
