"""Near-duplicate detection on a corpus with injected copies: pair precision and recall.

    python bench/dedupe.py CORPUS.jsonl [--copies 300] [--seed 7]

Every corpus article is read and cleaned as ``ingest`` does (no NLP: story grouping only needs
the cleaned text), then ``--copies`` copies of randomly chosen articles are made, each with one
or more of: lines re-wrapped, a publisher's boilerplate added at the top or bottom, the first
or last paragraph trimmed, paragraphs reordered. Everything is stored through
``Store.write`` in a shuffled order, so some copies land before their source.

Scored pairs: two articles are a predicted pair when the store puts them in one story; the
gold pairs are each copy with its source (and copies of one source with each other). Pairs
among the untouched corpus articles are reported apart: the corpus holds real syndicated
copies, which are duplicates too but not in the gold list; a sample is printed to check by
hand. Target (issue #6): precision and recall >= 0.95.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BOILERPLATE = [
    "Subscribe to our newsletter for the day's top stories, delivered every morning.",
    "This article was originally published by a partner outlet and is republished with "
    "permission. All rights reserved.",
    "Follow us on social media for breaking news and live updates from our correspondents.",
    "Advertisement\nStory continues below",
    "Copyright 2020. This material may not be published, broadcast, rewritten or "
    "redistributed without permission.",
    "Related: more coverage of this story and analysis from our newsroom on the website.",
]


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    return paras if len(paras) > 1 else [s.strip() + "." for s in text.split(". ") if s.strip()]


def make_copy(text: str, rng: random.Random) -> tuple[str, list[str]]:
    paras = _paragraphs(text)
    done = []
    ops = rng.sample(["wrap", "boiler", "trim", "reorder"], k=rng.randint(1, 3))
    if "trim" in ops and len(paras) > 4:
        paras = paras[1:] if rng.random() < 0.5 else paras[:-1]
        done.append("trim")
    if "reorder" in ops and len(paras) > 3:
        i, j = sorted(rng.sample(range(len(paras)), 2))
        paras[i], paras[j] = paras[j], paras[i]
        done.append("reorder")
    if "boiler" in ops:
        extra = rng.sample(BOILERPLATE, k=rng.randint(1, 2))
        paras = extra + paras if rng.random() < 0.5 else paras + extra
        done.append("boilerplate")
    out = "\n\n".join(paras)
    if "wrap" in ops:
        import textwrap

        out = "\n".join(textwrap.fill(p, width=rng.randint(60, 90)) for p in out.split("\n\n"))
        done.append("wrap")
    return out, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--copies", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=0, help="corpus articles to use (0: all)")
    args = ap.parse_args()

    from newsgraph.clean import load_rules
    from newsgraph.ingest.article import build_article
    from newsgraph.ingest.sources import Source
    from newsgraph.settings import Settings
    from newsgraph.store.db import open_store
    from newsgraph.types import Analysis

    rng = random.Random(args.seed)
    settings = Settings.from_env()
    rules = load_rules(None)
    rows = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if isinstance(obj.get("text"), str) and obj["text"].strip():
                rows.append(obj)
            if args.limit and len(rows) >= args.limit:
                break
    items: list[tuple[str, dict, str | None]] = []  # (name, line, source name of a copy)
    for i, obj in enumerate(rows):
        items.append((f"orig-{i}", obj, None))
    ops_count: dict[str, int] = defaultdict(int)
    for k, i in enumerate(rng.sample(range(len(rows)), args.copies)):
        obj = dict(rows[i])
        obj["text"], ops = make_copy(obj["text"], rng)
        for op in ops:
            ops_count[op] += 1
        obj.pop("id", None)
        obj["url"] = f"https://copies.example/{k}"
        items.append((f"copy-{k}", obj, f"orig-{i}"))
    rng.shuffle(items)

    analyses, name_of = [], {}
    for name, obj, _ in items:
        meta = {k: obj.get(k) for k in ("title", "published", "source", "url") if obj.get(k)}
        meta["id"] = name
        art, _ = build_article(Source(name, text=obj["text"], meta=meta), settings, rules)
        analyses.append(Analysis(article=art))
        name_of[art.id] = name
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "d.duckdb") as store:
        for i in range(0, len(analyses), 32):
            store.write(analyses[i : i + 32])
        groups = store.query(
            "SELECT story_id, list(id ORDER BY id) AS ids FROM articles GROUP BY story_id "
            "HAVING count(*) > 1"
        )
    seconds = time.perf_counter() - t0
    predicted = set()
    for g in groups:
        names = sorted(name_of[i] for i in g["ids"])
        predicted |= set(itertools.combinations(names, 2))
    by_source: dict[str, list[str]] = defaultdict(list)
    for name, _, src in items:
        if src:
            by_source[src].append(name)
    gold = set()
    for src, copies in by_source.items():
        gold |= set(itertools.combinations(sorted([src, *copies]), 2))
    involved = {n for pair in gold for n in pair}
    scored = {p for p in predicted if p[0] in involved or p[1] in involved}
    tp = len(scored & gold)
    precision = tp / len(scored) if scored else 1.0
    recall = tp / len(gold) if gold else 1.0
    corpus_pairs = predicted - scored
    print(f"{len(rows)} corpus articles + {args.copies} copies ({dict(ops_count)}), "
          f"stored in {seconds:.1f} s")  # fmt: skip
    print(f"gold pairs {len(gold)}, predicted pairs touching them {len(scored)}, true {tp}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  (target >= 0.95 each)")
    missed = sorted(gold - predicted)[:5]
    wrong = sorted(scored - gold)[:5]
    print(f"missed (sample): {missed}\nwrong (sample): {wrong}")
    print(f"pairs among untouched corpus articles (syndicated copies?): {len(corpus_pairs)}")
    texts = {name: obj for name, obj, _ in items}
    for a, b in sorted(corpus_pairs)[:5]:
        print(f"  {a} {texts[a].get('source')!r} {texts[a].get('title')!r}\n"
              f"  {b} {texts[b].get('source')!r} {texts[b].get('title')!r}")  # fmt: skip
    return 0 if precision >= 0.95 and recall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
