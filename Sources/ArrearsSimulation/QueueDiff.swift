import ArrearsEngine

/// How one (case, action) differs between the baseline queue and the candidate's.
public enum ItemChangeKind: String, Sendable, CaseIterable, Hashable {
    /// Open only under the new rule set.
    case added
    /// Open only under the baseline.
    case withdrawn
    /// Open under both, with another priority.
    case reprioritised = "re-prioritised"
    /// Open under both, with another due time.
    case retimed = "re-timed"
}

/// One (case, action) whose item differs; an item can be both re-prioritised and re-timed.
public struct ItemChange: Sendable {
    public let caseID: CaseID
    public let action: String
    public let kinds: [ItemChangeKind]
    /// The item under the baseline (nil when added) and under the new rule set (nil when withdrawn).
    public let old: WorkItem?
    public let new: WorkItem?

    /// The rules behind the change: both items' rules, baseline first, without repeats.
    public var rules: [String] {
        var seen = Set<String>()
        return ((old?.rules ?? []) + (new?.rules ?? [])).filter { seen.insert($0).inserted }
    }
}

/// The difference between two final queues, per (case, action) (`arrearsd simulate`).
public struct QueueDiff: Sendable {
    /// In (case, action) order.
    public let changes: [ItemChange]
    public let baselineOpen: Int
    public let newOpen: Int

    /// Compares the open items of each case under both rule sets.
    public init(baseline: [WorkItem], new: [WorkItem]) {
        struct Key: Hashable { let caseID: CaseID; let action: String }
        var old: [Key: WorkItem] = [:]
        for item in baseline { old[Key(caseID: item.id.caseID, action: item.id.action)] = item }
        var candidate: [Key: WorkItem] = [:]
        for item in new { candidate[Key(caseID: item.id.caseID, action: item.id.action)] = item }
        let keys = Set(old.keys).union(candidate.keys).sorted {
            $0.caseID != $1.caseID ? $0.caseID < $1.caseID : $0.action.utf8.lexicographicallyPrecedes($1.action.utf8)
        }
        var changes: [ItemChange] = []
        for key in keys {
            let a = old[key], b = candidate[key]
            var kinds: [ItemChangeKind] = []
            switch (a, b) {
            case (nil, _?): kinds = [.added]
            case (_?, nil): kinds = [.withdrawn]
            case let (a?, b?):
                if a.priority != b.priority { kinds.append(.reprioritised) }
                if a.due != b.due { kinds.append(.retimed) }
            default: break
            }
            if !kinds.isEmpty { changes.append(ItemChange(caseID: key.caseID, action: key.action, kinds: kinds, old: a, new: b)) }
        }
        self.changes = changes
        baselineOpen = baseline.count
        newOpen = new.count
    }

    /// The diffs of disjoint sets of cases as one.
    public init(merging parts: [QueueDiff]) {
        changes = parts.flatMap(\.changes).sorted {
            $0.caseID != $1.caseID ? $0.caseID < $1.caseID : $0.action.utf8.lexicographicallyPrecedes($1.action.utf8)
        }
        baselineOpen = parts.reduce(0) { $0 + $1.baselineOpen }
        newOpen = parts.reduce(0) { $0 + $1.newOpen }
    }

    /// How many items changed in this way.
    public func count(_ kind: ItemChangeKind) -> Int { changes.filter { $0.kinds.contains(kind) }.count }

    /// Counts per kind for each action, actions in byte-wise order.
    public var byAction: [(action: String, counts: [ItemChangeKind: Int])] {
        tally { [$0.action] }
    }

    /// Counts per kind for each rule behind a change (``ItemChange/rules``), rules in byte-wise order.
    public var byRule: [(rule: String, counts: [ItemChangeKind: Int])] {
        tally { $0.rules }.map { ($0.action, $0.counts) }
    }

    func tally(_ names: (ItemChange) -> [String]) -> [(action: String, counts: [ItemChangeKind: Int])] {
        var counts: [String: [ItemChangeKind: Int]] = [:]
        for change in changes {
            for name in names(change) {
                for kind in change.kinds { counts[name, default: [:]][kind, default: 0] += 1 }
            }
        }
        return counts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, counts[$0]!) }
    }
}
