import ArrearsSystemd
import Foundation

/// The system's journald for the tests of every target: started standalone (as root) when
/// none answers, and read back with journalctl.
public enum Journald {
    public static let socketPath = JournalSender.journalSocket
    public static let daemonPath = "/lib/systemd/systemd-journald"

    /// Makes sure a journald accepts native entries; returns why not, or nil when it does.
    public static func ensureRunning() -> String? {
        if accepts() { return nil }
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            return "no journald at \(socketPath) and \(daemonPath) is missing (install systemd)"
        }
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: daemonPath)
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        do { try daemon.run() } catch { return "could not start \(daemonPath): \(error)" }
        // Left running on purpose: later tests (and other test runs) use the same journald.
        if poll(timeout: 5, { accepts() }) { return nil }
        return "started \(daemonPath) (pid \(daemon.processIdentifier)) but \(socketPath) did not accept "
            + "entries within 5 s (journald runs standalone only as root)"
    }

    /// Whether an entry sent to the socket is accepted.
    public static func accepts() -> Bool {
        JournalSender.libsystemd.send([
            JournalField(name: "MESSAGE", value: "arrearsd test probe"),
            JournalField(name: "SYSLOG_IDENTIFIER", value: "arrearsd-test-probe"),
        ]) == 0
    }

    /// The entries with `field=value`, as journalctl's JSON objects; polls up to `timeout` s
    /// until at least `minimum` show up.
    public static func entries(field: String, value: String, minimum: Int = 1, timeout: Double = 5) throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        var lastError: (any Error)?
        _ = poll(timeout: timeout) {
            do {
                found = try query("\(field)=\(value)")
                return found.count >= minimum
            } catch {
                lastError = error
                return false
            }
        }
        if found.isEmpty, let lastError { throw lastError }
        return found
    }

    private static func query(_ match: String) throws -> [[String: Any]] {
        let journalctl = Process()
        journalctl.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        journalctl.arguments = ["--no-pager", "-o", "json", match]
        let output = Pipe()
        journalctl.standardOutput = output
        journalctl.standardError = FileHandle.nullDevice
        try journalctl.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        journalctl.waitUntilExit()
        return try data.split(separator: UInt8(ascii: "\n")).compactMap {
            try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
        }
    }

    /// Calls `condition` every 50 ms until it holds or `timeout` seconds have passed.
    public static func poll(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            usleep(50_000)
        }
    }
}
