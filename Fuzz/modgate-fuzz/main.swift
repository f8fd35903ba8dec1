import CLibFuzzer
import Foundation
import ModGateFuzz

// `modgate-fuzz HARNESS [libFuzzer flags and corpus folders]`: libFuzzer's driver over one harness.
// Our own `main` (SwiftPM names it for an executable target) hands the rest of the command line to libFuzzer.

let arguments = CommandLine.arguments
guard arguments.count >= 2, let chosen = FuzzHarness.named(arguments[1]) else {
    let names = FuzzHarness.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: modgate-fuzz HARNESS [libFuzzer flags] [corpus folders]; harnesses: \(names)\n".utf8))
    exit(2)
}
/// The harness the callback runs; a C callback cannot capture it.
let harness = chosen

var argc = CommandLine.argc - 1
var argv = CommandLine.unsafeArgv
argv[1] = argv[0]
var libFuzzerArguments = Optional(argv + 1)
exit(
    LLVMFuzzerRunDriver(&argc, &libFuzzerArguments) { data, size in
        harness.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    })
