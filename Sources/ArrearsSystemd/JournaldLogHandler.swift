import Logging

/// Writes records to journald through its native protocol (sd_journal_sendv) with
/// structured fields: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`/`CODE_LINE`/
/// `CODE_FUNC`, `LOGGER` (the label), `ERROR` when given, and each metadata key as a field
/// (`case_id` → `CASE_ID`, `message_id` → `MESSAGE_ID`; see `JournalField.sanitizedName`).
///
/// When journald refuses a record (no socket: `-ECONNREFUSED`/`-ENOENT`), that record goes
/// to the fallback writer (standard error) as one line instead of being dropped.
public struct JournaldLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let identifier: String
    private let sender: JournalSender
    private let fallback: LineWriter

    public init(
        label: String,
        identifier: String = "arrearsd",
        sender: JournalSender = .libsystemd,
        fallback: LineWriter = .standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.identifier = identifier
        self.sender = sender
        self.fallback = fallback
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = Logger.Metadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        let message = event.message.description
        if sender.send(fields(for: event, message: message, metadata: all)) < 0 {
            fallback.write(LogLine.format(level: event.level, message: message, metadata: all, error: event.error))
        }
    }

    /// The journal entry for `event`; metadata fields follow the fixed ones, in key order.
    func fields(for event: LogEvent, message: String, metadata: Logger.Metadata) -> [JournalField] {
        var fields = [
            JournalField(name: "MESSAGE", value: message),
            JournalField(name: "PRIORITY", value: String(event.level.syslogPriority)),
            JournalField(name: "SYSLOG_IDENTIFIER", value: identifier),
            JournalField(name: "LOGGER", value: label),
            JournalField(name: "CODE_FILE", value: event.file),
            JournalField(name: "CODE_LINE", value: String(event.line)),
            JournalField(name: "CODE_FUNC", value: event.function),
        ]
        if let error = event.error {
            fields.append(JournalField(name: "ERROR", value: String(describing: error)))
        }
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            var name = JournalField.sanitizedName(key)
            if JournalField.reservedNames.contains(name) { name = "META_" + name }
            fields.append(JournalField(name: name, value: "\(value)"))
        }
        return fields
    }
}
