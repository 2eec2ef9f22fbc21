import ArrearsEngine
import ArrearsStore
import ArrearsSynthetic  // SplitMix64
import Foundation

/// Admitting events into a real `state.sqlite` in a temporary directory: `events` synthetic
/// events spread over `cases` cases, one transaction per `batch` (as the daemon commits one
/// inbox batch per transaction). The events are made first; only the `write` calls are timed.
enum StoreBenchmark {
    static func run(events total: Int, cases: Int, batch: Int = 10_000, durability: Durability) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arrearsd-bench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent(StateStore.fileName).path
            let store = try StateStore(path: path, durability: durability)
            var generator = SyntheticEvents(cases: cases)
            let batches = stride(from: 0, to: total, by: batch).map { start in
                (start..<min(start + batch, total)).map { _ in generator.next() }
            }
            var accepted = 0
            let cpuBefore = cpuSeconds()
            let admitSeconds = measure(repeats: 1) {
                for events in batches {
                    accepted += ((try? store.write { w in try w.admit(events) }) ?? []).count { if case .accepted = $0 { true } else { false } }
                }
            }
            let admitCPU = cpuSeconds() - cpuBefore
            let firstBatch = batches[0]
            let mode = durability == .full ? "synchronous=FULL" : "synchronous=NORMAL"
            report("store.admit", String(format: "%.0f events/s", Double(total) / admitSeconds),
                   "\(mode): \(accepted) of \(total) events accepted over \(cases) cases, batches of \(batch), \(String(format: "%.2f", admitSeconds)) s, CPU \(String(format: "%.2f", admitCPU)) s")

            // The same batch again: every event is a duplicate (its stored text is parsed again).
            var duplicates = 0
            let dupSeconds = measure(repeats: 1) {
                duplicates = (try? store.write { w in try w.admit(firstBatch) })?.count { $0 == .duplicate } ?? 0
            }
            report("store.admit_duplicates", String(format: "%.0f events/s", Double(firstBatch.count) / dupSeconds),
                   "\(duplicates) of \(firstBatch.count) recognised as duplicates")

            // Reading back whole case histories (what evaluation after a batch needs).
            let sample = min(cases, 10_000)
            var read = 0
            let readSeconds = measure(repeats: 1) {
                _ = try? store.read { r in
                    for c in 0..<sample { read += try r.events(of: SyntheticEvents.caseID(c)).count }
                }
            }
            report("store.read_history", String(format: "%.0f cases/s", Double(sample) / readSeconds),
                   "\(read) events of \(sample) cases, parsed again")
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            report("store.file_size", String(format: "%.0f MB", Double(bytes) / 1e6), "plus the WAL")
        } catch {
            print("store benchmark failed: \(error)")
        }
    }
}

/// User plus system CPU time of this process.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// A stream of distinct, valid events over `cases` cases in random order: invoices,
/// payments, contacts and signals, ids like real producers' (`C123-7`), canonical raw JSON.
struct SyntheticEvents {
    let cases: Int
    private var rng = SplitMix64(state: 2026)
    private var counts: [Int]
    private var clock = Instant.parseRFC3339("2026-08-01T08:00:00+02:00")!.microseconds

    init(cases: Int) {
        self.cases = cases
        counts = Array(repeating: 0, count: cases)
    }

    static func caseID(_ index: Int) -> CaseID { CaseID(rawValue: "C\(index)") }

    mutating func next() -> Event {
        let c = rng.below(cases)
        counts[c] += 1
        let n = counts[c]
        clock += Int64(rng.below(2_000_000))
        let body: EventBody
        switch rng.below(100) {
        case 0..<25:
            body = .invoice(invoice: InvoiceID(rawValue: "I\(n)"), amount: Exact(cents: Int64(2_000 + rng.below(28_000))),
                            due: LocalDate(year: 2026, month: 9, day: 1 + rng.below(28))!)
        case 25..<60:
            body = .payment(amount: Exact(cents: Int64(500 + rng.below(20_000))), invoice: rng.chance(50) ? InvoiceID(rawValue: "I\(n - 1)") : nil)
        case 60..<92:
            body = .contact(channel: [.phone, .sms, .letter, .email][rng.below(4)], direction: rng.chance(15) ? .inbound : .outbound,
                            outcome: [.reached, .noAnswer, .voicemail, .delivered][rng.below(4)])
        default:
            body = .signal(name: ["debt_help", "dispute", "low_literacy"][rng.below(3)], until: nil, cleared: false)
        }
        return Event(id: EventID(rawValue: "C\(c)-\(n)"), caseID: Self.caseID(c), at: Instant(microseconds: clock),
                     offsetSeconds: 7200, body: body)
    }
}
