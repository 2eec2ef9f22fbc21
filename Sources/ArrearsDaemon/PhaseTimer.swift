/// Wall-clock time per phase of a batch, for the journal's batch record.
struct PhaseTimer {
    private let start = ContinuousClock.now
    private var last = ContinuousClock.now
    private var phases: [(name: String, seconds: Double)] = []

    /// Ends the phase running since the previous mark (or the start) and names it.
    mutating func mark(_ name: String) {
        let now = ContinuousClock.now
        phases.append((name, Self.seconds(now - last)))
        last = now
    }

    /// Adds the time since the previous mark to the phase `name` (created at its first use).
    mutating func accumulate(_ name: String) {
        let now = ContinuousClock.now
        if let k = phases.firstIndex(where: { $0.name == name }) {
            phases[k].seconds += Self.seconds(now - last)
        } else {
            phases.append((name, Self.seconds(now - last)))
        }
        last = now
    }

    /// Seconds since the timer started.
    var total: Double { Self.seconds(ContinuousClock.now - start) }

    /// `read 0.41 s, admit 1.20 s, …`
    var summary: String {
        phases.map { "\($0.name) \(Self.format($0.seconds)) s" }.joined(separator: ", ")
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000)"
    }
}
