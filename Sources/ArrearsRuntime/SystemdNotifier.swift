import CSystemd

/// Sends state changes to systemd over `NOTIFY_SOCKET` (sd_notify). A no-op outside systemd.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Sends `state` (for example `READY=1`, `STATUS=…`). Returns false when not under systemd.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }
}
