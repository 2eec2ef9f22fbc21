import Foundation

/// Wall-clock measurement: best of `repeats` runs, in seconds.
func measure(repeats: Int = 5, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func report(_ name: String, _ value: String, _ detail: String = "") {
    print("\(name): \(value)" + (detail.isEmpty ? "" : "  (\(detail))"))
}
