import ArrearsEngine
import Foundation

// Benchmarks of arrearsd. Build in release mode and run from the repository root:
//   swift run -c release arrearsd-bench [check] [evaluate] [store] [store-normal] [load DIR] [parse DIR] [--cases N] [--events N]
// `store` admits 1M synthetic events (`--events N`) over N/10 cases into a temporary
// state.sqlite with synchronous=FULL; `store-normal` does the same with NORMAL. `load DIR`
// reads and decodes every case of DIR/state.sqlite as a re-evaluation after a reload does.
// `parse DIR` reads, hashes and parses the event files of DIR (a `generate`d stream) as a batch does.
// Each figure is printed on one line. Timings are measured, never asserted.

var arguments = Array(CommandLine.arguments.dropFirst())
var cases = 1_000_000
if let i = arguments.firstIndex(of: "--cases"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    cases = n
    arguments.removeSubrange(i...(i + 1))
}
var storeEvents = 1_000_000
if let i = arguments.firstIndex(of: "--events"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    storeEvents = n
    arguments.removeSubrange(i...(i + 1))
}
let selected = Set(arguments.isEmpty ? ["check", "evaluate"] : arguments)

if selected.contains("check") {
    CheckBenchmark.run(rules: 5_000)
}
if selected.contains("evaluate") {
    EvaluateBenchmark.run(rulesDirectory: "rules", cases: cases)
}
for phase in ["rules", "decide", "fold"] where selected.contains("evaluate-\(phase)") {
    EvaluateBenchmark.run(rulesDirectory: "rules", cases: cases, phases: [phase])
}
if selected.contains("store") {
    StoreBenchmark.run(events: storeEvents, cases: storeEvents / 10, durability: .full)
}
if let i = arguments.firstIndex(of: "load"), i + 1 < arguments.count {
    LoadBenchmark.run(dataDirectory: arguments[i + 1])
}
if let i = arguments.firstIndex(of: "parse"), i + 1 < arguments.count {
    ParseBenchmark.run(directory: arguments[i + 1])
}
if selected.contains("store-normal") {
    StoreBenchmark.run(events: storeEvents, cases: storeEvents / 10, durability: .normal)
}
