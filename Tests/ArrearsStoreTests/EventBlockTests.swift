@testable import ArrearsStore
import Testing

@Suite struct EventBlockTests {
    @Test func textsComeBackInOrderWithTheirBytes() {
        var block = EventBlock()
        let texts = [#"{"id":"a"}"#, "", "über €\n{\"x\":1}\r", String(repeating: "x", count: 70_000)]
        for t in texts { block.append(t) }
        #expect(block.count == 4)
        #expect(block.bytes.count == texts.reduce(0) { $0 + 4 + $1.utf8.count })
        block.bytes.withUnsafeBytes { bytes in
            #expect(EventBlock.texts(bytes) == texts)
            #expect(EventBlock.count(bytes) == 4)
        }
    }

    @Test func aCutBlockIsNotABlock() {
        var block = EventBlock()
        block.append("abc")
        block.append("defg")
        // Cut inside the second text, and inside its length.
        for cut in [block.bytes.count - 1, 9] {
            Array(block.bytes.prefix(cut)).withUnsafeBytes { bytes in
                #expect(EventBlock.texts(bytes) == nil)
                #expect(EventBlock.count(bytes) == nil)
            }
        }
        [UInt8]().withUnsafeBytes { #expect(EventBlock.texts($0) == []) }
    }
}
