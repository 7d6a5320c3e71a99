"""Throughput of `ingest --workers 1`, `--workers 2` and `--ray` on the same articles (#6).

    python bench/parallel.py CORPUS.jsonl --limit 200

Each mode runs `newsgraph ingest` as a user would, into a fresh store, one after the other in
this run, in `--rounds` alternating rounds (these machines are shared and their speed drifts:
compare the ratios of the medians, not the absolute figures). The rate is the one `ingest`
prints (stored articles over the run's time, worker and Ray start-up included); the wall time
adds the CLI's own start.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
MODES = {
    "workers1": ["--workers", "1"],
    "workers2": ["--workers", "2"],
    "ray": ["--ray", "--workers", "2"],
    # joins a local 2-CPU instance started once for the bench (`ray start --head`), as a user
    # with a running cluster does: Ray's start and stop are then not part of each run
    "ray-running": ["--ray=auto", "--workers", "2"],
}
TARGETS = {
    ("workers2", "workers1"): 1.8,
    ("ray", "workers2"): 0.85,
    ("ray-running", "workers2"): 0.85,
}
RAY = Path(sys.executable).with_name("ray")


def measure(
    modes: list[str],
    rounds: int,
    corpus: Path,
    tmp: Path,
    runs: dict[str, list[float]],
    records: dict[str, tuple[str, object]],
) -> None:
    """Run every mode ``rounds`` times, alternating; rates into ``runs``, records of the
    first round into ``records``."""
    for rnd in range(1, rounds + 1):
        for mode in modes:
            db = tmp / f"{mode}-{rnd}.duckdb"
            t0 = time.perf_counter()
            res = subprocess.run(
                [str(NEWSGRAPH), "ingest", str(corpus), "--db", str(db), "--quiet"] + MODES[mode],
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - t0
            m = re.search(r"stored (\d+) article\(s\).*?(\d+) failed, in ([\d.]+) s", res.stdout)
            if res.returncode not in (0, 1) or not m:
                sys.exit(f"{mode}: ingest failed ({res.returncode}): {res.stderr[-2000:]}")
            stored, failed, seconds = int(m[1]), int(m[2]), float(m[3])
            runs.setdefault(mode, []).append(stored / seconds)
            print(
                f"{mode:<12} {rnd:>5} {stored:>7} {failed:>7} {seconds:>8.1f} {wall:>8.1f}"
                f" {stored / seconds:>11.2f}",
                flush=True,
            )
            stats = subprocess.run(
                [str(NEWSGRAPH), "stats", "--db", str(db), "--format", "json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            con = duckdb.connect(str(db), read_only=True)
            ids = con.execute("SELECT list(id ORDER BY id) FROM articles").fetchone()
            con.close()
            records.setdefault(mode, (stats, ids))
            db.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="a JSONL file of articles")
    ap.add_argument("--limit", type=int, default=200, help="articles to use (the first N)")
    ap.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated, of " + ",".join(MODES)
    )
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds (median of each)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with args.corpus.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n >= args.limit:
                    break
                dst.write(line)
        runs: dict[str, list[float]] = {}
        records: dict[str, tuple[str, object]] = {}  # each mode's stats and articles, 1st round
        print(
            f"{'mode':<12} {'round':>5} {'stored':>7} {'failed':>7} {'run s':>8} {'wall s':>8}"
            f" {'articles/s':>11}"
        )
        modes = args.modes.split(",")
        if "ray-running" in modes:
            subprocess.run(
                [str(RAY), "start", "--head", "--num-cpus", "2", "--include-dashboard=false"],
                check=True,
                capture_output=True,
            )
        try:
            measure(modes, args.rounds, corpus, Path(tmp), runs, records)
        finally:
            if "ray-running" in modes:
                subprocess.run([str(RAY), "stop"], capture_output=True)

        first = next(iter(records.values()))
        same = all(r == first for r in records.values())
        print(f"same records (stats and article list) in every mode: {'yes' if same else 'NO'}")
        rates = {mode: statistics.median(r) for mode, r in runs.items()}
        print("median articles/s: " + ", ".join(f"{m} {r:.2f}" for m, r in rates.items()))
        for (a, b), target in TARGETS.items():
            if a in rates and b in rates:
                ratio = rates[a] / rates[b]
                verdict = "met" if ratio >= target else "MISSED"
                print(f"{a}/{b}: {ratio:.2f} (target >= {target}: {verdict})")


if __name__ == "__main__":
    main()
