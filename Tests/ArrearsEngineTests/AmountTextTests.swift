import Testing
@testable import ArrearsEngine

@Suite struct AmountTextTests {
    /// Every text of up to five characters over digits, `.`, `-` and `e`, and long digit runs:
    /// the one-pass reader takes exactly the texts the character-class check accepts, with the
    /// same mantissa and scale.
    @Test func theOnePassReaderTakesWhatTheCheckAccepts() {
        let alphabet = Array("0123456789.-e")
        var texts = [""]
        var level = [""]
        for _ in 1...5 {
            level = level.flatMap { prefix in alphabet.map { prefix + String($0) } }
            texts += level
        }
        texts += (10...40).map { String(repeating: "9", count: $0) } + ["999999999999.99", "1000000000000", "123456789012.5"]
        var accepted = 0
        for text in texts {
            var bytes = text
            let plain = bytes.withUTF8(AmountText.plain)
            switch AmountText.checked(text, shown: text) {
            case .value(let amount):
                accepted += 1
                #expect(plain?.mantissa == amount.mantissa && plain?.scale == amount.scale, "\(text)")
            case .problem:
                #expect(plain == nil, "\(text)")
            }
        }
        #expect(accepted > 10_000)
    }
}
