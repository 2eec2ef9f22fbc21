import Dispatch

/// `map` spread over threads, for work that is pure computation per element (evaluating
/// cases, parsing files). Worker `w` takes elements `w`, `w + workers`, … and first makes its
/// own context with `makeContext(w)`: state a thread must not share, such as a
/// ``CaseEvaluator``. Results come back in the order of `items`.
public enum ParallelMap {
    public static func map<T: Sendable, C, R>(
        _ items: [T], workers: Int, context makeContext: @Sendable (Int) -> C, _ transform: @Sendable (inout C, T) -> R
    ) -> [R] {
        let workers = max(1, min(workers, items.count))
        if workers == 1 {
            var context = makeContext(0)
            return items.map { transform(&context, $0) }
        }
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = Slots(buffer: slots)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var context = makeContext(w)
            for k in stride(from: w, to: items.count, by: workers) { box.buffer[k] = transform(&context, items[k]) }
        }
        return slots.map { $0! }
    }

    /// ``map(_:workers:context:_:)`` without a per-thread context.
    public static func map<T: Sendable, R>(_ items: [T], workers: Int, _ transform: @Sendable (T) -> R) -> [R] {
        map(items, workers: workers, context: { _ in () }) { _, item in transform(item) }
    }
}

/// The result slots; each is written by exactly one worker, and read after all have finished.
private struct Slots<R>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<R?>
}
