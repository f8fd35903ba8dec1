#include "cre2.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <vector>

struct cre2_regex {
    re2::RE2 regex;
    cre2_regex(const re2::StringPiece &pattern, const re2::RE2::Options &options) : regex(pattern, options) {}
};

struct cre2_set {
    re2::RE2::Set set;
    // Scans still to fail as a DFA out of memory would (cre2_set_fail_scans).
    mutable std::atomic<int> failures{0};
    explicit cre2_set(const re2::RE2::Options &options) : set(options, re2::RE2::UNANCHORED) {}
};

static re2::RE2::Options make_options(cre2_options options) {
    re2::RE2::Options result;
    result.set_encoding(re2::RE2::Options::EncodingUTF8);
    result.set_log_errors(false);
    result.set_case_sensitive(!options.case_insensitive);
    if (options.max_mem > 0) result.set_max_mem(options.max_mem);
    return result;
}

static char *copy_string(const std::string &text) {
    char *copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (copy == nullptr) return nullptr;
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = 0;
    return copy;
}

extern "C" {

cre2_regex *cre2_regex_new(const char *pattern, size_t length, cre2_options options, char **error) {
    auto *regex = new cre2_regex(re2::StringPiece(pattern, length), make_options(options));
    if (!regex->regex.ok()) {
        if (error != nullptr) *error = copy_string(regex->regex.error());
        delete regex;
        return nullptr;
    }
    return regex;
}

void cre2_regex_free(cre2_regex *regex) { delete regex; }

int cre2_regex_groups(const cre2_regex *regex) { return regex->regex.NumberOfCapturingGroups(); }

int cre2_regex_find(const cre2_regex *regex, const char *text, size_t length, size_t start, cre2_span *spans, int count) {
    if (start > length || count < 1) return 0;
    re2::StringPiece input(text, length);
    re2::StringPiece pieces[16];
    int wanted = count > 16 ? 16 : count;
    if (!regex->regex.Match(input, start, length, re2::RE2::UNANCHORED, pieces, wanted)) return 0;
    for (int i = 0; i < wanted; i++) {
        if (pieces[i].data() == nullptr) {
            spans[i] = {-1, -1};
        } else {
            int64_t begin = pieces[i].data() - text;
            spans[i] = {begin, begin + static_cast<int64_t>(pieces[i].size())};
        }
    }
    return 1;
}

cre2_set *cre2_set_new(cre2_options options) { return new cre2_set(make_options(options)); }

void cre2_set_free(cre2_set *set) { delete set; }

int cre2_set_add(cre2_set *set, const char *pattern, size_t length, char **error) {
    std::string message;
    int index = set->set.Add(re2::StringPiece(pattern, length), &message);
    if (index < 0 && error != nullptr) *error = copy_string(message);
    return index;
}

int cre2_set_compile(cre2_set *set) { return set->set.Compile() ? 1 : 0; }

int cre2_set_match(const cre2_set *set, const char *text, size_t length, int *indices, int capacity) {
    if (set->failures.load(std::memory_order_relaxed) > 0 && set->failures.fetch_sub(1) > 0) return -1;
    re2::StringPiece input(text, length);
    // Most texts match nothing: the yes/no scan stops early and allocates nothing. A scan that fails
    // (the DFA ran out of memory) also answers false: ErrorInfo tells the two apart.
    re2::RE2::Set::ErrorInfo info;
    if (!set->set.Match(input, nullptr, &info)) return info.kind == re2::RE2::Set::kNoError ? 0 : -1;
    // One buffer per thread for the indices.
    thread_local std::vector<int> matches;
    matches.clear();
    if (!set->set.Match(input, &matches, &info)) return info.kind == re2::RE2::Set::kNoError ? 0 : -1;
    int count = static_cast<int>(matches.size());
    for (int i = 0; i < count && i < capacity; i++) indices[i] = matches[i];
    return count;
}

void cre2_set_fail_scans(cre2_set *set, int count) { set->failures.store(count); }

void cre2_free_string(char *string) { std::free(string); }

}
