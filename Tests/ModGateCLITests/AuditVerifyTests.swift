import Foundation
import GRDB
import ModGateStorage
import ModGateStore
import ModGateTestSupport
import Testing

@testable import modgate

/// A database with `count` audit entries, written by the store itself.
func auditDatabase(_ scratch: Scratch, count: Int) async throws -> String {
    let path = scratch.path("modgate.db")
    let store = try Store(path: path)
    for index in 1...count {
        try await store.appendAudit(
            AuditRecord(time: 1_795_744_355.9 + Double(index), actor: "alice", action: "review.approve", subject: "message:\(index)",
                        reason: "ok", rules: ["scams.crypto_giveaway"], details: ["note": "n\(index)"]))
    }
    return path
}

/// Raw SQL on the file, past the append-only triggers (as an attacker with the file would).
func tamper(_ path: String, _ sql: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entries_append_only_update")
        try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entries_append_only_delete")
        try db.execute(sql: sql)
    }
}

@Test func auditVerifyPassesThenNamesTheAlteredEntry() async throws {
    let scratch = try Scratch()
    let path = try await auditDatabase(scratch, count: 20)
    let intact = try modgate(["audit", "verify", "--db", path], environment: cleanEnvironment)
    #expect(intact.status == 0)
    #expect(intact.stdout == "audit log intact: 20 entries\n")
    try tamper(path, "UPDATE audit_entries SET reason = 'looks fine to me' WHERE id = 17")
    let altered = try modgate(["audit", "verify", "--db", path], environment: cleanEnvironment)
    #expect(altered.status == 1)
    #expect(altered.stdout == "entry 17 was altered (its hash does not match its contents, or the key is not this log's key)\n")
}

@Test func auditVerifyNamesADeletion() async throws {
    let scratch = try Scratch()
    let path = try await auditDatabase(scratch, count: 20)
    try tamper(path, "DELETE FROM audit_entries WHERE id = 16")
    let result = try modgate(["audit", "verify", "--db", path], environment: cleanEnvironment)
    #expect(result.status == 1)
    #expect(result.stdout == "entry 17 does not follow entry 15 (an entry was inserted or deleted)\n")
}

@Test func auditVerifyWithoutADatabaseExitsTwo() throws {
    let scratch = try Scratch()
    let result = try modgate(["audit", "verify", "--db", scratch.path("missing.db")], environment: cleanEnvironment)
    #expect(result.status == 2)
    #expect(result.stderr == "error: no database at '\(scratch.path("missing.db"))': pass --db FILE (the file `modgate serve --db` writes)\n")
}

@Test func auditVerificationSentences() {
    #expect(AuditVerify.describe(.intact(entries: 1)) == "audit log intact: 1 entry")
    #expect(AuditVerify.describe(.broken(entryID: 17, problem: .altered)) == "entry 17 was altered (its hash does not match its contents, or the key is not this log's key)")
    #expect(AuditVerify.describe(.broken(entryID: 17, problem: .unlinked(previous: 16))) == "entry 17 does not follow entry 16 (an entry was inserted or deleted)")
    #expect(AuditVerify.describe(.broken(entryID: 1, problem: .unlinked(previous: nil))) == "entry 1 does not start the chain (an entry was inserted or deleted before it)")
    #expect(AuditVerify.describe(.broken(entryID: 9, problem: .gap(previous: 5))) == "entry 9 follows entry 5 (the entries between them were deleted)")
}

@Test func auditHeadAnchorsTheTailThatVerifyThenMisses() async throws {
    let scratch = try Scratch()
    let path = try await auditDatabase(scratch, count: 20)
    let head = try modgate(["audit", "head", "--db", path], environment: cleanEnvironment)
    #expect(head.status == 0)
    let anchor = head.stdout.trimmingCharacters(in: .newlines)
    #expect(anchor.wholeMatch(of: /20:[0-9a-f]{64}/) != nil)
    #expect(try modgate(["audit", "verify", "--db", path, "--anchor", anchor], environment: cleanEnvironment).status == 0)
    try tamper(path, "DELETE FROM audit_entries WHERE id > 18")
    let cut = try modgate(["audit", "verify", "--db", path, "--anchor", anchor], environment: cleanEnvironment)
    #expect(cut.status == 1)
    #expect(cut.stdout == "the anchored entry 20 is gone: the log ends at entry 18 (its newest entries were deleted)\n")
    let bad = try modgate(["audit", "verify", "--db", path, "--anchor", "20"], environment: cleanEnvironment)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--anchor takes the ID:HASH line 'modgate audit head' printed, not '20'"))
}

@Test func auditVerifyWithoutTheKeyFileSaysWhichFileToPass() async throws {
    let scratch = try Scratch()
    let path = try await auditDatabase(scratch, count: 3)
    let moved = scratch.path("elsewhere.key")
    try FileManager.default.moveItem(atPath: path + ".audit-key", toPath: moved)
    let missing = try modgate(["audit", "verify", "--db", path], environment: cleanEnvironment)
    #expect(missing.status == 2)
    #expect(missing.stdout == "entry 1 is keyed and there is no audit key at '\(path).audit-key': pass --audit-key FILE\n")
    let given = try modgate(["audit", "verify", "--db", path, "--audit-key", moved], environment: cleanEnvironment)
    #expect(given.stdout == "audit log intact: 3 entries\n")
}
