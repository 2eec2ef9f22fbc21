import ArrearsEngine
import Foundation

// Benchmarks of arrearsd. Build in release mode and run from the repository root:
//   swift run -c release arrearsd-bench [check] [evaluate] [--cases N]
// Each figure is printed on one line. Timings are measured, never asserted.

var arguments = Array(CommandLine.arguments.dropFirst())
var cases = 1_000_000
if let i = arguments.firstIndex(of: "--cases"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    cases = n
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
