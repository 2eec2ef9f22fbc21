@testable import ArrearsDaemon
import ArrearsEngine
import Testing

/// Rewriting the queue file from the one before: the kept lines copied, the edits applied,
/// checked against a model that sorts every line again.
@Suite struct QueueFileLayoutTests {
    /// The end of every line of a queue written with the rule set `label`.
    static func tail(_ label: String) -> [UInt8] { QueueFileLayout.tail(label) }

    /// A small deterministic generator (the tests must not depend on the system's random source).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The file a full rewrite makes from `model`: every line in queue order.
    static func file(_ model: [QueuePosition: String], label: String = "t@0") -> (bytes: [UInt8], layout: QueueFileLayout) {
        var layout = QueueFileLayout(label: label)
        var bytes: [UInt8] = []
        for position in model.keys.sorted() {
            let line = Array(model[position]!.utf8) + tail(label)
            bytes += line
            layout.append(position, length: line.count)
        }
        return (bytes, layout)
    }

    /// The file `layout` makes from `old` with `edits` applied.
    static func edited(_ old: [UInt8], _ layout: QueueFileLayout, _ edits: QueueEdits,
                       label: String = "t@0") throws -> (bytes: [UInt8], layout: QueueFileLayout) {
        let (removed, added) = edits.net()
        let tail = Self.tail(label)
        let (next, pieces) = try layout.applying(removed: removed, added: added, label: label, tailLength: tail.count)
        var bytes: [UInt8] = []
        for piece in pieces {
            switch piece {
            case .copy(let offset, let count): bytes += old[offset..<offset + count]
            case .head(let offset, let count): bytes += old[offset..<offset + count] + tail
            case .added(let k): bytes += Array(added[k].head.utf8) + tail
            }
        }
        return (bytes, next)
    }

    static func item(_ position: QueuePosition) -> WorkItem {
        WorkItem(id: WorkItemID(caseID: position.caseID, action: position.action, number: 1), kind: .pressure, channel: nil,
                 priority: position.priority, due: position.due, contactUntil: nil, rules: [], reasons: [], tags: [], notes: [],
                 facts: ItemFacts(arrearsAmount: Exact(0), arrearsDays: 0), opened: position.due, updated: position.due)
    }

