#!/usr/bin/env python3
"""Splits ../shared/data into training and held-out parts for the toxicity and spam models (docs/quality.md).

Never by message: chat by conversation (SHA-1 of the conversation id: first hex digit 0-3 held out, 25%);
each toxic opening and each SMS is its own source document, so by SHA-1 of its text (toxic: first byte
below 102, 40% held out; SMS: below 77, 30% held out). Also writes the curated words by category that the
toxicity model starts from. Deterministic: the same data gives the same files.

usage: prepare.py DATA_DIR OUT_DIR
"""
import csv, hashlib, json, os, re, sys

# The word lists' categories, as ModGate's toxicity categories.
PROFANITY_CATEGORIES = {
    'sexual anatomy / sexual acts': 'sexual',
    'sexual orientation / gender': 'identity_attack',
    'racial / ethnic slurs': 'identity_attack',
    'religious offense': 'identity_attack',
    'other / general insult': 'insult',
    'mental disability': 'insult',
    'physical disability': 'insult',
    'physical attributes': 'insult',
    'animal references': 'insult',
    'political': 'insult',
    'bodily fluids / excrement': 'profanity',
}
OFCOM_CATEGORIES = {
    'discriminatory': 'identity_attack', 'raceethnic': 'identity_attack', 'sexgender': 'identity_attack',
    'sexual': 'sexual', 'general': 'profanity', 'mentalhealth': 'insult',
}


def sha1(text):
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


def one_line(text):
    return ' '.join(text.split())


def main(data, out):
    os.makedirs(out, exist_ok=True)
    w = lambda name: open(os.path.join(out, name), 'w', encoding='utf-8')

    with w('toxic_train.tsv') as train, w('toxic_eval.tsv') as held, w('toxic_eval.txt') as text_only:
        for line in open(os.path.join(data, 'labeled/toxic_openings_by_category.tsv'), encoding='utf-8'):
            category, text = line.rstrip('\n').split('\t', 1)
            if int(sha1(text)[:2], 16) < 102:
                held.write(f'{category}\t{text}\n')
                text_only.write(one_line(text) + '\n')
            else:
                train.write(f'{category}\t{text}\n')

    held_chat = []
    with w('chat_train.tsv') as train, w('chat_train.txt') as text_only:
        rows = csv.reader(open(os.path.join(data, 'chat/chitchat_messages.tsv'), encoding='utf-8'),
                          delimiter='\t', quoting=csv.QUOTE_NONE)
        next(rows)
        for conversation, ts, sender, text in rows:
            if not text.strip():
                continue
            if sha1(conversation)[0] in '0123':
                held_chat.append((ts, text))
            else:
                train.write(f'clean\t{one_line(text)}\n')
                text_only.write(text + '\n')  # as the spam model was trained on it
    held_chat.sort(key=lambda row: row[0])  # stable: a log replayed in time order
    with w('chat_eval.txt') as text_only, w('chat_eval.tsv') as held:
        for _, text in held_chat:
            text_only.write(one_line(text) + '\n')
            held.write(f'clean\t{one_line(text)}\n')

    with w('sms_train.tsv') as train, w('sms_eval.tsv') as held:
        for line in open(os.path.join(data, 'labeled/sms_spam_dev.tsv'), encoding='utf-8'):
            label, text = line.rstrip('\n').split('\t', 1)
            (held if int(sha1(text)[:2], 16) < 77 else train).write(line)

    words = set()
    for row in csv.DictReader(open(os.path.join(data, 'wordlists/profanity_en_categorised.csv'), encoding='utf-8')):
        for key in ('category_1', 'category_2', 'category_3'):
            if row[key] in PROFANITY_CATEGORIES:
                words.add((PROFANITY_CATEGORIES[row[key]], row['text'].lower()))
    for line in open(os.path.join(data, 'wordlists/ofcom_potentially_offensive.tsv'), encoding='utf-8'):
        category, term, _ = line.rstrip('\n').split('\t')
        words.add((OFCOM_CATEGORIES[category], term.lower()))
    for line in open(os.path.join(data, 'wordlists/slurs_en.txt'), encoding='utf-8'):
        if line.strip():
            words.add(('identity_attack', line.strip().lower()))
    with w('toxicity_words.tsv') as listed:
        for category, word in sorted(words):
            if re.fullmatch(r'[a-z0-9_]{2,}', word):  # one word as the model reads words
                listed.write(f'{category}\t{word}\n')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
