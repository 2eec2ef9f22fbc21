import ArrearsEngine
import Foundation

/// Writes each generated day as `.jsonl` files whose byte-wise name order is time order:
/// `YYYY-MM-DD.jsonl`, or with several files per day `YYYY-MM-DD-0001.jsonl` … (the day's
/// events split into consecutive, near-equal runs). Each file is written under a hidden
/// temporary name and renamed into place, so a daemon watching the directory never reads a
/// partial file (SPEC §3).
public struct EventFileWriter {
    public let directory: URL
    public let filesPerDay: Int
    public private(set) var files = 0

    public init(directory: URL, filesPerDay: Int) throws {
        precondition(filesPerDay >= 1)
        self.directory = directory
        self.filesPerDay = filesPerDay
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The file names of one day.
    public func names(for date: LocalDate) -> [String] {
        if filesPerDay == 1 { return ["\(date).jsonl"] }
        return (1...filesPerDay).map { k in
            let digits = String(k)
            return "\(date)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".jsonl"
        }
    }

    /// Writes the day's events (in time order) to its files.
    public mutating func write(_ date: LocalDate, _ events: [Event]) throws {
        let names = names(for: date)
        for (k, name) in names.enumerated() {
            let lo = events.count * k / names.count, hi = events.count * (k + 1) / names.count
            var bytes: [UInt8] = []
            bytes.reserveCapacity((hi - lo) * 240)
            for event in events[lo..<hi] {
                bytes.append(contentsOf: event.raw.utf8)
                bytes.append(UInt8(ascii: "\n"))
            }
            let temporary = directory.appendingPathComponent(".\(name).tmp")
            try Data(bytes).write(to: temporary)
            let target = directory.appendingPathComponent(name)
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
            files += 1
        }
    }
}
