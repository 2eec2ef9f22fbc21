/// A stretch of allowed contact time: `start` is when contact may begin, `end` the end of the
/// day's contact hours (`contact_until`, exclusive).
public struct ContactWindow: Sendable, Hashable, CustomStringConvertible {
    public let start: Instant
    public let end: Instant

    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }

    public var description: String { "[\(start), \(end))" }
}
