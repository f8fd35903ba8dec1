/// The client frames and limits live in their own small target (so the fuzzer builds them without NIO);
/// the gateway's users keep seeing them through `import ModGateServer`.
@_exported import ModGateProtocol
