import ArrearsEngine

/// Splits cases into `count` partitions by a hash of the case id's bytes (FNV-1a, 64 bits),
/// the same in every run, so that `simulate` can replay a large stream a partition at a time,
/// holding only that partition's cases in memory.
public struct CasePartitioning: Sendable {
    public let count: Int

    public init(count: Int) {
        precondition(count >= 1, "at least one partition")
        self.count = count
    }

    public func partition(of caseID: CaseID) -> Int { partition(ofHash: Self.hash(caseID.rawValue)) }

    func partition(ofHash hash: UInt64) -> Int { Int(hash % UInt64(count)) }

    /// FNV-1a over the UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}

/// The event ids that more than one case uses, and those cases, by hash (a collision only
/// adds ids and cases, never hides one), found in a pass over the events before replaying
/// them by partition (``CaseHistories/init(partition:of:shared:)``). Holds two hashes per
/// distinct id until ``seal()``.
public struct SharedEventIDs: Sendable {
    private var firstCase: [UInt64: UInt64] = [:]
    /// Ids seen with two or more cases.
    public private(set) var ids: Set<UInt64> = []
    /// Cases seen with one of those ids.
    public private(set) var cases: Set<UInt64> = []

    public init() {}

    public mutating func note(_ events: [Event]) {
        for event in events {
            let id = CasePartitioning.hash(event.id.rawValue), caseHash = CasePartitioning.hash(event.caseID.rawValue)
            guard let first = firstCase[id] else {
                firstCase[id] = caseHash
                continue
            }
            // Every case using the id after its first case differs from that case.
            if first != caseHash {
                ids.insert(id)
                cases.insert(first)
                cases.insert(caseHash)
            }
        }
    }

    /// Frees what only finding the shared ids needs.
    public mutating func seal() { firstCase = [:] }
}
