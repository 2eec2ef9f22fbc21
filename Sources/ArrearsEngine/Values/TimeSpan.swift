/// A duration of the rules language: one integer and a unit (`30m`, `12h`, `7d`, `2w`).
/// Days are 24 hours and weeks 7 days (SPEC §4.1).
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public enum Unit: Character, Sendable, CaseIterable {
        case minute = "m", hour = "h", day = "d", week = "w"
        public var seconds: Int64 {
            switch self {
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            case .week: 604_800
            }
        }
    }

    public init(_ count: Int64, _ unit: Unit) { self.seconds = count * unit.seconds }

    public static func days(_ n: Int64) -> TimeSpan { TimeSpan(n, .day) }

    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.seconds < b.seconds }

    /// Days when whole days (`14d`, as rule authors write windows), else hours or minutes.
    public var description: String {
        for unit in [Unit.day, .hour, .minute] where seconds != 0 && seconds % unit.seconds == 0 {
            return "\(seconds / unit.seconds)\(unit.rawValue)"
        }
        return seconds == 0 ? "0m" : "\(seconds)s"
    }
}
