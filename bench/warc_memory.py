"""Peak memory of ``newsgraph ingest`` on a 1 GB WARC archive written from the corpus.

    python bench/warc_memory.py CORPUS.jsonl [--gb 1.0] [--articles 1200] [--keep]

Writes a WARC file of about ``--gb`` GB: ``--articles`` corpus articles as HTML pages (title,
paragraphs) inside the kind of page a crawl holds (navigation, inline scripts, related-story
lists, a comment thread), padded so that the archive reaches the size; plus, between them,
request records, redirects, 404s and image responses that ingest must pass over. Then runs the
full ``newsgraph ingest`` on it in a child process, samples the child's resident memory every
0.2 s, and prints the peak against the 1.5 GB target of issue #6, with the counts stored.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType

TARGET_BYTES = 1.5 * 1024**3
DATE = "2020-09-15T10:00:00Z"


def _record(url: str, payload: bytes, kind: WarcRecordType, http_head: bytes = b"") -> bytes:
    rec = WarcRecord()
    rec.init_headers(kind)
    rec.headers["WARC-Target-URI"] = url
    rec.headers["WARC-Date"] = DATE
    if kind == WarcRecordType.request:
        rec.headers["Content-Type"] = "application/http; msgtype=request"
    else:
        rec.headers["Content-Type"] = "application/http; msgtype=response"
    rec.set_bytes_content(http_head + payload)
    out = io.BytesIO()
    rec.write(out)
    return out.getvalue()


def _page(title: str, text: str, pad_to: int, k: int) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    related = "".join(
        f'<li><a href="/story/{k}-{i}">Related story number {i} about the news of the day</a></li>'
        for i in range(30)
    )
    head = (
        f"<!doctype html><html lang=en><head><title>{html.escape(title)}</title>"
        f'<meta property="article:published_time" content="2020-09-15"></head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{html.escape(title)}</h1>"
        f"{paras}</article></main><aside><ul>{related}</ul></aside>"
    )
    comment = "<li class=comment>A reader's comment that goes on about something else. </li>"
    script = '<script>window.__DATA__ = {"ads": [' + ",".join(["1"] * 200) + "]};</script>"
    filler = []
    size = len(head)
    while size < pad_to:
        chunk = f"<section class=comments><ul>{comment * 20}</ul></section>{script}"
        filler.append(chunk)
        size += len(chunk)
    return (head + "".join(filler) + "<footer>© newsgraph bench</footer></body></html>").encode()


def write_archive(corpus: str, path: Path, gb: float, articles: int) -> int:
    texts = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if isinstance(obj.get("text"), str) and len(obj["text"]) > 500:
                texts.append((obj.get("title") or "Untitled", obj["text"]))
            if len(texts) >= articles:
                break
    target = int(gb * 1024**3)
    per_page = target // max(1, len(texts)) - 2000
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    with path.open("wb") as out:
        for k, (title, text) in enumerate(texts):
            url = f"https://bench.example/{k}"
            out.write(
                _record(url, b"", WarcRecordType.request, f"GET /{k} HTTP/1.1\r\n\r\n".encode())
            )
            out.write(_record(url, _page(title, text, per_page, k), WarcRecordType.response, ok))
            if k % 10 == 0:
                out.write(
                    _record(
                        url + "/gone",
                        b"gone",
                        WarcRecordType.response,
                        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n",
                    )
                )
                out.write(_record(url + "/logo.png", b"\x89PNG" + bytes(2048),
                                  WarcRecordType.response,
                                  b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n"))  # fmt: skip
    return len(texts)


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--articles", type=int, default=1200)
    ap.add_argument("--keep", action="store_true", help="keep the archive and the store")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-warc-"))
    warc, db = tmp / "bench.warc", tmp / "warc.duckdb"
    t0 = time.perf_counter()
    n = write_archive(args.corpus, warc, args.gb, args.articles)
    size = warc.stat().st_size
    print(f"wrote {warc} ({size / 1024**3:.2f} GB, {n} pages) in {time.perf_counter() - t0:.0f} s")
    exe = Path(sys.executable).with_name("newsgraph")
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "ingest", str(warc), "--db", str(db), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _rss(proc.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    seconds = time.perf_counter() - t0
    print(out.decode().strip())
    if err.strip():
        print(err.decode().strip()[-2000:])
    ok = peak < TARGET_BYTES
    print(f"ingest of {size / 1024**3:.2f} GB in {seconds:.0f} s: peak RSS {peak / 1024**3:.2f} GB "
          f"({'ok' if ok else 'OVER'}, target < 1.5 GB)")  # fmt: skip
    if not args.keep:
        warc.unlink()
        for p in tmp.glob("warc.duckdb*"):
            p.unlink()
        tmp.rmdir()
    return 0 if ok and proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
