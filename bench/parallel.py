"""Throughput of `ingest --workers 1`, `--workers 2` and `--ray` on the same articles (#6).

    python bench/parallel.py CORPUS.jsonl --limit 200

Each mode runs `newsgraph ingest` as a user would, into a fresh store, one after the other in
this run (these machines are shared: compare the ratios, not the absolute figures). The rate is
the one `ingest` prints (stored articles over the run's time, worker and Ray start-up
included); the wall time adds the CLI's own start.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
MODES = {
    "workers1": ["--workers", "1"],
    "workers2": ["--workers", "2"],
    "ray": ["--ray", "--workers", "2"],
}
TARGETS = {("workers2", "workers1"): 1.8, ("ray", "workers2"): 0.85}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="a JSONL file of articles")
    ap.add_argument("--limit", type=int, default=200, help="articles to use (the first N)")
    ap.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated, of " + ",".join(MODES)
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with args.corpus.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n >= args.limit:
                    break
                dst.write(line)
        rates: dict[str, float] = {}
        print(
            f"{'mode':<10} {'stored':>7} {'failed':>7} {'run s':>8} {'wall s':>8} {'articles/s':>11}"
        )
        for mode in args.modes.split(","):
            db = Path(tmp) / f"{mode}.duckdb"
            t0 = time.perf_counter()
            res = subprocess.run(
                [str(NEWSGRAPH), "ingest", str(corpus), "--db", str(db), "--quiet", *MODES[mode]],
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - t0
            m = re.search(r"stored (\d+) article\(s\).*?(\d+) failed, in ([\d.]+) s", res.stdout)
            if res.returncode not in (0, 1) or not m:
                sys.exit(f"{mode}: ingest failed ({res.returncode}): {res.stderr[-2000:]}")
            stored, failed, seconds = int(m[1]), int(m[2]), float(m[3])
            rates[mode] = stored / seconds
            print(
                f"{mode:<10} {stored:>7} {failed:>7} {seconds:>8.1f} {wall:>8.1f} {rates[mode]:>11.2f}"
            )
        for (a, b), target in TARGETS.items():
            if a in rates and b in rates:
                ratio = rates[a] / rates[b]
                verdict = "met" if ratio >= target else "MISSED"
                print(f"{a}/{b}: {ratio:.2f} (target >= {target}: {verdict})")


if __name__ == "__main__":
    main()