    @Test func randomEditsGiveTheFileAFullRewriteGives() throws {
        var rng = Generator(state: 42)
        var model: [QueuePosition: String] = [:]
        func randomPosition() -> QueuePosition {
            // Few priorities, dues and actions: many lines share a priority and a due.
            QueuePosition(priority: Int.random(in: 0...3, using: &rng) * 25, due: Instant(microseconds: Int64.random(in: 0...4, using: &rng)),
                       caseID: CaseID(rawValue: "C\(Int.random(in: 0...60, using: &rng))"),
                       action: ["call", "sms", "letter", "verify_contact"][Int.random(in: 0...3, using: &rng)])
        }
        var (bytes, layout) = Self.file(model)
        var edits = 0
        for round in 0..<300 {
            var batch = QueueEdits()
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                var existing: [(key: QueuePosition, value: String)] { model.sorted { $0.key < $1.key } }
                switch Int.random(in: 0...3, using: &rng) {
                case 0 where !model.isEmpty:   // withdrawn or closed
                    let position = existing[Int.random(in: 0..<model.count, using: &rng)].key
                    model[position] = nil
                    batch.remove(position)
                case 1 where !model.isEmpty:   // updated: same or another place
                    let position = existing[Int.random(in: 0..<model.count, using: &rng)].key
                    let moved = Bool.random(using: &rng)
                        ? QueuePosition(priority: Int.random(in: 0...100, using: &rng), due: position.due, caseID: position.caseID, action: position.action)
                        : position
                    guard moved == position || model[moved] == nil else { continue }
                    model[position] = nil
                    batch.remove(position)
                    let head = "{\"updated\":\(round)"
                    batch.add(Self.item(moved), head: head)
                    model[moved] = head
                default:   // opened, and sometimes withdrawn again in the same batch
                    let position = randomPosition()
                    guard model[position] == nil else { continue }
                    let head = "{\"opened\":\(round)"
                    batch.add(Self.item(position), head: head)
                    if Int.random(in: 0...4, using: &rng) == 0 {
                        batch.remove(position)
                    } else {
                        model[position] = head
                    }
                }
            }
            edits += batch.count
            let (next, nextLayout) = try Self.edited(bytes, layout, batch)
            let expected = Self.file(model)
            #expect(next == expected.bytes, "round \(round)")
            #expect(nextLayout.lines.map(\.offset) == expected.layout.lines.map(\.offset), "round \(round)")
            #expect(nextLayout.perAction == expected.layout.perAction, "round \(round)")
            (bytes, layout) = (next, nextLayout)
        }
        #expect(edits > 1000)
        #expect(model.count > 20, "the queue should hold lines through the rounds")
    }

    @Test func aNewRuleSetLabelReplacesTheTailOfEveryKeptLine() throws {
        let a = QueuePosition(priority: 50, due: Instant(microseconds: 1), caseID: "C1", action: "call")
        let b = QueuePosition(priority: 40, due: Instant(microseconds: 1), caseID: "C2", action: "call")
        let c = QueuePosition(priority: 30, due: Instant(microseconds: 2), caseID: "C3", action: "sms")
        let (bytes, layout) = Self.file([a: "{\"a\":1", b: "{\"b\":1", c: "{\"c\":1"], label: "baseline@0000")
        var edits = QueueEdits()
        edits.remove(b)
        edits.add(Self.item(b), head: "{\"b\":2")
        // A longer label than before: each line's length changes, and so does every offset.
        let (next, nextLayout) = try Self.edited(bytes, layout, edits, label: "energy-nl@5f1c2a9e")
        let expected = Self.file([a: "{\"a\":1", b: "{\"b\":2", c: "{\"c\":1"], label: "energy-nl@5f1c2a9e")
        #expect(String(decoding: next, as: UTF8.self) == String(decoding: expected.bytes, as: UTF8.self))
        #expect(nextLayout.lines.map(\.offset) == expected.layout.lines.map(\.offset))
        #expect(nextLayout.label == "energy-nl@5f1c2a9e")
        // And back again with no edits at all.
        let (back, _) = try Self.edited(next, nextLayout, QueueEdits(), label: "baseline@0000")
        #expect(back == Self.file([a: "{\"a\":1", b: "{\"b\":2", c: "{\"c\":1"], label: "baseline@0000").bytes)
    }

    @Test func editsThatDoNotFitTheFileAreRefused() throws {
        let a = QueuePosition(priority: 50, due: Instant(microseconds: 1), caseID: "C1", action: "call")
        let b = QueuePosition(priority: 40, due: Instant(microseconds: 1), caseID: "C2", action: "call")
        let (bytes, layout) = Self.file([a: "{\"a\":1"])
        var missing = QueueEdits()
        missing.remove(b)
        #expect(throws: QueueFileLayout.Mismatch.self) { try Self.edited(bytes, layout, missing) }
        var twice = QueueEdits()
        twice.add(Self.item(a), head: "{\"a\":2")
        #expect(throws: QueueFileLayout.Mismatch.self) { try Self.edited(bytes, layout, twice) }
        var fitting = QueueEdits()
        fitting.remove(a)
        fitting.add(Self.item(b), head: "{\"b\":1")
        #expect(try Self.edited(bytes, layout, fitting).bytes == Array("{\"b\":1".utf8) + Self.tail("t@0"))
    }

    @Test func editsPastTheLimitAreDroppedForARebuild() {
        var edits = QueueEdits()
        let position = QueuePosition(priority: 1, due: Instant(microseconds: 0), caseID: "C1", action: "call")
        for _ in 0..<QueueEdits.limit { edits.remove(position) }
        #expect(!edits.overflowed && edits.count == QueueEdits.limit)
        edits.remove(position)
        #expect(edits.overflowed && edits.count == 0)
        var more = QueueEdits()
        more.append(edits)
        #expect(more.overflowed)
    }

    /// `overflows(with:)` says beforehand what `append` then does.
    @Test func overflowsWithTellsWhetherAppendingOverflows() {
        let position = QueuePosition(priority: 1, due: Instant(microseconds: 0), caseID: "C1", action: "call")
        var half = QueueEdits()
        for _ in 0..<(QueueEdits.limit / 2) { half.remove(position) }
        var one = QueueEdits()
        one.remove(position)
        for (base, other) in [(half, half), (half, one), (QueueEdits(), one)] {
            var merged = base
            let predicted = merged.overflows(with: other)
            merged.append(other)
            #expect(predicted == merged.overflowed)
        }
        var full = half
        full.append(half)
        #expect(!full.overflows(with: QueueEdits()) && full.overflows(with: one))
    }

    @Test func queuePositionIsPriorityThenDueThenCaseThenActionByteWise() {
        func o(_ p: Int, _ due: Int64, _ c: String, _ a: String) -> QueuePosition {
            QueuePosition(priority: p, due: Instant(microseconds: due), caseID: CaseID(rawValue: c), action: a)
        }
        let sorted = [o(90, 5, "Z", "z"), o(50, 1, "Z", "z"), o(50, 2, "A", "z"), o(50, 2, "B", "a"),
                      o(50, 2, "B", "b"), o(50, 2, "a", "a"), o(50, 2, "\u{e9}", "a"), o(0, 0, "A", "a")]
        #expect(sorted.shuffled().sorted() == sorted)
        // Canonically equivalent, different bytes: different places, as in SQLite.
        #expect(o(1, 1, "\u{e9}", "a") != o(1, 1, "e\u{301}", "a"))
    }
}
