import ArrearsEngine
import Foundation

/// One line of an event file that could not be parsed.
public struct RejectedLine: Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let text: String
    public let error: String
    public var description: String { "\(file):\(line): \(error)" }

    public init(file: String, line: Int, text: String, error: String) {
        self.file = file
        self.line = line
        self.text = text
        self.error = error
    }
}

/// Reads `.json` (one event object) and `.jsonl` (one per line, blank lines allowed) files.
public struct EventFileReader: Sendable {
    public let parser: EventParser

    public init(parser: EventParser = EventParser()) { self.parser = parser }

    /// The events and rejected lines of `data` read as the file `name`.
    public func read(_ data: Data, name: String) -> (events: [Event], rejected: [RejectedLine]) {
        let (numbered, rejected) = readNumbered(data, name: name)
        return (numbered.events, rejected)
    }

    /// The events with their line numbers, and the rejected lines.
    public func readNumbered(_ data: Data, name: String) -> (numbered: NumberedEvents, rejected: [RejectedLine]) {
        var numbered = NumberedEvents()
        var rejected: [RejectedLine] = []
        if name.hasSuffix(".json") {
            do {
                numbered.append(try parser.parse(lineBytes: data), line: 1)
            } catch {
                rejected.append(RejectedLine(file: name, line: 1, text: String(decoding: data, as: UTF8.self), error: error.message))
            }
            return (numbered, rejected)
        }
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            /// The position of the first newline at or after `start`, else the end.
            func lineEnd(from start: Int) -> Int {
                guard start < bytes.count, let base = bytes.baseAddress,
                      let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return bytes.count }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            // One slot per line at once: grown by doubling, the array of a large file would
            // hold up to twice the room its events take (about 150 bytes each) until the
            // batch is committed.
            var lines = 1
            var newline = lineEnd(from: 0)
            while newline < bytes.count {
                lines += 1
                newline = lineEnd(from: newline + 1)
            }
            numbered.reserveCapacity(lines)
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                var end = lineEnd(from: start)
                let next = end + 1
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = next
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do throws(EventParseError) {
                    numbered.append(try parser.parse(lineBytes: line), line: lineNumber)
                } catch {
                    rejected.append(RejectedLine(file: name, line: lineNumber, text: String(decoding: line, as: UTF8.self), error: error.message))
                }
            }
        }
        return (numbered, rejected)
    }

    /// Reads files in the order given; an unreadable file is one rejected "line 0".
    public func read(files: [String]) -> (events: [Event], rejected: [RejectedLine]) {
        var events: [Event] = []
        let rejected = read(files: files) { events += $0 }
        return (events, rejected)
    }

    /// Reads files in the order given and hands each file's events to `take` as soon as the
    /// file is read (so that a caller need not hold every file's events at once); returns the
    /// rejected lines. An unreadable file is one rejected "line 0".
    public func read(files: [String], each take: ([Event]) throws -> Void) rethrows -> [RejectedLine] {
        var rejected: [RejectedLine] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                rejected.append(RejectedLine(file: file, line: 0, text: "", error: "cannot read the file"))
                continue
            }
            let (events, r) = read(data, name: file)
            rejected += r
            try take(events)
        }
        return rejected
    }
}

/// A file's events and the line each came from, in two arrays (`lines[k]` is the line of
/// `events[k]`): the events can then be taken from a file in one copy of the array, instead
/// of element by element out of a list of pairs.
public struct NumberedEvents: Sendable {
    public private(set) var events: [Event] = []
    public private(set) var lines: [Int] = []

    public init() {}

    public var count: Int { events.count }

    mutating func append(_ event: Event, line: Int) {
        events.append(event)
        lines.append(line)
    }

    mutating func reserveCapacity(_ n: Int) {
        events.reserveCapacity(n)
        lines.reserveCapacity(n)
    }
}
