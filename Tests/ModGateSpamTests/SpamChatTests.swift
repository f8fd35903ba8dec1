import Foundation
import Testing

@testable import ModGateSpam

/// Ordinary chat about prizes, points and prices: the words spam uses, in lines that are not spam.
let smallChat = [
    "I won 300 points in the game last night",
    "the grand prize is an iPad, you just need 400,000 points",
    "tickets are $20 each, or free if you are a student",
    "call me when you win, haha",
    "CS 235 and MATH 313 are my classes this term",
    "we won the game 3 to 1!",
    "text me the score when the game ends",
    "free pizza in the lobby at 3pm",
]

/// A chat line that reads as spam to a model that knows SMS ham only.
let chatLine = "I won a free prize, 2000 points in the game! call me"

@Test func chatAsASecondHamStopsChatReadingAsSpam() {
    let labelled = SpamModel(training: smallSet)
    let withChat = SpamModel(training: smallSet, chat: smallChat)
    #expect(labelled.isSpam(chatLine))
    #expect(!withChat.isSpam(chatLine))
    #expect(withChat.chatMessages == smallChat.count && withChat.hamMessages == labelled.hamMessages)
    for spam in smallSet where spam.isSpam {
        #expect(withChat.isSpam(spam.text), "\(spam.text)")
    }
}

@Test func theLowerComparisonDecides() {
    let withChat = SpamModel(training: smallSet, chat: smallChat)
    let labelled = SpamModel(training: smallSet)
    for text in smallSet.map(\.text) + smallChat + [chatLine, "nothing seen before", ""] {
        #expect(withChat.spamLogOdds(text) <= labelled.spamLogOdds(text), "\(text)")
    }
}

@Test func chatCountsSurviveSavingAndLearning() throws {
    var model = SpamModel(training: smallSet, chat: smallChat)
    model.learn("cheap watches for sale, visit now", isSpam: true)
    let loaded = try JSONDecoder().decode(SpamModel.self, from: JSONEncoder().encode(model))
    for text in smallSet.map(\.text) + smallChat + [chatLine, "cheap watches"] {
        #expect(loaded.spamLogOdds(text) == model.spamLogOdds(text))
    }
    #expect(loaded.chatMessages == smallChat.count && loaded.spamMessages == 5)
}

/// An older reader skips the chat keys; what it reads is the model trained without chat.
@Test func withoutItsChatKeysAFileIsTheLabelledModel() throws {
    let file = try JSONEncoder().encode(SpamModel(training: smallSet, chat: smallChat))
    var object = try #require(JSONSerialization.jsonObject(with: file) as? [String: Any])
    #expect(object.removeValue(forKey: "chat") != nil && object.removeValue(forKey: "chatMessages") != nil)
    let stripped = try JSONDecoder().decode(SpamModel.self, from: JSONSerialization.data(withJSONObject: object))
    let labelled = SpamModel(training: smallSet)
    for text in smallSet.map(\.text) + smallChat + [chatLine] {
        #expect(abs(stripped.spamLogOdds(text) - labelled.spamLogOdds(text)) < 1e-9, "\(text)")
    }
}

@Test(arguments: [
    #""chatMessages":3,"buckets":[7],"spam":[1],"ham":[0],"chat":[1,2]"#,
    #""chatMessages":3,"buckets":[7],"spam":[1],"ham":[0]"#,
    #""buckets":[7],"spam":[1],"ham":[0],"chat":[2]"#,
    #""chatMessages":-3,"buckets":[7],"spam":[1],"ham":[0],"chat":[2]"#,
])
func badChatCountsAreRejected(fields: String) {
    let json = #"{"tableBits":18,"smoothing":0.2,"threshold":1,"spamMessages":1,"hamMessages":0,\#(fields)}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SpamModel.self, from: Data(json.utf8)) }
}
