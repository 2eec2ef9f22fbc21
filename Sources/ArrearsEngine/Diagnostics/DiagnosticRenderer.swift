/// Renders diagnostics for people (source line and caret) and for programs (JSON).
public struct DiagnosticRenderer: Sendable {
    private let lines: [String: [Substring]]

    public init(sources: [SourceFile]) {
        var lines: [String: [Substring]] = [:]
        for source in sources {
            lines[source.name] = source.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.last == "\r" ? $0.dropLast() : $0 }
        }
        self.lines = lines
    }

    /// The source line a location points at, if known.
    public func sourceLine(_ location: SourceLocation) -> Substring? {
        guard let file = lines[location.file], location.line >= 1, location.line <= file.count else { return nil }
        return file[location.line - 1]
    }

    /// `file:line:col: error: message`, the source line, and a caret under the column; notes follow.
    public func text(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.headline + "\n"
        if let location = diagnostic.location, let line = sourceLine(location) {
            out += line + "\n"
            var caret = ""
            for (i, scalar) in line.unicodeScalars.enumerated() where i < location.column - 1 {
                caret.append(scalar == "\t" ? "\t" : " ")
            }
            let covered = line.unicodeScalars.count
            if location.column - 1 > covered { caret += String(repeating: " ", count: location.column - 1 - covered) }
            out += caret + "^\n"
        }
        for note in diagnostic.notes { out += text(note) }
        return out
    }

    public func text(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { text($0) }.joined()
    }

    /// A JSON array of objects with `file`, `line`, `column`, `severity`, `message`, `notes`.
    public func json(_ diagnostics: [Diagnostic]) -> String {
        "[" + diagnostics.map(jsonObject).joined(separator: ",") + "]"
    }

    private func jsonObject(_ d: Diagnostic) -> String {
        var fields: [String] = []
        if let l = d.location {
            fields.append("\"file\":\(JSONText.quote(l.file))")
            fields.append("\"line\":\(l.line)")
            fields.append("\"column\":\(l.column)")
        }
        fields.append("\"severity\":\(JSONText.quote(d.severity.rawValue))")
        fields.append("\"message\":\(JSONText.quote(d.message))")
        if !d.notes.isEmpty { fields.append("\"notes\":[" + d.notes.map(jsonObject).joined(separator: ",") + "]") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// JSON string quoting, shared by every writer of JSON text.
public enum JSONText {
    public static func quote(_ s: String) -> String {
        // Fast path: nothing to escape (the usual id, name or time).
        var plain = true
        for byte in s.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
