#if canImport(Glibc)
import Glibc
#endif

/// A notification for the service manager (see sd_notify(3)).
public enum NotifyMessage: Sendable, Equatable {
    /// Start-up or a reload finished: `READY=1`.
    case ready
    /// A one-line status for `systemctl status`: `STATUS=…` (newlines become spaces).
    case status(String)
    /// A reload started: `RELOADING=1` with `MONOTONIC_USEC=` in the same datagram.
    case reloading
    /// Shutdown started: `STOPPING=1`.
    case stopping
    /// Keep-alive ping: `WATCHDOG=1`.
    case watchdog

    /// The datagram text; `monotonicMicroseconds` is only used by `.reloading`.
    public func datagram(monotonicMicroseconds: @autoclosure () -> UInt64 = monotonicMicroseconds()) -> String {
        switch self {
        case .ready: "READY=1"
        case .status(let text): "STATUS=" + String(text.map { $0.isNewline ? " " : $0 })
        case .reloading: "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds())"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        }
    }
}

/// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC` against.
public func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000 &+ UInt64(now.tv_nsec / 1_000)
}
