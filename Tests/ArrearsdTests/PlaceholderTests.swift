import Testing
@testable import ArrearsRuntime

@Suite struct NotifierTests {
    @Test func notifyOutsideSystemdReturnsFalse() {
        #expect(SystemdNotifier().notify("STATUS=test") == false)
    }
}
