/// A small, fast, deterministic random source (SplitMix64): the same seed gives the same
/// sequence on every platform, which makes generated data reproducible byte for byte.
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    /// A generator for one stream of a seeded family (e.g. one case of a generated data set),
    /// independent of the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A number in the closed range.
    public mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with the given probability in percent.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One of `choices`, each with its weight.
    public mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        var r = below(choices.reduce(0) { $0 + $1.1 })
        for (value, weight) in choices {
            if r < weight { return value }
            r -= weight
        }
        return choices[choices.count - 1].0
    }
}
