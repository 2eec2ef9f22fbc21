import Foundation

/// Collects a child's standard error from the pipe's reader thread.
final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

/// A running `arrearsd run` process on a temporary data directory.
final class DaemonProcess {
    let process = Process()
    let stderr = Pipe()
    private let output = OutputCollector()

    init(_ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = Arrearsd.executable
        process.arguments = ["run"] + arguments
        if let environment { process.environment = environment }
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let output = self.output
        stderr.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
    }

    var log: String { output.text }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit (bounded) and returns its status.
    @discardableResult
    func waitForExit(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        stderr.fileHandleForReading.readabilityHandler = nil
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass (for another process's work).
func eventually(seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}

/// Drops an event file into an inbox the way producers must: write elsewhere, rename in.
func drop(_ name: String, _ text: String, into inbox: URL) throws {
    let staging = inbox.deletingLastPathComponent().appendingPathComponent(".staging-\(UUID().uuidString)")
    try Data(text.utf8).write(to: staging)
    try FileManager.default.moveItem(at: staging, to: inbox.appendingPathComponent(name))
}

/// The lines of a queue file as JSON objects.
func queueItems(_ url: URL) -> [[String: Any]] {
    guard let data = try? Data(contentsOf: url) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
}
