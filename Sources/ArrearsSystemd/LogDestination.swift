import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Where records go (`--log journald|stderr|auto`).
public enum LogDestination: String, Sendable, CaseIterable {
    case journald
    case stderr
    /// journald when running under systemd (`JOURNAL_STREAM` or `INVOCATION_ID` set), else stderr.
    case auto

    /// `.auto` decided against `environment` (a variable lookup); others unchanged.
    public func resolved(environment: (String) -> String? = LogDestination.processEnvironment) -> LogDestination {
        guard self == .auto else { return self }
        let underSystemd = ["JOURNAL_STREAM", "INVOCATION_ID"].contains { !(environment($0) ?? "").isEmpty }
        return underSystemd ? .journald : .stderr
    }

    /// A handler for `label`. Pass this to `LoggingSystem.bootstrap` once, in the daemon only.
    public func makeHandler(label: String, level: Logger.Level = .info) -> any LogHandler {
        var handler: any LogHandler
        switch resolved() {
        case .journald: handler = JournaldLogHandler(label: label)
        case .stderr, .auto: handler = StderrLogHandler(label: label)
        }
        handler.logLevel = level
        return handler
    }

    /// A `Logger` using this destination, without touching `LoggingSystem` (safe in tests).
    public func makeLogger(label: String, level: Logger.Level = .info) -> Logger {
        Logger(label: label) { makeHandler(label: $0, level: level) }
    }

    /// Reads a variable from this process's environment.
    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
