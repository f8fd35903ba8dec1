import CToxicityModel
import Foundation

/// The model file: plain text, one line per word, so that a diff of two models reads as a diff of words.
///
///     # provenance comments
///     modgate-toxicity<TAB>1
///     bias<TAB>b0 ... b5
///     threshold<TAB>t
///     word<TAB>idf<TAB>w0 ... w5      (one line per word: toxicity, insult, threat, sexual, identity_attack, profanity)
extension ToxicityModel {
    static let formatLine: StaticString = "modgate-toxicity\t1"
    /// Bounds on what a file may hold, so that a broken file cannot make scoring overflow.
    public static let maxWords = 1_000_000
    public static let weightRange: ClosedRange<Float> = -1000...1000
    static let idfRange: ClosedRange<Float> = 0...1000

    /// The model saved at `path`.
    public static func load(path: String) throws(ToxicityModelError) -> ToxicityModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToxicityModelError("cannot read the toxicity model '\(path)': no such file or not readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// The model file a rules directory may hold.
    public static let fileName = "toxicity-model.tsv"

    /// The model at `path`; without one, `toxicity-model.tsv` in `rulesDirectory` when there is one, else the
    /// built-in default.
    public static func resolve(path: String?, rulesDirectory: String) throws(ToxicityModelError) -> ToxicityModel {
        if let path { return try load(path: path) }
        let beside = rulesDirectory.hasSuffix("/") ? rulesDirectory + fileName : rulesDirectory + "/" + fileName
        return FileManager.default.fileExists(atPath: beside) ? try load(path: beside) : try builtIn()
    }

    /// The default model compiled into the binary (rules/toxicity-model.tsv when it was built), read once.
    public static func builtIn() throws(ToxicityModelError) -> ToxicityModel { try builtInModel.get() }

    private static let builtInModel: Result<ToxicityModel, ToxicityModelError> = {
        let bytes = UnsafeBufferPointer(start: modgate_default_toxicity_model(), count: modgate_default_toxicity_model_size())
        var parser = ToxicityModelParser(file: "the built-in toxicity model")
        return parser.parse(bytes)
    }()

    /// Reads a model file's text: comments, the format line, `bias`, `threshold`, then the words; errors name
    /// `file` and the line.
    public static func parse(_ text: String, file: String) throws(ToxicityModelError) -> ToxicityModel {
        var text = text
        var parser = ToxicityModelParser(file: file)
        return try text.withUTF8 { parser.parse($0) }.get()
    }

    /// The model as its file holds it.
    public var fileText: String {
        var text = provenance.map { "# \($0)\n" }.joined()
        text += "\(Self.formatLine.description)\nbias\t\(Self.format(bias))\nthreshold\t\(Self.format(threshold))\n"
        for index in words.indices {
            text += "\(words[index])\t\(Self.format(idf[index]))\t\(Self.format(weights[index]))\n"
        }
        return text
    }

    private static func format(_ values: SIMD8<Float>) -> String {
        (0..<outputs).map { format(values[$0]) }.joined(separator: " ")
    }

    /// Four significant digits: the file stays small and the rounding is far below what training can tell apart.
    private static func format(_ value: Float) -> String {
        value == 0 ? "0" : String(format: "%.4g", Double(value))
    }
}

/// A toxicity model file that cannot be used, with the file and line.
public struct ToxicityModelError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}
