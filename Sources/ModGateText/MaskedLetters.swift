/// Characters that hide a letter inside a word: "f*ck", "f***ing", "f#ck", "f_ck", "n-gger".
///
/// The normaliser keeps them as they are, so patterns that name "-" or "_" still match; word lists at `full`
/// and above accept any of them in place of a letter that is neither the first nor the last of a word.
enum MaskedLetters {
    /// Every character that may stand for one letter.
    static let characters = "*#_-"
    /// The mask that never joins two words, so leetspeak is undone across it: "sh*7" reads "sh*t"
    /// (while "covid-19" and "user_1" stay as they are).
    static let star: UInt8 = 0x2A
}
