import ArrearsEngine
import ArrearsRuntime
import Foundation

/// Reading a directory of event files as a batch does: each file read, hashed and parsed
/// (``InputFile/read(_:maxFileSize:)`` and ``EventFileReader``), on one core and on all of them.
/// Half of what a bulk import costs before the store sees an event.
enum ParseBenchmark {
    static func run(directory: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter(InboxScanner.isEventFileName).sorted()
        guard !names.isEmpty else {
            print("parse benchmark: no event files in \(directory)")
            return
        }
        let paths = names.map { directory + "/" + $0 }
        let reader = EventFileReader()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for workers in Set([1, cores]).sorted() {
            var events = 0, bytes = 0
            let seconds = measure(repeats: 2) {
                let counts = ParallelMap.map(paths, workers: workers) { path -> (Int, Int) in
                    guard case .read(let input) = InputFile.read(path, maxFileSize: 1 << 30) else { return (0, 0) }
                    return (reader.readNumbered(input.bytes, name: input.name).numbered.count, input.bytes.count)
                }
                events = counts.reduce(0) { $0 + $1.0 }
                bytes = counts.reduce(0) { $0 + $1.1 }
            }
            report("parse.\(workers == 1 ? "one_core" : "all_cores")", String(format: "%.0f events/s", Double(events) / seconds),
                   "\(events) events, \(bytes >> 20) MiB in \(paths.count) files, \(workers) thread\(workers == 1 ? "" : "s"), \(String(format: "%.2f", seconds)) s")
        }
    }
}
