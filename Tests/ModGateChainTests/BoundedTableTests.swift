import ModGateChain
import ModGateCore
import Testing

@testable import ModGateChain

private struct Entry: Expiring {
    var expiresAt: Double
}

@Test func expiredEntriesGoFirst() {
    var table = BoundedTable<Int, Entry>(capacity: 10)
    for key in 0..<10 { table.set(key, Entry(expiresAt: key < 3 ? 5 : 100 + Double(key)), now: 0) }
    table.set(10, Entry(expiresAt: 200), now: 10)
    // Three expired entries freed enough room: nothing live was dropped.
    #expect(table.count == 8)
    #expect((0..<3).allSatisfy { table[$0] == nil })
    #expect((3...10).allSatisfy { table[$0] != nil })
}

@Test func entriesNearestToExpiryGoWhenNoneHasExpired() {
    var table = BoundedTable<Int, Entry>(capacity: 10)
    for key in 0..<10 { table.set(key, Entry(expiresAt: 100 - Double(key)), now: 0) }
    table.set(10, Entry(expiresAt: 500), now: 0)
    #expect(table.count == 10)
    #expect(table[9] == nil)
    #expect((0..<9).allSatisfy { table[$0] != nil } && table[10] != nil)
}

@Test func updatingAKeyInAFullTableEvictsNothing() {
    var table = BoundedTable<Int, Entry>(capacity: 4)
    for key in 0..<4 { table.set(key, Entry(expiresAt: 1), now: 0) }
    table.set(2, Entry(expiresAt: 50), now: 10)
    #expect(table.count == 4 && table[2]?.expiresAt == 50)
}

@Test(arguments: [1, 7, 100, 1000])
func theTableNeverExceedsItsCapacity(capacity: Int) {
    var table = BoundedTable<Int, Entry>(capacity: capacity)
    var generator = SystemRandomNumberGenerator()
    var largest = 0
    for step in 0..<20_000 {
        let now = Double(step) / 10
        let key = Int.random(in: 0..<(capacity * 5), using: &generator)
        table.set(key, Entry(expiresAt: now + Double.random(in: 0..<200, using: &generator)), now: now)
        largest = max(largest, table.count)
    }
    #expect(largest == capacity)
}

/// A million distinct keys arriving 10,000 a second, each live for a quarter of a second to one second.
@Test func aMillionDistinctKeysStayWithinCapacity() {
    var table = BoundedTable<String, Entry>(capacity: 10_000)
    var largest = 0
    for index in 0..<1_000_000 {
        let now = Double(index) / 10_000
        table.set("user-\(index)", Entry(expiresAt: now + Double(1 + index % 4) / 4), now: now)
        largest = max(largest, table.count)
    }
    #expect(largest == 10_000)
}

/// 200,000 distinct users in distinct rooms on distinct connections, 8,000 a second, a tenth of them
/// sending twice: every scope and the offenders table fill up, yet each keeps at most `maxTracked` keys.
@Test func aRateLimitStageStaysBoundedUnderManyDistinctUsers() {
    var settings = RateLimitSettings()
    settings.user = GCRA(count: 1, period: 1, burst: 1)
    settings.userRoom = GCRA(count: 5, period: 1, burst: 5)
    settings.maxTracked = 10_000
    let stage = RateLimitStage(settings)
    var largest = 0
    var overflows = 0
    for index in 0..<200_000 {
        let sent = message(user: "user-\(index)", room: "room-\(index)", connection: "c-\(index)", at: Double(index) / 8000)
        if !stage.findings(sent).isEmpty { overflows += 1 }
        if index % 10 == 0, !stage.findings(sent).isEmpty { overflows += 1 }
        largest = max(largest, stage.trackedKeys)
    }
    #expect(overflows == 20_000)
    #expect(largest > 3 * 10_000)
    #expect(largest <= 5 * 10_000)
}

@Test func aPositionReadsAndReplacesItsEntry() {
    var table = BoundedTable<String, Entry>(capacity: 4)
    #expect(table.position(of: "a") == nil)
    table.set("a", at: nil, Entry(expiresAt: 10), now: 0)
    let position = table.position(of: "a")
    #expect(position.map { table[$0].expiresAt } == 10)
    table.set("a", at: position, Entry(expiresAt: 20), now: 0)
    #expect(table["a"]?.expiresAt == 20)
    #expect(table.count == 1)
}
