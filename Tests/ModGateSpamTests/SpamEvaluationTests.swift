import Testing

@testable import ModGateSpam

@Test func metricsFromAKnownConfusionMatrix() {
    let evaluation = SpamEvaluation(tp: 8, fp: 2, fn: 4, tn: 86)
    #expect(evaluation.precision == 0.8)
    #expect(abs(evaluation.recall - 8.0 / 12) < 1e-12)
    #expect(abs(evaluation.f1 - 16.0 / 22) < 1e-12)
    #expect(SpamEvaluation().precision == 0 && SpamEvaluation().f1 == 0)
    #expect(evaluation + SpamEvaluation(tp: 1, tn: 1) == SpamEvaluation(tp: 9, fp: 2, fn: 4, tn: 87))
}

@Test func addingCallsFillsTheRightCells() {
    var evaluation = SpamEvaluation()
    evaluation.add(predicted: true, actual: true)
    evaluation.add(predicted: true, actual: false)
    evaluation.add(predicted: false, actual: true)
    evaluation.add(predicted: false, actual: false)
    evaluation.add(predicted: false, actual: false)
    #expect(evaluation == SpamEvaluation(tp: 1, fp: 1, fn: 1, tn: 2))
}

@Test func foldsAreDeterministicDisjointAndComplete() {
    let folds = SpamEvaluation.folds(count: 23, k: 5, seed: 7)
    #expect(folds == SpamEvaluation.folds(count: 23, k: 5, seed: 7))
    #expect(folds != SpamEvaluation.folds(count: 23, k: 5, seed: 8))
    #expect(folds.map(\.count).sorted() == [4, 4, 5, 5, 5])
    #expect(folds.flatMap { $0 }.sorted() == Array(0..<23))
}

@Test func crossValidationTestsEveryExampleOnce() {
    let evaluation = SpamEvaluation(crossValidating: smallSet, folds: 5) { examples, _ in SpamModel(training: examples) }
    #expect(evaluation.tp + evaluation.fp + evaluation.fn + evaluation.tn == smallSet.count)
}

@Test func heldOutEvaluationCountsEveryExample() {
    let evaluation = SpamEvaluation(model: SpamModel(training: smallSet), examples: smallSet)
    #expect(evaluation == SpamEvaluation(tp: 4, tn: 6))
}

@Test func crossValidationTestsEveryChatLineOnce() {
    var chatFolds: [Int] = []
    let evaluation = SpamEvaluation(crossValidating: smallSet, chat: smallChat, folds: 3) { examples, chat in
        chatFolds.append(chat.count)
        return SpamModel(training: examples, chat: chat)
    }
    #expect(evaluation.chatLines == smallChat.count && chatFolds.sorted() == [5, 5, 6])
    #expect(SpamEvaluation.runs(count: 8, k: 3) == [0..<2, 2..<5, 5..<8])
    let heldOut = SpamEvaluation(model: SpamModel(training: smallSet), examples: [], chat: [chatLine, "see you at lunch"])
    #expect(heldOut.chatCalledSpam == 1 && heldOut.chatRate == 0.5)
}
