import ArrearsEngine
import Dispatch
import Synchronization

/// The evaluation of one chunk of cases, begun on background threads (with every evaluator
/// but the first) and joined by the thread that works the store once that has nothing else
/// to do (with the first evaluator). Cases are claimed one at a time from a shared counter,
/// so no thread idles while another still has cases.
final class ChunkEvaluation: @unchecked Sendable {
    /// Below this many cases the background threads cost more than they save.
    static let backgroundFrom = 64

    private let updater: CaseUpdater
    private let jobs: [CaseJob]
    private let now: Instant
    /// Each slot is written by the thread that claimed its case, and read after all finished.
    private let slots: UnsafeMutableBufferPointer<Result<CaseResult, any Error>?>
    private let claimed = Atomic<Int>(0)
    private let background = DispatchGroup()

    init(_ updater: CaseUpdater, _ jobs: [CaseJob], now: Instant) {
        self.updater = updater
        self.jobs = jobs
        self.now = now
        slots = .allocate(capacity: jobs.count)
        slots.initialize(repeating: nil)
        guard jobs.count >= Self.backgroundFrom else { return }
        for w in updater.evaluators.indices.dropFirst() {
            background.enter()
            DispatchQueue.global().async {
                self.work(worker: w)
                self.background.leave()
            }
        }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    private func work(worker: Int) {
        // Each job is lent to the evaluation by its address: passed as `jobs[k]`, even from a
        // buffer pointer, it was copied (retaining and releasing every array it holds).
        jobs.withUnsafeBufferPointer { jobs in
            guard let first = jobs.baseAddress else { return }
            while true {
                let k = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
                if k >= jobs.count { return }
                // Not through `Result { }`: its closure copied the job (retaining all it holds).
                do {
                    slots[k] = .success(try updater.evaluate(first + k, worker: worker, now: now))
                } catch {
                    slots[k] = .failure(error)
                }
            }
        }
    }

    /// Waits for the background threads, without joining (when the chunk is abandoned).
    func wait() {
        background.wait()
    }

    /// Joins the evaluation, waits for the rest of it, and returns the results in the order
    /// of the jobs (or the first error). Each result is moved out of its slot, not copied.
    func result() throws -> [CaseResult] {
        work(worker: 0)
        background.wait()
        var results: [CaseResult] = []
        results.reserveCapacity(slots.count)
        for k in slots.indices {
            // Every slot is filled once the evaluation has ended.
            results.append(try slots[k].take()!.get())
        }
        return results
    }
}
