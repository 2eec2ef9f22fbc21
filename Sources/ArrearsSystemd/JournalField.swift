/// One journald field: a valid name and a value (any bytes; newlines are fine).
public struct JournalField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Turns a metadata key into a journald field name: ASCII letters upper-cased, every other
    /// character but digits `_`, no leading `_`, not starting with a digit, at most 64 bytes.
    /// `case_id` → `CASE_ID`, `work-id` → `WORK_ID`, `_x` → `X`, `9a` → `F_9A`, `` → `F_`.
    public static func sanitizedName(_ key: String) -> String {
        var bytes = key.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            default: UInt8(ascii: "_")
            }
        }
        bytes = Array(bytes.drop(while: { $0 == UInt8(ascii: "_") }))
        if bytes.first.map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) ?? true {
            bytes.insert(contentsOf: Array("F_".utf8), at: 0)
        }
        return String(decoding: bytes.prefix(64), as: UTF8.self)
    }

    /// The fields the handler writes itself; metadata keys that sanitise to one of these are
    /// written with a `META_` prefix instead, so they cannot override them.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERROR",
        "LOGGER",
    ]
}
