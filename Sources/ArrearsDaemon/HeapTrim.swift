import Glibc

/// Gives the heap's free pages back to the kernel (glibc's `malloc_trim`) after a large
/// batch or re-evaluation, and keeps large blocks out of the heap (``fixMmapThreshold()``).
/// glibc keeps freed memory for reuse, spread over one arena per thread, so without this the
/// resident size after a big import stays near its peak.
enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    /// Resolved at run time: `malloc_trim` is glibc's, not in the Glibc module's headers.
    private static let trim: Trim? = dlopen(nil, RTLD_NOW).flatMap { dlsym($0, "malloc_trim") }
        .map { unsafeBitCast($0, to: Trim.self) }

    /// Below this many events a batch leaves little to give back, and trimming (a few ms
    /// per 100 MB of heap) would only add to the latency of small batches.
    static let afterEvents = 20_000

    static func release() { _ = trim?(0) }

    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    private static let mallopt: Option? = dlopen(nil, RTLD_NOW).flatMap { dlsym($0, "mallopt") }
        .map { unsafeBitCast($0, to: Option.self) }
    /// glibc's `M_MMAP_THRESHOLD`.
    private static let mmapThresholdOption: Int32 = -3
    /// Allocations from this size up get pages of their own (`mmap`), given back when freed.
    static let mmapThreshold: Int32 = 1 << 20

    /// Fixes the size from which allocations are mapped on their own. glibc raises it after
    /// each such block is freed (up to 32 MB), after which a batch's large arrays (its events,
    /// a queue layout: tens of MB) come from the arenas and leave room there that the next
    /// batch cannot always reuse: the peak of one 1M-case import varied from 401 to 450 MB
    /// between runs (371–373 MB in three runs with this, the trim after admitting, and the
    /// batch's flat grouping). Once per process, before the first batch.
    static func fixMmapThreshold() { _ = mallopt?(mmapThresholdOption, mmapThreshold) }
}
