import Crypto

extension RuleSet {
    /// SHA-256 over the rule files in name order: for each, its base name, a NUL, its byte
    /// count in decimal, a NUL, and its bytes. Stable across directories (only base names count).
    public static func contentHash(of sources: [SourceFile]) -> String {
        var hasher = SHA256()
        for source in sources.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            let base = source.name.split(separator: "/").last.map(String.init) ?? source.name
            let bytes = Array(source.text.utf8)
            hasher.update(data: Array(base.utf8) + [0] + Array(String(bytes.count).utf8) + [0])
            hasher.update(data: bytes)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// `name@abcdef12`: the rule set's name and the first 8 hex digits of its hash (SPEC §5).
    public var label: String {
        (name ?? "rules") + "@" + String((contentHash ?? "00000000").prefix(8))
    }
}
