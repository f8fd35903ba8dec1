import Foundation
import Testing

@testable import ModGateSpam

/// A small labelled set, written here so the tests do not depend on the SMS fixture.
let smallSet: [SpamExample] = [
    ("spam", "WIN a FREE prize! Call 09061701461 now to claim £1000 cash"),
    ("spam", "Congratulations you have won a free holiday, txt WIN to 80086"),
    ("spam", "URGENT! Your mobile has won £2000. Call 09066362231 to claim"),
    ("spam", "Free entry in a weekly competition, text FREE to 87121 www.win.com"),
    ("ham", "are we still on for lunch tomorrow?"),
    ("ham", "I'll call you when I get home, love you"),
    ("ham", "can you pick up some milk on the way back"),
    ("ham", "the meeting moved to 3pm, see you there"),
    ("ham", "haha that was so funny, talk later"),
    ("ham", "did you finish the homework for monday?"),
].map { SpamExample(text: $1, isSpam: $0 == "spam") }

@Test func trainedModelSeparatesSpamFromHam() {
    let model = SpamModel(training: smallSet)
    #expect(model.spamMessages == 4 && model.hamMessages == 6)
    #expect(model.spamProbability("You have WON a free prize, call 09061701461 to claim") > 0.9)
    #expect(model.spamProbability("see you at lunch tomorrow") < 0.1)
    #expect(SpamModel().spamProbability("anything") < 0.5)
}

@Test func learningOneExampleMovesTheProbability() {
    var model = SpamModel(training: smallSet)
    let text = "cheap watches for sale, visit now"
    let before = model.spamProbability(text)
    model.learn(text, isSpam: true)
    #expect(model.spamProbability(text) > before)
    #expect(model.spamMessages == 5)
}

@Test func saveAndLoadGiveIdenticalScores() throws {
    var model = SpamModel(training: smallSet)
    model.learn("ｆｒｅｅ ringtones ￡5", isSpam: true)
    let data = try JSONEncoder().encode(model)
    let loaded = try JSONDecoder().decode(SpamModel.self, from: data)
    for text in smallSet.map(\.text) + ["ｆｒｅｅ ringtones", "nothing seen before", ""] {
        #expect(loaded.spamLogOdds(text) == model.spamLogOdds(text))
    }
    #expect(loaded.spamMessages == model.spamMessages && loaded.hamMessages == model.hamMessages)
}

@Test func loadingRejectsAForeignTable() {
    let json = #"{"tableBits":12,"smoothing":0.2,"threshold":1,"spamMessages":0,"hamMessages":0,"buckets":[],"spam":[],"ham":[]}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SpamModel.self, from: Data(json.utf8)) }
}

/// A bucket listed twice would count into the totals twice.
@Test func loadingRejectsABucketListedTwice() {
    let json = #"{"tableBits":18,"smoothing":0.2,"threshold":1,"spamMessages":1,"hamMessages":1,"buckets":[5,5],"spam":[1,1],"ham":[0,0]}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SpamModel.self, from: Data(json.utf8)) }
}

/// Counts and settings from a model file are bounded where they are read: a count near Int.max used to trap
/// on the first thing the model learnt.
@Test(arguments: [
    (#""spamMessages":9223372036854775807,"hamMessages":0"#, "'spamMessages' must be a whole number from 0 to 1000000000000"),
    (#""spamMessages":0,"hamMessages":1e300"#, "'hamMessages' must be a whole number from 0 to 1000000000000"),
    (#""spamMessages":1.5,"hamMessages":0"#, "'spamMessages' must be a whole number, not 1.5"),
    (#""spamMessages":-1,"hamMessages":0"#, "'spamMessages' must be a whole number from 0"),
])
func modelFileCountsAreBounded(counts: String, message: String) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spam-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: folder) }
    try #"{"tableBits":18,"smoothing":0.2,"threshold":1,\#(counts),"buckets":[],"spam":[],"ham":[]}"#
        .write(to: folder, atomically: true, encoding: .utf8)
    let error = #expect(throws: SpamModelFileError.self) { try SpamModel.load(path: folder.path) }
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
}

@Test(arguments: [#""smoothing":0,"threshold":1"#, #""smoothing":0.2,"threshold":1e308"#, #""smoothing":-1,"threshold":1"#])
func modelFileSettingsAreBounded(settings: String) {
    let json = #"{"tableBits":18,\#(settings),"spamMessages":0,"hamMessages":0,"buckets":[],"spam":[],"ham":[]}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SpamModel.self, from: Data(json.utf8)) }
}

@Test func theLargestCountsStillLearn() throws {
    let json = #"{"tableBits":18,"smoothing":0.2,"threshold":1,"spamMessages":1000000000000,"hamMessages":1000000000000,"buckets":[],"spam":[],"ham":[]}"#
    var model = try JSONDecoder().decode(SpamModel.self, from: Data(json.utf8))
    model.learn("free money now", isSpam: true)
    #expect(model.spamMessages == 1_000_000_000_001)
}
