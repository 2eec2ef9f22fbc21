/// The `calendar { … }` block of a rule set, with the Dutch defaults for items not given
/// (SPEC §4.2; income dates and contact rules from DOMAIN.md).
public struct CalendarSettings: Sendable, Hashable {
    /// IANA time zone identifier.
    public var timezone: String = "Europe/Amsterdam"
    /// Days of the month people usually get paid (toeslagen 20th, AOW ~23rd, salary ~25th).
    public var paydays: [Int] = [20, 23, 25]
    /// Contact may happen in [start, end) local time.
    public var contactStart = TimeOfDay(minutes: 7 * 60)
    public var contactEnd = TimeOfDay(minutes: 20 * 60)
    /// Weekdays without contact.
    public var closed: Set<Weekday> = [.sunday]
    /// Whether the Dutch public holidays of the Algemene termijnenwet are closed days.
    public var dutchHolidays = true
    /// Extra closed single days.
    public var extraHolidays: Set<LocalDate> = []

    public init() {}
}

/// `limit contacts N per D [channel C]`: at most `count` outbound contacts in any window of `window`.
public struct ContactLimit: Sendable, Hashable {
    public var count: Int
    public var window: TimeSpan
    /// nil: all channels together.
    public var channel: Channel?
    public init(count: Int, window: TimeSpan, channel: Channel?) {
        self.count = count
        self.window = window
        self.channel = channel
    }
}
