import ArrearsEngine
import Foundation

// Benchmarks of arrearsd. Build in release mode and run:
//   swift run -c release arrearsd-bench [check]
// Each figure is printed on one line. Timings are measured, never asserted.

let arguments = Array(CommandLine.arguments.dropFirst())
let selected = Set(arguments.isEmpty ? ["check"] : arguments)

if selected.contains("check") {
    CheckBenchmark.run(rules: 5_000)
}
