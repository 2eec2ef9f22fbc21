import Logging

/// Writes each record as one line, `level message key=value …`, to standard error
/// (`--log stderr`).
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let writer: LineWriter

    public init(label: String, writer: LineWriter = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.writer = writer
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = Logger.Metadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        writer.write(LogLine.format(level: event.level, message: event.message.description, metadata: all, error: event.error))
    }
}
