import Dispatch

/// `map` spread over threads: each worker takes every `workers`-th element.
enum ParallelMap {
    static func map<T, R>(_ items: [T], workers: Int, _ transform: @Sendable (T) -> R) -> [R] {
        let workers = max(1, min(workers, items.count))
        if workers == 1 { return items.map(transform) }
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = UncheckedBox(slots)
        let input = UncheckedBox(items)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < input.value.count {
                box.value[k] = transform(input.value[k])
                k += workers
            }
        }
        return slots.map { $0! }
    }
}

/// A value handed to worker threads that each touch only their own part of it.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
