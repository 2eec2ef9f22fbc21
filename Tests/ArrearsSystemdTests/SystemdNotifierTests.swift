import Foundation
import Testing

@testable import ArrearsSystemd

/// These tests change the process environment (`NOTIFY_SOCKET`, `WATCHDOG_USEC`), which
/// sd_notify and sd_watchdog_enabled read on every call; they run one at a time.
@Suite(.serialized)
struct SystemdNotifierTests {
    @Test func sendsEachTypedMessageAsOneDatagram() throws {
        let socket = try NotifySocket()
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        let notifier = SystemdNotifier()

        #expect(notifier.send(.ready))
        #expect(socket.receive() == "READY=1")
        #expect(notifier.send(.status("12 cases, 3 open items\nrule set baseline")))
        #expect(socket.receive() == "STATUS=12 cases, 3 open items rule set baseline")

        let before = monotonicMicroseconds()
        #expect(notifier.send(.reloading))
        let reloading = try #require(socket.receive())
        let after = monotonicMicroseconds()
        let lines = reloading.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last?.wholeMatch(of: /MONOTONIC_USEC=([0-9]+)/).flatMap { UInt64($0.1) })
        #expect(stamp >= before && stamp <= after)

        #expect(notifier.send(.stopping))
        #expect(socket.receive() == "STOPPING=1")
        #expect(notifier.send(.watchdog))
        #expect(socket.receive() == "WATCHDOG=1")
    }

    @Test func isANoOpOutsideSystemd() {
        unsetenv("NOTIFY_SOCKET")
        #expect(SystemdNotifier().send(.ready) == false)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        unsetenv("WATCHDOG_PID")
        setenv("WATCHDOG_USEC", "2000000", 1)
        defer { unsetenv("WATCHDOG_USEC") }
        #expect(SystemdNotifier().watchdogInterval == .seconds(1))
    }

    @Test func watchdogIntervalIsNilWhenNotEnabled() {
        unsetenv("WATCHDOG_USEC")
        #expect(SystemdNotifier().watchdogInterval == nil)
        setenv("WATCHDOG_USEC", "2000000", 1)
        setenv("WATCHDOG_PID", "1", 1)  // meant for another process
        defer { unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID") }
        #expect(SystemdNotifier().watchdogInterval == nil)
    }
}
