/// The arrivals of one case admitted in a transaction that its stored log lacks, in
/// increasing order. A batch admitted in case order gives each case one run of consecutive
/// numbers, held here without an array: a bulk batch has one of these per case it touches.
struct PendingArrivals {
    private var run: ClosedRange<UInt64>
    /// Arrivals after the run that do not continue it (when a call was admitted in arrival order).
    private var others: [UInt64] = []

    init(_ first: UInt64) { run = first...first }

    /// Adds `arrival`, above every one held.
    mutating func append(_ arrival: UInt64) {
        if others.isEmpty, arrival == run.upperBound + 1 {
            run = run.lowerBound...arrival
        } else {
            others.append(arrival)
        }
    }

    var last: UInt64 { others.last ?? run.upperBound }
    var all: [UInt64] { Array(run) + others }
}
