/// Batches handed from one task to the next with at most `inFlight` waiting, so that the stages of `check`
/// (reading, working ahead, judging, writing) run side by side, each a few batches behind the one before, in bounded memory.
struct BatchPipe<Element: Sendable>: Sendable {
    /// What the consumer reads; it calls `taken()` after each batch to let the producer send another.
    let batches: AsyncStream<[Element]>
    private let toConsumer: AsyncStream<[Element]>.Continuation
    private let freed: AsyncStream<Void>
    private let toProducer: AsyncStream<Void>.Continuation

    init(inFlight: Int) {
        (batches, toConsumer) = AsyncStream.makeStream(of: [Element].self)
        (freed, toProducer) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<inFlight { toProducer.yield() }
    }

    /// Sends every batch through `transform` into `next`, element by element, as a stage between two others.
    /// Each batch's halves are transformed side by side, so the stage takes whatever cores the others leave.
    func relay<Output: Sendable>(into next: BatchPipe<Output>, _ transform: @escaping @Sendable (Element) -> Output) async {
        var sender = next.sender()
        for await batch in batches {
            async let firstHalf = batch[..<(batch.count / 2)].map(transform)
            let secondHalf = batch[(batch.count / 2)...].map(transform)
            let out = await firstHalf + secondHalf
            taken()
            await sender.send(out)
        }
        sender.finish()
    }

    /// Frees one slot, once a batch has been handled.
    func taken() { toProducer.yield() }

    /// The producer's end; one producer per pipe.
    func sender() -> Sender { Sender(pipe: self, slots: freed.makeAsyncIterator()) }

    struct Sender {
        let pipe: BatchPipe
        var slots: AsyncStream<Void>.Iterator

        /// Sends `batch` once a slot is free.
        mutating func send(_ batch: [Element]) async {
            await slots.next()
            pipe.toConsumer.yield(batch)
        }

        /// Tells the consumer nothing more comes.
        func finish() { pipe.toConsumer.finish() }
    }
}
