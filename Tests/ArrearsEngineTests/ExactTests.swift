import Testing
@testable import ArrearsEngine

@Suite struct ExactTests {
    @Test func parsesAndFormatsExactly() throws {
        #expect(Exact("12.50")!.formatted(decimals: 2) == "12.50")
        #expect(Exact("0.1")! == Exact("0.10")!)
        #expect(Exact("12.") == nil)
        #expect(Exact("1.2.3") == nil)
        #expect(Exact("-3.25")!.formatted(decimals: 2) == "-3.25")
    }

    @Test func centsDoNotDriftLikeBinaryFloatingPoint() throws {
        var sum = Exact.zero
        for _ in 0..<10 { sum = try sum.adding(Exact("0.10")!) }
        #expect(sum == Exact(1))
        #expect(try Exact("0.1")!.adding(Exact("0.2")!) == Exact("0.3")!)
    }

    @Test func divisionRoundsHalfEvenToTwelveDecimals() throws {
        #expect(try Exact(1).divided(by: Exact(3)).description == "0.333333333333")
        #expect(try Exact(2).divided(by: Exact(3)).description == "0.666666666667")
        #expect(throws: ArithmeticError.divisionByZero) { try Exact(1).divided(by: .zero) }
    }

    @Test func moneyRoundingIsHalfEven() {
        #expect(Exact("0.125")!.rounded(to: 2).formatted(decimals: 2) == "0.12")
        #expect(Exact("0.135")!.rounded(to: 2).formatted(decimals: 2) == "0.14")
        #expect(Exact("-0.125")!.rounded(to: 2).formatted(decimals: 2) == "-0.12")
    }

    @Test func priorityRoundingIsHalfUp() {
        #expect(Exact("42.5")!.roundedHalfUpToInteger() == 43)
        #expect(Exact("42.49")!.roundedHalfUpToInteger() == 42)
        #expect(Exact("-2.5")!.roundedHalfUpToInteger() == -3)
    }
}
