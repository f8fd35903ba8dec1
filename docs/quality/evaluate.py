#!/usr/bin/env python3
"""ModGate's moderation quality on held-out data, beside alt-profanity-check on the same split (docs/quality.md).

usage: evaluate.py MODGATE DATA_DIR SPLIT_DIR [--baseline PYTHON] [--json]

MODGATE is the modgate binary, run from the repository's root so that the default rules and models apply;
SPLIT_DIR is what prepare.py wrote. With --baseline, PYTHON is an interpreter that has alt-profanity-check.
"""
import argparse, json, os, subprocess, sys

CATEGORIES = ['flirtation', 'identity_attack', 'insult', 'profanity', 'severe_toxicity', 'sexually_explicit', 'threat']


def verdicts(modgate, path):
    """One (noticed, flagged, rules) per line of a plain-text file, as `modgate check` judges it."""
    out = subprocess.run([modgate, 'check', path], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        verdict = json.loads(line)
        rules = [finding['rule'] for finding in verdict['findings']]
        rows.append((bool(rules), verdict['verdict'] != 'allow', rules))
    return rows


def share(count, total):
    return count / total if total else 0.0


def baseline_scores(python, texts_path):
    code = ('import sys, json; from profanity_check import predict_prob; '
            'texts = [l.rstrip("\\n") for l in open(sys.argv[1], encoding="utf-8")]; '
            'print(json.dumps([float(p) for p in predict_prob(texts)]))')
    out = subprocess.run([python, '-c', code, texts_path], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('modgate')
    parser.add_argument('data')
    parser.add_argument('split')
    parser.add_argument('--baseline')
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    split = lambda name: os.path.join(args.split, name)

    categories = [line.split('\t', 1)[0] for line in open(split('toxic_eval.tsv'), encoding='utf-8')]
    toxic = verdicts(args.modgate, split('toxic_eval.txt'))
    chat = verdicts(args.modgate, split('chat_eval.txt'))
    result = {
        'toxic': {'messages': len(toxic), 'noticed': share(sum(n for n, _, _ in toxic), len(toxic)),
                  'flagged': share(sum(f for _, f, _ in toxic), len(toxic))},
        'clean_chat': {'messages': len(chat), 'noticed': share(sum(n for n, _, _ in chat), len(chat)),
                       'flagged': share(sum(f for _, f, _ in chat), len(chat))},
        'by_category': {},
    }
    for category in CATEGORIES:
        rows = [row for row, c in zip(toxic, categories) if c == category]
        result['by_category'][category] = {
            'messages': len(rows), 'noticed': share(sum(n for n, _, _ in rows), len(rows)),
            'flagged': share(sum(f for _, f, _ in rows), len(rows))}

    spam = subprocess.run([args.modgate, 'spam', 'eval', '--data', split('sms_eval.tsv'), '--model', 'rules/spam-model.json',
                           '--json'], check=True, capture_output=True, text=True).stdout
    result['spam_sms'] = json.loads(spam)
    result['spam_on_clean_chat'] = share(sum('spam.bayes' in rules for _, _, rules in chat), len(chat))

    dictionary = os.path.join('fixtures', 'wordlists', 'english_dictionary_benign.txt')
    reviewed = set(open(os.path.join('fixtures', 'wordlists', 'dictionary_profanity.txt'), encoding='utf-8').read().split())
    words = [line.rstrip('\n') for line in open(dictionary, encoding='utf-8')]
    flagged_words = [w for w, (_, f, _) in zip(words, verdicts(args.modgate, dictionary)) if f and w.lower() not in reviewed]
    result['dictionary'] = {'words': len(words), 'flagged_beyond_reviewed': flagged_words}

    if args.baseline:
        toxic_p = baseline_scores(args.baseline, split('toxic_eval.txt'))
        chat_p = sorted(baseline_scores(args.baseline, split('chat_eval.txt')), reverse=True)
        at = lambda threshold: {'threshold': threshold, 'toxic_noticed': share(sum(p >= threshold for p in toxic_p), len(toxic_p)),
                                'clean_chat_flagged': share(sum(p >= threshold for p in chat_p), len(chat_p))}
        # Its own threshold, and the thresholds at which it flags as much clean chat as ModGate flags and notices.
        matched = lambda rate: chat_p[max(0, int(rate * len(chat_p)) - 1)] if rate > 0 else 1.0
        result['alt_profanity_check'] = {
            'default': at(0.5),
            'at_modgate_flag_rate': at(matched(result['clean_chat']['flagged'])),
            'at_modgate_notice_rate': at(matched(result['clean_chat']['noticed'])),
            'by_category_default': {
                c: share(sum(p >= 0.5 for p, cc in zip(toxic_p, categories) if cc == c), categories.count(c)) for c in CATEGORIES},
        }

    if args.json:
        print(json.dumps(result, indent=1))
        return
    pct = lambda x: f'{100 * x:.2f}%'
    print(f"toxic openings held out: {result['toxic']['messages']}  noticed {pct(result['toxic']['noticed'])}  flagged {pct(result['toxic']['flagged'])}")
    for category, row in result['by_category'].items():
        print(f"  {category:18} {row['messages']:4}  noticed {pct(row['noticed'])}  flagged {pct(row['flagged'])}")
    print(f"clean chat held out: {result['clean_chat']['messages']}  noticed {pct(result['clean_chat']['noticed'])}  flagged {pct(result['clean_chat']['flagged'])}")
    s = result['spam_sms']
    print(f"spam (SMS held out): precision {s['precision']:.4f}  recall {s['recall']:.4f}  f1 {s['f1']:.4f}; spam.bayes on clean chat {pct(result['spam_on_clean_chat'])}")
    print(f"dictionary words flagged beyond the reviewed list: {len(flagged_words)} of {len(words)} {flagged_words[:20]}")
    if args.baseline:
        b = result['alt_profanity_check']
        for name in ('default', 'at_modgate_flag_rate', 'at_modgate_notice_rate'):
            r = b[name]
            print(f"alt-profanity-check {name} (threshold {r['threshold']:.3f}): toxic noticed {pct(r['toxic_noticed'])}, clean chat flagged {pct(r['clean_chat_flagged'])}")


if __name__ == '__main__':
    sys.exit(main())
