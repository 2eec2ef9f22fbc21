/// The positions of a list of cases' elements taken a case at a time: ``order`` lists the
/// positions, each case's in list order, and ``runStarts`` where each case's run begins.
///
/// ``init(count:caseOf:)`` orders the cases byte-wise (SPEC §4.5 rule 8) by chaining the
/// positions per case and sorting only the distinct cases: a batch holds a few events per case,
/// so this compares far fewer case ids than sorting every position, and it never copies an
/// element (only its case id, once).
public struct CaseGrouping: Sendable {
    /// Every position once, case by case.
    public let order: [Int]
    /// Where each case's run begins in ``order``, then `order.count`.
    public let runStarts: [Int]

    /// The number of cases (runs).
    public var runs: Int { runStarts.count - 1 }

    /// The positions of run `k`.
    public subscript(run k: Int) -> ArraySlice<Int> { order[runStarts[k]..<runStarts[k + 1]] }

    /// Positions `0..<count` grouped by `caseOf(position)`, cases in byte order, each case's
    /// positions ascending.
    public init(count: Int, caseOf: (Int) -> CaseID) {
        var groupOf: [CaseID: Int] = [:]
        groupOf.reserveCapacity(count)
        var cases: [CaseID] = []
        var first: [Int] = [], last: [Int] = []
        var next = [Int](repeating: -1, count: count)
        for p in 0..<count {
            let c = caseOf(p)
            if let g = groupOf[c] {
                next[last[g]] = p
                last[g] = p
            } else {
                groupOf[c] = cases.count
                cases.append(c)
                first.append(p)
                last.append(p)
            }
        }
        groupOf = [:]
        // Sorted by each case's first eight bytes as an integer, the full ids compared only
        // where those are equal.
        var keyed = cases.indices.map { (key: ByteOrder.prefixKey(cases[$0].rawValue), group: $0) }
        cases.withUnsafeBufferPointer { c in
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : ByteOrder.precedes(c[$0.group].rawValue, c[$1.group].rawValue) }
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        var runStarts: [Int] = []
        runStarts.reserveCapacity(keyed.count + 1)
        next.withUnsafeBufferPointer { next in
            for (_, g) in keyed {
                runStarts.append(order.count)
                var p = first[g]
                while p >= 0 {
                    order.append(p)
                    p = next[p]
                }
            }
        }
        runStarts.append(order.count)
        self.order = order
        self.runStarts = runStarts
    }

    /// Positions `0..<count` in list order, a run for each stretch of one case.
    public init(consecutive count: Int, caseOf: (Int) -> CaseID) {
        var runStarts: [Int] = []
        var previous: CaseID?
        for p in 0..<count {
            let c = caseOf(p)
            if c != previous { runStarts.append(p) }
            previous = c
        }
        runStarts.append(count)
        order = Array(0..<count)
        self.runStarts = runStarts
    }
}
