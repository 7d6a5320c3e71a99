"""p95 latency of the API's list endpoints under a bounded load, measured from a second process.

    python bench/api_latency.py STORE.duckdb [--requests 200] [--concurrency 4]

Starts ``newsgraph serve`` on the store (one process), then, from this process, sends
``--requests`` requests to each endpoint with at most ``--concurrency`` in flight, over a
mix of first pages, deeper pages and filters, and prints p50, p95 and max per endpoint against
the 100 ms target of issue #5. Build the store first, e.g.
``newsgraph ingest ../shared/data/corpus/allsides_sample.jsonl --db corpus.duckdb``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

TARGET_MS = 100.0

# endpoint -> query strings cycled through (first pages, deeper pages, filters)
ENDPOINTS: dict[str, list[str]] = {
    "/api/articles": ["", "offset=500", "source=reuters", "since=2019-01-01&until=2019-12-31",
                      "q=trump"],
    "/api/quotes": ["", "offset=1000", "speaker=Trump", "q=economy", "via=CNN", "kind=direct"],
    "/api/citations": ["", "offset=1000", "source=Reuters", "kind=media"],
    "/api/figures": ["", "offset=1000", "unit=USD", "q=tax", "unit=percent&q=poll"],
    "/api/events": ["", "offset=500", "actor=USAGOV", "code=04", "country=RUS",
                    "actor=Trump&since=2018-01-01", "code=14&country=USA"],
    "/api/actors": ["", "offset=200", "name=trump", "type=PERSON", "country=USA", "code=RUS"],
    "/api/search": ["q=tariffs", "q=impeachment", "q=climate+change", "q=border+wall",
                    "q=supreme+court"],
}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            httpx.get(base + "/api/stats", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not start within 60 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="a newsgraph store (DuckDB file)")
    ap.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    ap.add_argument("--concurrency", type=int, default=4, help="requests in flight at most")
    args = ap.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"{args.db}: no such store")
    port = _free_port()
    exe = Path(sys.executable).with_name("newsgraph")
    proc = subprocess.Popen([str(exe), "serve", "--db", args.db, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        _wait(base, proc)
        with httpx.Client(base_url=base, timeout=30) as client:
            counts = client.get("/api/stats").json()
            print(f"store: {counts['articles']} articles, {counts['quotes']} quotes, "
                  f"{counts['events']} events, {counts['actors']} actors")  # fmt: skip
            print(f"{args.requests} requests per endpoint, {args.concurrency} in flight\n")
            print(f"{'endpoint':16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target")
            for path, variants in ENDPOINTS.items():
                for v in variants:  # warm each query once (plans, caches) before measuring
                    client.get(f"{path}?{v}")
                urls = [f"{path}?{variants[i % len(variants)]}" for i in range(args.requests)]

                def timed(url: str) -> float:
                    t0 = time.perf_counter()
                    r = client.get(url)
                    elapsed = (time.perf_counter() - t0) * 1000
                    if r.status_code != 200:
                        raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
                    return elapsed

                with ThreadPoolExecutor(args.concurrency) as pool:
                    times = sorted(pool.map(timed, urls))
                p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
                ok = p95 < TARGET_MS
                failed |= not ok
                print(f"{path:16} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}  "
                      f"{'ok' if ok else 'OVER'} (< {TARGET_MS:.0f})")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
