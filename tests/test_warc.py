"""WARC input: which records become articles, broken archives, and flat memory.

The archives are written here with FastWARC (plain, and gzipped one member per record as
crawlers write them); the pages are invented for these tests.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from fastwarc.warc import WarcRecord, WarcRecordType

from newsgraph.ingest.sources import Source, iter_sources
from newsgraph.scale.local import estimate_total
from newsgraph.settings import Settings
from newsgraph.types import Failure
from tests.conftest import run_cli

WARC_DATE = "2024-01-02T03:04:05Z"
LIMIT = 200_000  # max_input_bytes in these tests


def _page(title: str, paragraphs: list[str], head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><article><h1>{title}</h1>\n{body}</article></body></html>"
    ).encode()


DATED = _page(
    "Harbour ferry gets a new engine",
    [
        "The harbour ferry returned to service on Thursday with a new electric engine that the "
        "operator says will halve its running costs over the next ten years.",
        "Captain Rosa Lind said passengers had noticed the quiet at once, and that the crew no "
        "longer had to shout over the old diesel during the crossing.",
        "The conversion took eleven weeks and was paid for partly by a regional grant for "
        "cleaner transport worth three hundred thousand euros.",
    ],
    '<meta property="article:published_time" content="2023-05-01T09:00:00Z">',
)
UNDATED = _page(
    "Allotment waiting list grows",
    [
        "More than two hundred households are now waiting for an allotment in the town, twice "
        "as many as five years ago, the parks committee heard on Monday.",
        "Committee member Jonas Petrov proposed dividing the largest plots in two and opening a "
        "new site on council land beside the old water tower.",
        "A decision is expected in the autumn, after a survey of current plot holders about "
        "how much of their land they actually cultivate.",
    ],
)
XHTML = _page(
    "Night market returns to the square",
    [
        "The night market returned to the cathedral square on Friday after a winter break, "
        "with forty stalls selling food, crafts and second-hand books.",
        "Organiser Amira Haddad said the market would run every Friday until October and that "
        "stallholders would pay the same fees as last year.",
        "Residents of the square asked for the music to stop at ten, and the organisers agreed "
        "to move the stage to the far side, away from the houses.",
    ],
)
NOT_FOUND = _page("Not found", ["This page does not exist. " * 5] * 3)
HUGE = _page("Huge page", ["A very long paragraph that repeats itself. " * 40] * 200)


def _record(
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    kind: WarcRecordType = WarcRecordType.response,
    extra: str = "",
) -> bytes:
    record = WarcRecord()
    record.init_headers(kind)
    record.headers["WARC-Target-URI"] = url
    record.headers["WARC-Date"] = WARC_DATE
    if kind == WarcRecordType.request:
        record.headers["Content-Type"] = "application/http; msgtype=request"
        http = f"GET {url} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()
    elif kind in (WarcRecordType.warcinfo, WarcRecordType.metadata):
        record.headers["Content-Type"] = "application/warc-fields"
        http = body
    else:
        record.headers["Content-Type"] = "application/http; msgtype=response"
        head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}\r\n"
        http = head.encode() + body
    record.set_bytes_content(http)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def _archive_records() -> list[bytes]:
    """Nine records; three of them are HTML pages with status 200."""
    return [
        _record("", b"software: newsgraph tests\r\n", kind=WarcRecordType.warcinfo),  # 1
        _record("https://news.example/ferry", b"", kind=WarcRecordType.request),  # 2
        _record("https://news.example/ferry", DATED),  # 3: stored, its own date
        _record("https://news.example/missing", NOT_FOUND, status="404 Not Found"),  # 4
        _record("https://news.example/logo.png", b"\x89PNG" + bytes(64), content_type="image/png"),
        _record("https://news.example/allotments", UNDATED),  # 6: stored, WARC-Date
        _record("https://news.example/huge", HUGE),  # 7: over max_input_bytes
        _record(  # 8: gzip-encoded XHTML
            "https://news.example/market",
            gzip.compress(XHTML),
            content_type="application/xhtml+xml",
            extra="Content-Encoding: gzip\r\n",
        ),
        _record("https://news.example/ferry", b"fetched in 2s", kind=WarcRecordType.metadata),
    ]


def _write(path: Path, records: list[bytes], *, gz: bool = False) -> Path:
    with path.open("wb") as fh:
        for r in records:
            fh.write(gzip.compress(r) if gz else r)
    return path


def _names(items: list[Source | Failure]) -> list[str]:
    return [i.name if isinstance(i, Source) else f"FAIL {i.input_name}: {i.reason}" for i in items]


def test_warc_through_the_cli_plain_then_gzipped(tmp_path: Path) -> None:
    plain = _write(tmp_path / "crawl.warc", _archive_records())
    gzipped = _write(tmp_path / "crawl.warc.gz", _archive_records(), gz=True)
    db = tmp_path / "warc.duckdb"
    env = {"NEWSGRAPH_MAX_INPUT_BYTES": str(LIMIT)}

    first = run_cli("ingest", str(plain), "--db", str(db), "--quiet", env=env)
    out, err = first.stdout.decode(), first.stderr.decode()
    assert first.returncode == 1, err  # the huge record is a failure; the rest is stored
    assert "stored 3 article(s), skipped 0 already stored, 1 failed" in out
    assert f"{plain}#7:https://news.example/huge: record too large" in err
    assert "max_input_bytes" in err and "Traceback" not in err

    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT url, CAST(published AS VARCHAR), input_name, title FROM articles ORDER BY url"
    ).fetchall()
    failures = con.execute("SELECT input, stage FROM failures").fetchall()
    con.close()
    by_url = {url: (published, name, title) for url, published, name, title in rows}
    assert list(by_url) == [
        "https://news.example/allotments",
        "https://news.example/ferry",
        "https://news.example/market",
    ]
    # the page's own date wins over the WARC-Date, which is the date of a page that states none
    assert by_url["https://news.example/ferry"][0] == "2023-05-01"
    assert by_url["https://news.example/allotments"][0] == "2024-01-02"
    assert by_url["https://news.example/market"] == (
        "2024-01-02",
        f"{plain}#8:https://news.example/market",
        "Night market returns to the square",
    )
    assert by_url["https://news.example/ferry"][1:] == (
        f"{plain}#3:https://news.example/ferry",
        "Harbour ferry gets a new engine",
    )
    assert failures == [(f"{plain}#7:https://news.example/huge", "read")]

    # the gzipped archive holds the same pages: read, and skipped as already stored
    second = run_cli("ingest", str(gzipped), "--db", str(db), "--quiet", env=env)
    assert "stored 0 article(s), skipped 3 already stored, 1 failed" in second.stdout.decode()
    assert f"{gzipped}#7:https://news.example/huge: record too large" in second.stderr.decode()


@pytest.mark.parametrize("gz", [False, True])
def test_only_html_200_responses_are_sources(tmp_path: Path, gz: bool) -> None:
    path = _write(tmp_path / ("a.warc.gz" if gz else "a.warc"), _archive_records(), gz=gz)
    items = list(iter_sources([str(path)], Settings(max_input_bytes=LIMIT)))
    assert [n.split(": ")[0] for n in _names(items)] == [
        f"{path}#3:https://news.example/ferry",
        f"{path}#6:https://news.example/allotments",
        f"FAIL {path}#7:https://news.example/huge",
        f"{path}#8:https://news.example/market",
    ]
    ferry = items[0]
    assert isinstance(ferry, Source) and ferry.html is not None
    assert ferry.meta == {"url": "https://news.example/ferry"}
    assert ferry.fallback == {"published": WARC_DATE}
    market = items[3]
    assert isinstance(market, Source) and "night market returned" in (market.html or "")


def test_truncated_and_corrupt_archives_keep_what_was_read(tmp_path: Path) -> None:
    records = _archive_records()[2:4] + _archive_records()[5:6]  # ferry, 404, allotments
    whole = b"".join(records)
    settings = Settings(max_input_bytes=LIMIT)
    start_of_last = len(records[0]) + len(records[1])

    def read(name: str, data: bytes) -> list[str]:
        path = tmp_path / name
        path.write_bytes(data)
        return _names(list(iter_sources([str(path)], settings)))

    # cut inside the last record's body
    names = read("body.warc", whole[:-400])
    assert names[0] == f"{tmp_path}/body.warc#1:https://news.example/ferry"
    assert names[1].startswith(f"FAIL {tmp_path}/body.warc#3:https://news.example/allotments")
    assert f"truncated record at byte {start_of_last}" in names[1] and len(names) == 2
    # cut inside the last record's WARC header
    names = read("header.warc", whole[: start_of_last + 60])
    assert names[0].endswith("#1:https://news.example/ferry") and len(names) == 2
    assert names[1].startswith(f"FAIL {tmp_path}/header.warc") and "truncated" in names[1]
    assert str(start_of_last) in names[1]
    # a gzipped archive cut short
    gz = b"".join(gzip.compress(r) for r in records)
    names = read("cut.warc.gz", gz[:-200])
    assert names[0].endswith("#1:https://news.example/ferry")
    assert names[-1].startswith("FAIL") and "truncated" in names[-1]
    # not a WARC archive at all
    (only,) = read("noise.warc", b"this is not an archive\n" * 50)
    assert only.startswith(f"FAIL {tmp_path}/noise.warc: not a readable WARC archive")


def test_warc_is_recognised_by_its_content_and_has_no_cheap_total(tmp_path: Path) -> None:
    records = _archive_records()[2:3]
    plain = _write(tmp_path / "capture.dat", records)
    packed = _write(tmp_path / "capture.bin", records, gz=True)
    for path in (plain, packed):
        (item,) = iter_sources([str(path)], Settings())
        assert isinstance(item, Source) and item.name == f"{path}#1:https://news.example/ferry"
    assert estimate_total([str(_write(tmp_path / "x.warc.gz", records, gz=True))]) is None


# Linux carries ru_maxrss over exec, so a child would report the (large) pytest process's peak:
# the child's own peak is VmHWM of /proc/self/status there, ru_maxrss elsewhere.
_MEASURE = """
import resource, sys
from newsgraph.ingest.sources import Source, iter_sources
from newsgraph.settings import Settings
n = failed = 0
for item in iter_sources([sys.argv[1]], Settings(max_input_bytes=2_000_000)):
    n += isinstance(item, Source)
    failed += not isinstance(item, Source)
