"""Run the cleaner over a JSONL corpus and report what it removed and what junk is left.

    python bench/clean_report.py CORPUS.jsonl [--rules RULES.yaml] [--field text] [--sample 40]

Prints: removed lines per kind and per rule, the number of articles touched, the most frequent
removed texts, a random sample of removed texts to check by hand, timing, and how many lines of
the cleaned text still look like junk by a set of rough patterns kept independent of the rules
(the junk kinds the corpus README lists), with the most frequent of those lines.

The output quotes the corpus: read it, do not commit it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from newsgraph.clean import clean, load_rules

# Rough "looks like junk" patterns, independent of rules.yaml on purpose: a second opinion.
# Each is searched in one stripped line; lines longer than the cap are ignored (prose).
JUNK_PATTERNS: dict[str, tuple[int, re.Pattern[str]]] = {
    "ad": (
        60,
        re.compile(
            r"^(advertisements?:?|ad|ads|sponsored( content)?)(\s+continue reading.*)?$", re.I
        ),
    ),
    "newsletter": (
        300,
        re.compile(
            r"sign up for|sign up here|newsletter|delivered to your inbox|by signing up"
            r"|subscribe to|subscribe now",
            re.I,
        ),
    ),
    "photo": (
        200,
        re.compile(
            r"^image copyright|\((ap|reuters|afp) photo|^photos?:?$|^slideshow \(\d+ images\)$"
            r"|getty images|toggle caption|media caption|^\(?photo:",
            re.I,
        ),
    ),
    "copyright": (
        300,
        re.compile(r"^(copyright|©)|all rights reserved|reprint permission", re.I),
    ),
    "click_app": (200, re.compile(r"click here|\bapp\b", re.I)),
    "related": (
        200,
        re.compile(r"^(read more|more|more on this|watch|see also|related)\s*(:|\.\.\.|…)", re.I),
    ),
    "furniture": (
        60,
        re.compile(
            r"^(story continued below|share this article.*|close|\d+ (years?|months?|days?) ago"
            r"|_{2,}|\*{2,}|(\* )+\*|• • •|\[pullquote\]|loading\.\.\.)$",
            re.I,
        ),
    ),
    "social": (
        120,
        re.compile(
            r"^(follow|like us|join us)\b.*\b(twitter|facebook|instagram)\b|^follow @", re.I
        ),
    ),
    # kept on purpose (see rules.yaml); counted so the decision stays visible
    "wire_credit (kept)": (
        120,
        re.compile(r"contributed to this report|^contributing:|^with .{0,30}wires?$", re.I),
    ),
    "aggregator (kept)": (
        60,
        re.compile(
            r"^(from the left|from the right|from the center|perspectives|what.s next)$", re.I
        ),
    ),
}


def junk_lines(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        for name, (cap, rx) in JUNK_PATTERNS.items():
            if len(s) <= cap and rx.search(s):
                out.append((name, s))
                break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rules", type=Path, default=None, help="rules file (default: packaged)")
    ap.add_argument("--field", default="text", help="JSON field holding the body")
    ap.add_argument("--sample", type=int, default=40, help="random removed texts to show")
    ap.add_argument("--top", type=int, default=40, help="most frequent removed texts to show")
    ap.add_argument("--left", type=int, default=8, help="remaining junk examples per kind")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="stop after N articles (0: all)")
    args = ap.parse_args(argv)

    rules = load_rules(args.rules)
    per_kind: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    rule_kind: dict[str, str] = {}
    texts: Counter[str] = Counter()
    all_removed: list[tuple[str, str, str]] = []
    touched = 0
    articles = 0
    chars = 0
    removed_chars = 0
    times: list[float] = []
    junk_before: Counter[str] = Counter()
    junk_after: Counter[str] = Counter()
    junk_after_lines: dict[str, Counter[str]] = {k: Counter() for k in JUNK_PATTERNS}
    invariant_failures = 0

    with args.corpus.open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            text = json.loads(raw).get(args.field) or ""
            articles += 1
            chars += len(text)
            t0 = time.perf_counter()
            cleaned = clean(text, rules)
            times.append(time.perf_counter() - t0)
            removed_chars += len(text) - len(cleaned.text)
            if cleaned.text != cleaned.offsets.apply(text) or any(
                text[r.start : r.end] != r.text for r in cleaned.removed
            ):
                invariant_failures += 1
            if cleaned.removed:
                touched += 1
            for r in cleaned.removed:
                per_kind[r.kind] += 1
                per_rule[r.rule] += 1
                rule_kind[r.rule] = r.kind
                short = " ".join(r.text.split())
                short = short if len(short) <= 110 else short[:107] + "..."
                texts[short] += 1
                all_removed.append((r.kind, r.rule, short))
            for name, _ in junk_lines(text):
                junk_before[name] += 1
            for name, line in junk_lines(cleaned.text):
                junk_after[name] += 1
                junk_after_lines[name][line if len(line) <= 110 else line[:107] + "..."] += 1
            if args.limit and articles >= args.limit:
                break

    total = sum(per_kind.values())
    print(f"rules: {rules.source} ({len(rules)} rules)")
    print(f"articles: {articles:,}   touched: {touched:,} ({touched / max(articles, 1):.1%})")
    print(
        f"removed items: {total:,}   characters removed: {removed_chars:,} of {chars:,} "
        f"({removed_chars / max(chars, 1):.2%})"
    )
    if times:
        ms = sorted(t * 1000 for t in times)
        print(
            f"time: total {sum(times):.2f} s, {chars / max(sum(times), 1e-9) / 1e6:.1f} M chars/s; "
            f"per article mean {statistics.fmean(ms):.3f} ms, p50 {ms[len(ms) // 2]:.3f} ms, "
            f"p99 {ms[int(len(ms) * 0.99)]:.3f} ms, max {ms[-1]:.3f} ms"
        )
    print(f"invariant failures: {invariant_failures}")

    print("\n== removed per kind")
    for kind, n in per_kind.most_common():
        print(f"{n:7,}  {kind}")
    print("\n== removed per rule")
    for rule, n in per_rule.most_common():
        print(f"{n:7,}  {rule:28} ({rule_kind[rule]})")
    print(f"\n== {args.top} most frequent removed texts")
    for t, n in texts.most_common(args.top):
        print(f"{n:6,}  {t!r}")
    print(f"\n== random sample of {args.sample} removed texts (seed {args.seed})")
    rng = random.Random(args.seed)
    for kind, rule, t in rng.sample(all_removed, min(args.sample, len(all_removed))):
        print(f"  [{kind}/{rule}] {t!r}")

    print("\n== lines that still look like junk (rough patterns, independent of the rules)")
    print(f"{'kind':22} {'before':>8} {'after':>8}")
    for name in JUNK_PATTERNS:
        print(f"{name:22} {junk_before[name]:8,} {junk_after[name]:8,}")
    print(f"{'total':22} {sum(junk_before.values()):8,} {sum(junk_after.values()):8,}")
    for name in JUNK_PATTERNS:
        if junk_after_lines[name] and args.left:
            print(f"\n-- still there, {name}:")
            for t, n in junk_after_lines[name].most_common(args.left):
                print(f"{n:6,}  {t!r}")
    return 1 if invariant_failures else 0


if __name__ == "__main__":
    sys.exit(main())
