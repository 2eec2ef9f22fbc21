import CSystemd

/// Sends state changes to systemd over `NOTIFY_SOCKET` (sd_notify). A no-op outside systemd.
///
/// `NOTIFY_SOCKET` is read on every call and left in the environment.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Sends one typed message as a single datagram. Returns false when not under systemd
    /// (no `NOTIFY_SOCKET`) or when sending failed.
    @discardableResult
    public func send(_ message: NotifyMessage) -> Bool {
        notify(message.datagram())
    }

    /// Sends `state` as it is (newline-separated `KEY=value` assignments).
    @discardableResult
    public func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    /// How often to send `WATCHDOG=1`: half of `WATCHDOG_USEC`, or nil when the service
    /// manager expects no keep-alive pings from this process (sd_watchdog_enabled).
    public var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec / 2))
    }
}
