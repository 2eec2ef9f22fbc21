import ArrearsEngine
import Testing

/// The highest item number per action as the reconciler reads it (SPEC §4.5 rule 8).
@Suite struct ItemNumbersTests {
    @Test func anActionNamedTwiceCountsItsHighestNumber() {
        let numbers = ItemNumbers(entries: [("call", 2), ("sms", 1), ("call", 5), ("call", 3)])
        #expect(numbers["call"] == 5)
        #expect(numbers["sms"] == 1)
        #expect(numbers["visit"] == nil)
        #expect(numbers == ["call": 5, "sms": 1])
        #expect(numbers.dictionary == ["call": 5, "sms": 1])
    }

    @Test func settingReplacesEveryEntryOfTheAction() {
        var numbers = ItemNumbers(entries: [("call", 7), ("call", 2)])
        numbers["call"] = 3
        #expect(numbers["call"] == 3)
        numbers["sms"] = 1
        numbers["call"] = nil
        #expect(numbers == ["sms": 1])
        #expect(numbers != ["sms": 2])
    }
}
