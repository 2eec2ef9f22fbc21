#if canImport(Glibc)
import Glibc
#endif

/// Where `StderrLogHandler` (and the journald fallback) put a finished line.
/// Injectable so tests can capture output.
public struct LineWriter: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.writeLine = write
    }

    /// Writes `line` plus a newline.
    public func write(_ line: String) {
        writeLine(line)
    }

    /// Standard error, one `write(2)` per line where possible; errors are ignored.
    public static let standardError = LineWriter { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Glibc.write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
