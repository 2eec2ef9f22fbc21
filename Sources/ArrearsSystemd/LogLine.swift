import Logging

/// The one-line text form of a record: `level message key=value …`, keys sorted.
/// Newlines and other control characters are escaped so each record stays one line.
enum LogLine {
    static func format(level: Logger.Level, message: String, metadata: Logger.Metadata, error: (any Error)?) -> String {
        var line = level.rawValue + " " + escaped(message)
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " " + escaped(key) + "=" + quotedIfNeeded("\(value)")
        }
        if let error {
            line += " error=" + quotedIfNeeded(String(describing: error))
        }
        return line
    }

    /// Quotes a value that is empty or holds spaces, quotes or `=`.
    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }
        guard needsQuotes else { return escaped(value) }
        return "\"" + escaped(value).replacing("\"", with: "\\\"") + "\""
    }

    /// `\n`, `\r`, `\t` and other control characters as escapes.
    static func escaped(_ text: String) -> String {
        // Fast path: printable ASCII only (no control characters, C0, DEL or C1).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
