"""Score article-body extraction against the Zyte Article Extraction Benchmark ground truth.

Two modes::

    python bench/eval_extraction.py PRED.jsonl GROUND_TRUTH.json
    python bench/eval_extraction.py --direct PAGES.jsonl GROUND_TRUTH.json

``PRED.jsonl`` holds one ``{"article": {"id": ..., "text": ...}}`` per line (the output of
``newsgraph analyze --format jsonl``). ``--direct`` runs :func:`newsgraph.ingest.html.parse_html`
on every ``{"id", "html", "url"}`` line of ``PAGES.jsonl`` itself, so the extractor can be measured
before the CLI exists, and also reports milliseconds per page.

The scoring re-implements the benchmark's own method (see the data folder's README) so that the
numbers are comparable with the published table:

* words are maximal runs of ``\\w`` (``re.findall(r"\\w+")``), case kept;
* each text becomes a multiset of word 4-grams; 1-3 words give one shorter shingle, none give none;
* per page, TP/FP/FN are multiset overlaps; precision over pages with non-empty output only, recall
  over all pages (an empty or missing output counts as recall 0);
* corpus P and R are plain means over pages, F1 is computed from those two means;
* accuracy is the share of pages whose word sequence equals the ground truth's exactly.

The data paths are always arguments: the benchmark pages are third-party text and must never be
copied into the repository.
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
from collections.abc import Iterable, Mapping
from pathlib import Path

_WORD_RE = re.compile(r"\w+")
SHINGLE_N = 4


def tokenize(text: str | None) -> list[str]:
    """Split into words exactly as the benchmark does (punctuation and whitespace dropped)."""
    return _WORD_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than ``n`` words gives one shorter shingle."""
    tokens = tokenize(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            out[shingle] += 1
    return out


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of one page, so that every page weighs the same."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def corpus_scores(counts: list[tuple[float, float, float]], exact: list[bool]) -> dict[str, float]:
    """Precision/recall means over pages, F1 from the means, and strict accuracy."""
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    acc = sum(exact) / len(exact) if exact else 0.0
    return {"precision": p, "recall": r, "f1": f1, "accuracy": acc}


def evaluate(
    truth: Mapping[str, str], predicted: Mapping[str, str], *, n_bootstrap: int = 0
) -> dict[str, float]:
    """Score ``predicted`` (id -> text) against ``truth`` (id -> body); missing ids score empty."""
    ids = sorted(truth)
    counts = [page_counts(truth[i], predicted.get(i, "")) for i in ids]
    exact = [tokenize(truth[i]) == tokenize(predicted.get(i, "")) for i in ids]
    result = corpus_scores(counts, exact)
    result["pages"] = float(len(ids))
    result["missing"] = float(sum(1 for i in ids if i not in predicted))
    result["empty"] = float(sum(1 for i in ids if not tokenize(predicted.get(i, ""))))
    if n_bootstrap > 0:
        rng = random.Random(0)
        f1s = []
        for _ in range(n_bootstrap):
            sample = [rng.randrange(len(ids)) for _ in ids]
            f1s.append(corpus_scores([counts[k] for k in sample], [exact[k] for k in sample])["f1"])
        result["f1_std"] = statistics.pstdev(f1s)
    return result


def load_truth(path: Path) -> dict[str, str]:
    """The benchmark's ``{id: {"articleBody": ...}}`` file as id -> body."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value.get("articleBody") or "" for key, value in data.items()}


def load_predictions(path: Path) -> dict[str, str]:
    """``{"article": {"id", "text"}}`` lines (flat ``{"id", "text"}`` lines are accepted too)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            article = record.get("article", record)
            if "id" not in article:
                raise SystemExit(f"{path}:{lineno}: no article id")
            out[str(article["id"])] = article.get("text") or ""
    return out


def iter_pages(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def run_direct(pages_path: Path) -> tuple[dict[str, str], float, int]:
    """Extract every page with ``parse_html``; returns (id -> body, ms per page, failures)."""
    from newsgraph.errors import MalformedInput
    from newsgraph.ingest.html import parse_html

    out: dict[str, str] = {}
    elapsed = 0.0
    failures = 0
    for page in iter_pages(pages_path):
        start = time.perf_counter()
        try:
            doc = parse_html(page["html"], url=page.get("url"), input_name=page["id"])
            out[page["id"]] = doc.body
        except MalformedInput as exc:
            failures += 1
            out[page["id"]] = ""
            print(f"failed: {exc}", file=sys.stderr)
        elapsed += time.perf_counter() - start
    return out, 1000 * elapsed / max(1, len(out)), failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("predictions", nargs="?", type=Path, help="PRED.jsonl")
    parser.add_argument("ground_truth", type=Path, help="zyte_ground_truth.json")
    parser.add_argument(
        "--direct", type=Path, metavar="PAGES.jsonl", help="run parse_html on these pages"
    )
    parser.add_argument("--bootstrap", type=int, default=0, help="resamples for F1 std (0: off)")
    parser.add_argument("--per-page", action="store_true", help="print each page's P/R")
    parser.add_argument("--dump", type=Path, help="with --direct: write predictions as JSONL")
    args = parser.parse_args(argv)

    truth = load_truth(args.ground_truth)
    ms_per_page = None
    if args.direct is not None:
        if args.predictions is not None:
            parser.error("give either PRED.jsonl or --direct PAGES.jsonl, not both")
        predicted, ms_per_page, failures = run_direct(args.direct)
        if args.dump is not None:
            with args.dump.open("w", encoding="utf-8") as fh:
                for key, text in predicted.items():
                    fh.write(json.dumps({"article": {"id": key, "text": text}}) + "\n")
    elif args.predictions is not None:
        predicted = load_predictions(args.predictions)
        failures = 0
    else:
        parser.error("give PRED.jsonl or --direct PAGES.jsonl")

    result = evaluate(truth, predicted, n_bootstrap=args.bootstrap)
    if args.per_page:
        for key in sorted(truth):
            tp, fp, fn = page_counts(truth[key], predicted.get(key, ""))
            p = tp / (tp + fp) if tp + fp else float("nan")
            r = tp / (tp + fn) if tp + fn else float("nan")
            print(f"{key[:12]}  P={p:.3f}  R={r:.3f}")
    line = (
        f"pages={int(result['pages'])}  P={result['precision']:.4f}  R={result['recall']:.4f}  "
        f"F1={result['f1']:.4f}"
    )
    if "f1_std" in result:
        line += f" ± {result['f1_std']:.4f}"
    line += f"  accuracy={result['accuracy']:.4f}"
    line += f"  empty={int(result['empty'])}  missing={int(result['missing'])}"
    if ms_per_page is not None:
        line += f"  failed={failures}  ms/page={ms_per_page:.1f}"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
