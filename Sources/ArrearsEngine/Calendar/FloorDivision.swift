/// Division rounding towards negative infinity, for day and second arithmetic before 1970.
@inline(__always)
func floorDiv<T: BinaryInteger>(_ a: T, _ b: T) -> T {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// The remainder that goes with `floorDiv`: it has the sign of `b`.
@inline(__always)
func floorMod<T: BinaryInteger>(_ a: T, _ b: T) -> T {
    a - floorDiv(a, b) * b
}
