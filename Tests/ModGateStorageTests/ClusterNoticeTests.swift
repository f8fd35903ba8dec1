import ModGateStorage
import Testing

@Test(arguments: [
    ClusterNotice.committed(room: "lobby:1", first: 4, last: 9), .removed(room: "lobby", id: 12), .shadowed(id: 3),
    .rejected(id: 5, reason: "spam, sorry"), .rejected(id: 5, reason: nil), .rejected(id: 6, reason: ""),
    .sanctioned(user: "alice", banned: true), .sanctioned(user: "bob", banned: false), .rulesReloaded, .spamModelChanged,
    .tokenKeysChanged,
    .call(CallNotice(.invite, callID: "c1", to: nil, user: "alice", callee: "bob", room: "lobby", text: #"{"op":"call"}"#)),
    .call(CallNotice(.end, callID: "c1", to: "node-b", user: "mod", text: "banned")),
    .revoked(.user("alice", at: 1_700_000_000.25)), .revoked(.token(id: "AAECAwQFBgcICQoLDA0ODw", at: 1_700_000_000)),
    .revoked(.user("zoë o\"brien", at: 0.1 + 0.2)),
])
func noticesSurviveTheirText(_ notice: ClusterNotice) {
    let message = ClusterMessage(node: "node-a", notice: notice)
    #expect(ClusterMessage(text: message.text) == message)
}

@Test func aCommittedNoticeFinishedInSQLIsTheSameText() {
    let text = ClusterMessage.committedPrefix(node: "n", room: "lobby") + "4" + ClusterMessage.numberSeparator + "9"
    #expect(text == ClusterMessage(node: "n", notice: .committed(room: "lobby", first: 4, last: 9)).text)
}

@Test func aReasonIsBoundedAndCannotForgeFields() {
    let reason = String(repeating: "é", count: 5000) + "\u{1F}c"
    let text = ClusterMessage(node: "n", notice: .rejected(id: 1, reason: reason)).text
    #expect(text.utf8.count < 2100)
    guard case .rejected(1, let kept?) = ClusterMessage(text: text)?.notice else {
        Issue.record("not a rejection: \(text.prefix(40))")
        return
    }
    #expect(kept.utf8.count <= 2000 && !kept.contains("\u{1F}"))
}

@Test(arguments: ["", "node", "n\u{1F}c\u{1F}lobby\u{1F}5", "n\u{1F}c\u{1F}lobby\u{1F}9\u{1F}4", "n\u{1F}x", "n\u{1F}s\u{1F}bob\u{1F}2",
    "n\u{1F}t\u{1F}user\u{1F}alice", "n\u{1F}t\u{1F}group\u{1F}alice\u{1F}5", "n\u{1F}t\u{1F}user\u{1F}alice\u{1F}soon",
    "n\u{1F}t\u{1F}token\u{1F}\u{1F}5", "n\u{1F}t\u{1F}user\u{1F}alice\u{1F}inf",
])
func textsOfNoNoticeAreRefused(_ text: String) {
    #expect(ClusterMessage(text: text) == nil)
}
