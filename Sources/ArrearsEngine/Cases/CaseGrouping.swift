/// The positions of a list of cases' elements in case order (byte-wise, SPEC §4.5 rule 8),
/// each case's positions in list order.
///
/// The positions are chained per case and only the distinct cases are sorted: a batch holds a
/// few events per case, so this compares far fewer case ids than sorting every position, and
/// it never copies an element (only its case id, once).
public enum CaseGrouping {
    /// Positions `0..<count` grouped by `caseOf(position)`, cases in byte order, each case's
    /// positions ascending.
    public static func positions(count: Int, caseOf: (Int) -> CaseID) -> [Int] {
        var groupOf: [CaseID: Int] = [:]
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
        var groups = Array(cases.indices)
        cases.withUnsafeBufferPointer { c in
            groups.sort { ByteOrder.precedes(c[$0].rawValue, c[$1].rawValue) }
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        next.withUnsafeBufferPointer { next in
            for g in groups {
                var p = first[g]
                while p >= 0 {
                    order.append(p)
                    p = next[p]
                }
            }
        }
        return order
    }
}
