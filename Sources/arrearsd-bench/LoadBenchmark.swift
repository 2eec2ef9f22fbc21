import ArrearsEngine
import ArrearsStore
import Foundation

/// Reading every case of an existing `state.sqlite` the way a re-evaluation after a reload
/// does (case ids in chunks of 2,500, each chunk in range scans), then decoding what was read
/// (logs and open items, with and without the list cache) on this thread: the store's side of
/// a reload, without the rules.
enum LoadBenchmark {
    static func run(dataDirectory: String) {
        let path = (dataDirectory as NSString).appendingPathComponent(StateStore.fileName)
        do {
            let store = try StateStore.openReadOnly(path: path)
            var cases = 0, items = 0, logBytes = 0
            var decodeSeconds = 0.0, uncachedSeconds = 0.0
            let lists = ItemListCache()
            let cpuBefore = cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            try store.read { r in
                    var last: CaseID?
                    while true {
                        let ids = try r.caseIDs(after: last, limit: 2_500)
                        guard let final = ids.last else { break }
                        last = final
                        let stored = try r.storedCases(ids)
                        var started = Date()
                        for (id, s) in zip(ids, stored) {
                            logBytes += s.log.count
                            _ = try s.decodedLog(of: id)
                            items += try s.decodedOpenItems(lists: lists).count
                        }
                        decodeSeconds += Date().timeIntervalSince(started)
                        started = Date()
                        for (id, s) in zip(ids, stored) {
                            _ = try s.decodedLog(of: id)
                            _ = try s.decodedOpenItems()
                        }
                        uncachedSeconds += Date().timeIntervalSince(started)
                        cases += ids.count
                    }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 - uncachedSeconds
            let cpu = cpuSeconds() - cpuBefore
            report("store.load", String(format: "%.0f cases/s", Double(cases) / (seconds - decodeSeconds)),
                   String(format: "%d cases, %d open items, %.0f MB of logs read in %.2f s (CPU of the whole run, both decodings included, %.2f s)",
                          cases, items, Double(logBytes) / 1e6, seconds - decodeSeconds, cpu))
            report("store.decode", String(format: "%.0f cases/s", Double(cases) / decodeSeconds),
                   String(format: "logs and open items decoded in %.2f s, the lists through a cache as the daemon does", decodeSeconds))
            report("store.decode_uncached", String(format: "%.0f cases/s", Double(cases) / uncachedSeconds),
                   String(format: "the same without the list cache in %.2f s", uncachedSeconds))
        } catch {
            print("load benchmark failed: \(error)")
        }
    }
}
