import Glibc

/// Gives the heap's free pages back to the kernel (glibc's `malloc_trim`) after a large
/// batch or re-evaluation. glibc keeps freed memory for reuse, spread over one arena per
/// thread, so without this the resident size after a big import stays near its peak.
enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    /// Resolved at run time: `malloc_trim` is glibc's, not in the Glibc module's headers.
    private static let trim: Trim? = dlopen(nil, RTLD_NOW).flatMap { dlsym($0, "malloc_trim") }
        .map { unsafeBitCast($0, to: Trim.self) }

    /// Below this many events a batch leaves little to give back, and trimming (a few ms
    /// per 100 MB of heap) would only add to the latency of small batches.
    static let afterEvents = 20_000

    static func release() { _ = trim?(0) }
}
