import Foundation

/// Reads a file or standard input line by line, in chunks, without loading it whole.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    /// Opens `path`, or standard input for "-".
    init(path: String) throws {
        if path == "-" {
            handle = .standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            handle = file
        }
    }

    /// The next line without its newline (and without a trailing carriage return), or nil at the end.
    mutating func next() -> String? { withNextLine { String(decoding: $0, as: UTF8.self) } }

    /// `body` over the next line's bytes (as `next` cuts them), without copying them; nil at the end.
    mutating func withNextLine<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let line = nextRange() else { return nil }
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[line])) }
    }

    /// Where the next line lies in `buffer`, reading more of the file as needed.
    private mutating func nextRange() -> Range<Int>? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                var end = newline
                if end > position, buffer[end - 1] == 0x0D { end -= 1 }
                defer { position = newline + 1 }
                return position..<end
            }
            if finished {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return position..<buffer.count
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
