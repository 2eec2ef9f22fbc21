import ArrearsEngine

/// An event refused while admitting, with why and where it arrived (its place among all the
/// events given, counting from 1).
public struct EventConflictReport: Sendable {
    public let arrival: UInt64
    public let event: Event
    public let problem: String
}

/// Events grouped by case and admitted as the daemon would (SPEC §3: a reused id with other
/// content or a second invoice is a conflict, an exact resend a duplicate), given a file at
/// a time in arrival order so that no list of all events is held beside the histories. The
/// histories keep the events without their raw text, which the replay does not read.
///
/// For one partition of the cases (``CasePartitioning``) it keeps the histories of that
/// partition's cases, and of the cases that share an event id with another case (found
/// before, ``SharedEventIDs``): which case owns an id is then decided as in one pass over
/// all cases, and only the partition's own cases are replayed and report conflicts.
public struct CaseHistories {
    var byCase: [CaseID: CaseHistory] = [:]
    /// Cases of other partitions, admitted only for the ids they own.
    private(set) var foreign: Set<CaseID> = []
    private var owner: [EventID: CaseID] = [:]
    /// Events refused, with why.
    public private(set) var conflicts: [EventConflictReport] = []
    /// Events taken in (duplicates and conflicts left out).
    public private(set) var admitted = 0
    private var arrivals: UInt64 = 0
    private let scope: (partition: Int, of: CasePartitioning, shared: SharedEventIDs)?

    /// Every case.
    public init() { scope = nil }

    /// The cases of `partition` of `partitioning`; `shared` from a pass over the same events.
    public init(partition: Int, of partitioning: CasePartitioning, shared: SharedEventIDs) {
        precondition((0..<partitioning.count).contains(partition), "partition \(partition) of \(partitioning.count)")
        scope = (partition, partitioning, shared)
    }

    /// Admits `events`, which arrive after every event admitted before.
    public mutating func admit(_ events: [Event]) {
        for event in events {
            arrivals += 1
            // Whether the case is replayed here, and whether its id may be another case's.
            var own = true, shared = true
            if let scope {
                let caseHash = CasePartitioning.hash(event.caseID.rawValue)
                own = scope.of.partition(ofHash: caseHash) == scope.partition
                guard own || scope.shared.cases.contains(caseHash) else { continue }
                shared = scope.shared.ids.contains(CasePartitioning.hash(event.id.rawValue))
            }
            if shared, let other = owner[event.id], other != event.caseID {
                if own {
                    conflicts.append(EventConflictReport(arrival: arrivals, event: event, problem:
                        "event id \(JSONText.quote(event.id.rawValue)) is already used by case \(JSONText.quote(other.rawValue))"))
                }
                continue
            }
            var history = byCase.removeValue(forKey: event.caseID) ?? CaseHistory(caseID: event.caseID)
            switch history.admit(event.withoutRaw, arrival: arrivals) {
            case .accepted:
                if shared { owner[event.id] = event.caseID }
                if own { admitted += 1 }
            case .duplicate: break
            case .conflict(let conflict):
                if own { conflicts.append(EventConflictReport(arrival: arrivals, event: event, problem: conflict.description)) }
            }
            byCase[event.caseID] = history
            if !own { foreign.insert(event.caseID) }
        }
    }
}
