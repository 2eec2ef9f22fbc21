import ArrearsEngine
import Foundation

/// How a generated day is split into files.
public enum FileSplit: Sendable, Equatable {
    /// K files per day, `YYYY-MM-DD.jsonl` when K is 1, else `YYYY-MM-DD-0001.jsonl` …: the
    /// day's events in consecutive, near-equal runs (a run may be empty).
    case filesPerDay(Int)
    /// Files of at most N events, `YYYY-MM-DD-000001.jsonl` …; a day without events has none.
    case eventsPerFile(Int)
}

/// Writes each generated day as `.jsonl` files whose byte-wise name order is time order.
/// Each file is written under a hidden temporary name and renamed into place, so a daemon
/// watching the directory never reads a partial file (SPEC §3).
public struct EventFileWriter {
    public let directory: URL
    public let split: FileSplit
    public private(set) var files = 0

    public init(directory: URL, split: FileSplit) throws {
        self.directory = directory
        self.split = split
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `YYYY-MM-DD-` and `k` zero-padded to `width`.
    static func name(_ date: LocalDate, _ k: Int, width: Int) -> String {
        let digits = String(k)
        return "\(date)-" + String(repeating: "0", count: max(0, width - digits.count)) + digits + ".jsonl"
    }

    /// The files of one day: each name with its range of lines.
    public func files(for date: LocalDate, lines count: Int) -> [(name: String, lines: Range<Int>)] {
        switch split {
        case .filesPerDay(1):
            return [("\(date).jsonl", 0..<count)]
        case .filesPerDay(let k):
            return (0..<k).map { i in (Self.name(date, i + 1, width: 4), (count * i / k)..<(count * (i + 1) / k)) }
        case .eventsPerFile(let n):
            return stride(from: 0, to: count, by: n).enumerated().map { i, lo in
                (Self.name(date, i + 1, width: 6), lo..<min(count, lo + n))
            }
        }
    }

    /// Writes the day's lines (in time order) to its files.
    public mutating func write(_ date: LocalDate, _ lines: DayLines) throws {
        for (name, range) in files(for: date, lines: lines.count) {
            let temporary = directory.appendingPathComponent(".\(name).tmp")
            try Data(lines.bytes(ofLines: range)).write(to: temporary)
            let target = directory.appendingPathComponent(name)
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
            files += 1
        }
    }
}