try:
    with open("/proc/self/status") as fh:
        peak_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_kb = peak // 1024 if sys.platform == "darwin" else peak
print(n, failed, peak_kb)
"""


def _peak_rss_kb(path: Path) -> tuple[int, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, check=True, timeout=120
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


def test_memory_stays_flat_however_large_the_archive(tmp_path: Path) -> None:
    """Peak RSS reading 20 MB and 200 MB archives (one with a 30 MB record that is skipped)."""
    paragraph = "<p>" + "The committee met again and agreed the budget for next year. " * 20
    page = _page("Budget", [paragraph] * 30)  # about 40 kB
    one = _record("https://news.example/page", page)

    def write(path: Path, megabytes: int, huge: bool) -> int:
        count = 0
        with path.open("wb") as fh:
            if huge:
                fh.write(_record("https://news.example/huge", b"<p>x</p>" * 4_000_000))
            while fh.tell() < megabytes * 1_000_000:
                fh.write(one)
                count += 1
        return count

    small, large = tmp_path / "small.warc", tmp_path / "large.warc"
    try:
        n_small = write(small, 20, huge=False)
        n_large = write(large, 200, huge=True)
        read_small, failed_small, rss_small = _peak_rss_kb(small)
        read_large, failed_large, rss_large = _peak_rss_kb(large)
    finally:  # pytest keeps old temporary folders: leave no 220 MB behind
        small.unlink(missing_ok=True)
        large.unlink(missing_ok=True)
    assert (read_small, failed_small) == (n_small, 0)
    assert (read_large, failed_large) == (n_large, 1)  # the 32 MB record, not read
    print(f"peak RSS: {rss_small / 1024:.1f} MB for 20 MB, {rss_large / 1024:.1f} MB for 200 MB")
    assert rss_large - rss_small < 10 * 1024, (rss_small, rss_large)
