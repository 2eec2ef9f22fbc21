import Glibc

/// Gives the heap's free pages back to the kernel (glibc's `malloc_trim`) after a large
/// batch or re-evaluation, and sets how the heap keeps and maps its blocks (``configure()``).
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
    /// glibc's `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD`.
    private static let mmapThresholdOption: Int32 = -3
    private static let trimThresholdOption: Int32 = -1
    /// Allocations from this size up get pages of their own (`mmap`), given back when freed.
    static let mmapThreshold: Int32 = 4 << 20
    /// Free memory at the top of the heap up to this size stays there for the next
    /// allocations instead of going back to the kernel at once (``release()`` gives it back
    /// after a large batch or re-evaluation).
    static let trimThreshold: Int32 = 256 << 20

    /// Fixes the size from which allocations are mapped on their own, and how much free
    /// memory the heap keeps, once per process, before the first batch.
    ///
    /// glibc raises the mmap threshold after each mapped block is freed (up to 32 MB), after
    /// which a batch's large arrays (its events, a queue layout: tens of MB) came from the
    /// heap and left room there that the next batch could not always reuse: the peak of one
    /// 1M-case import varied from 401 to 450 MB between runs, and was 418 MB with the
    /// threshold fixed at 32 MB, against 342–350 MB at 1 or 4 MB. Below the threshold, blocks
    /// are reused from the heap instead of mapped and touched afresh each time: a page touched
    /// for the first time costs about 10 µs on a virtual machine that hands free memory back
    /// to its host, and at 1 MB the item rows read per chunk of a re-evaluation alone were
    /// 450 MB of fresh pages (139–170k page faults per re-evaluation of 948k cases, 53k at
    /// 4 MB).
    static func configure() {
        _ = mallopt?(mmapThresholdOption, mmapThreshold)
        _ = mallopt?(trimThresholdOption, trimThreshold)
    }
}
