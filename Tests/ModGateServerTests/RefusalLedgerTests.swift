import ModGateStorage
import ModGateStore
import Testing

@testable import ModGateServer

/// The refusal ledger on its own, with the clock in the test's hands.
@Suite struct RefusalLedgerTests {
    private func ledger(stored: Int = 2, window: Double = 60, maxTracked: Int = 100) -> RefusalLedger {
        var allowance = RefusalAllowance()
        allowance.stored = stored
        allowance.window = window
        allowance.maxTracked = maxTracked
        return RefusalLedger(allowance)
    }

    @Test func eachWindowStoresTheAllowanceAndCountsTheRestIntoOneRecord() {
        let ledger = ledger()
        let first = (0..<5).map { second in ledger.admitsStoring("bob", rule: "sanction.banned", at: 1000 + Double(second)) }
        #expect(first == [true, true, false, false, false])
        #expect(ledger.takeRecords(at: 1059).isEmpty)  // the window is still open
        // The next window stores again, and closing the first one yields its count.
        #expect(ledger.admitsStoring("bob", rule: "ratelimit.user", at: 1060))
        let records = ledger.takeRecords(at: 1061)
        #expect(records.count == 1)
        #expect(records.first?.action == "refusals.counted")
        #expect(records.first?.subject == "user:bob")
        #expect(records.first?.time == 1060)
        #expect(records.first?.rules == ["sanction.banned"])
        #expect(records.first?.details == ["counted": "3", "stored": "2"])
        #expect(ledger.takeRecords(at: 1062).isEmpty)
    }

    @Test func aWindowWithNothingCountedLeavesNoRecordAndShutdownTakesOpenWindows() {
        let ledger = ledger()
        #expect(ledger.admitsStoring("ann", rule: "sanction.muted", at: 0))
        #expect(ledger.takeRecords(at: 120).isEmpty)
        for second in 0..<4 { _ = ledger.admitsStoring("cid", rule: "sanction.muted", at: 200 + Double(second)) }
        let open = ledger.takeRecords(at: 210, all: true)
        #expect(open.map(\.time) == [210])
        #expect(open.first?.details["counted"] == "2")
    }

    @Test func pastTheTrackedSendersRefusalsAreOnlyCounted() {
        let ledger = ledger(maxTracked: 2)
        #expect(ledger.admitsStoring("a", rule: "sanction.banned", at: 0))
        #expect(ledger.admitsStoring("b", rule: "sanction.banned", at: 0))
        #expect(!ledger.admitsStoring("c", rule: "sanction.banned", at: 1))
        // Once a tracked window has ended, its place is free again.
        #expect(ledger.admitsStoring("c", rule: "sanction.banned", at: 61))
    }
}
