// A small C API over RE2 so that Swift can use it without C++ interop.
#ifndef MODGATE_CRE2_H
#define MODGATE_CRE2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Options shared by single patterns and sets.
typedef struct {
    int case_insensitive;
    int64_t max_mem;  // 0 keeps RE2's default
} cre2_options;

/// A match or submatch as byte offsets into the searched text; begin < 0 when a group did not take part.
typedef struct {
    int64_t begin;
    int64_t end;
} cre2_span;

typedef struct cre2_regex cre2_regex;
typedef struct cre2_set cre2_set;

/// Compiles `pattern`; on failure returns NULL and stores RE2's error text in `*error` (free with cre2_free_string).
cre2_regex *cre2_regex_new(const char *pattern, size_t length, cre2_options options, char **error);
void cre2_regex_free(cre2_regex *regex);
/// The number of capturing groups.
int cre2_regex_groups(const cre2_regex *regex);
/// Finds the first match at or after `start`; fills `spans[0..<count]` (the whole match, then groups). Returns 1 on a match.
int cre2_regex_find(const cre2_regex *regex, const char *text, size_t length, size_t start, cre2_span *spans, int count);

/// An RE2::Set of unanchored patterns that reports every pattern that matches.
cre2_set *cre2_set_new(cre2_options options);
void cre2_set_free(cre2_set *set);
/// Adds a pattern; returns its index, or -1 with RE2's error text in `*error`.
int cre2_set_add(cre2_set *set, const char *pattern, size_t length, char **error);
/// Compiles the set; returns 0 when RE2 ran out of memory.
int cre2_set_compile(cre2_set *set);
/// Matches `text`; writes up to `capacity` pattern indices and returns how many patterns matched,
/// or -1 when the scan failed (the DFA ran out of memory): then nothing is known about the text.
int cre2_set_match(const cre2_set *set, const char *text, size_t length, int *indices, int capacity);

/// Makes the next `count` matches of `set` fail as a DFA out of memory does. For tests: RE2 20220601 refuses at
/// Compile any budget a set scan could exhaust, so the failure cannot be provoked through RE2 itself.
void cre2_set_fail_scans(cre2_set *set, int count);

void cre2_free_string(char *string);

#ifdef __cplusplus
}
#endif

#endif
