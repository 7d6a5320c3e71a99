"""Ingest throughput as a ratio of spaCy's ``nlp.pipe`` alone, measured side by side.

    python bench/throughput.py CORPUS.jsonl [--limit 200] [--rounds 2]

Both sides see the same articles with the same loaded pipeline. The baseline is ``nlp.pipe``
over the JSONL texts; newsgraph's side is a full ``ingest`` (read, decode, clean, NLP, extract,
store in a fresh DuckDB file). Rounds alternate the two so that machine noise hits both; the
ratio is newsgraph's articles/s over the baseline's, the figure issue #2 asks to be >= 0.75.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSONL file with a text field per line")
    ap.add_argument("--limit", type=int, default=200, help="articles to use")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of each side")
    args = ap.parse_args()

    from newsgraph import nlp as nlp_mod
    from newsgraph.pipeline import Analyzer
    from newsgraph.scale.local import run_ingest
    from newsgraph.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    subset = tmp / "subset.jsonl"
    texts = []
    with open(args.corpus, encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
        for line in src:
            if len(texts) >= args.limit:
                break
            rec = json.loads(line)
            texts.append(rec["text"])
            out.write(
                json.dumps(
                    {k: rec.get(k) for k in ("id", "text", "title", "published", "source", "url")}
                )
                + "\n"
            )
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} characters")

    settings = Settings.from_env(db=str(tmp / "warm.duckdb"))
    nlp = nlp_mod.load(settings.model, settings.max_input_bytes)
    analyzer = Analyzer(settings)
    list(nlp.pipe(texts[:4]))  # warm both paths up

    base_rates, ours_rates = [], []
    for r in range(args.rounds):
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        base_rates.append(len(texts) / (time.perf_counter() - t))

        db = tmp / f"round{r}.duckdb"
        s = Settings.from_env(db=str(db))
        t = time.perf_counter()
        summary = run_ingest([str(subset)], s, progress=False, analyzer=analyzer)
        ours_rates.append(summary.stored / (time.perf_counter() - t))
        if summary.stored != len(texts):
            print(f"warning: stored {summary.stored} of {len(texts)} ({summary.failed} failed)")
        print(
            f"round {r + 1}: nlp.pipe {base_rates[-1]:.2f} articles/s, newsgraph ingest {ours_rates[-1]:.2f} articles/s"
        )

    base, ours = statistics.median(base_rates), statistics.median(ours_rates)
    print(f"nlp.pipe alone:    {base:.2f} articles/s")
    print(f"newsgraph ingest:  {ours:.2f} articles/s")
    print(f"ratio: {ours / base:.3f}  (target >= 0.75)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
