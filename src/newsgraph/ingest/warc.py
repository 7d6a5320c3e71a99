"""WARC archives (``.warc``, ``.warc.gz``) -> sources, one record at a time.

Read with FastWARC, streamed: one record is in memory at a time, and a record larger than
``max_input_bytes`` is skipped without being read, so memory stays flat however large the
archive. What is read: ``response`` records of HTTP 200 with an HTML body (``text/html``,
``application/xhtml+xml``), content and transfer encodings (gzip, brotli, chunked) undone.
Everything else (requests, metadata, redirects, 404s, images, PDFs) is passed over silently.

Each source is named ``FILE#N:URL`` (N counts every record of the file from 1, so it points at
the record with any WARC tool) and carries ``WARC-Target-URI`` as its URL and ``WARC-Date`` as a
fallback publication date, used only when the page states none itself.

A truncated or corrupt archive yields a failure naming the file and the byte position where
reading stopped; every record before it is kept.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import InputError
from newsgraph.ingest.web import charset_of, decode_html, is_html_type
from newsgraph.settings import Settings
from newsgraph.types import Failure

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

    from newsgraph.ingest.sources import Source

WARC_SUFFIXES = (".warc", ".warc.gz")
_MAGIC = b"WARC/"
_GZIP_MAGIC = b"\x1f\x8b"
_CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE)
# Bytes of a record header read to check where the archive's last record ends.
_HEADER_PEEK = 64 * 1024


def is_warc_name(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(path: Path) -> bool:
    """Whether the file starts like a WARC archive, plain or gzipped (reads a few KB)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head.startswith(_MAGIC):
        return True
    if head.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64).startswith(_MAGIC)
        except zlib.error:
            return False
    return False


def iter_warc(path: Path, settings: Settings) -> Iterator[Source | Failure]:
    """The HTML pages of one WARC file, then a failure if the archive breaks off early."""
    from fastwarc.warc import ArchiveIterator

    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(name, f"cannot read: {exc.strerror or exc}", "read")
        return
    n = 0
    last_pos: int | None = None
    last_failed = False  # whether the last record already yielded a failure
    with fh:
        try:
            for record in ArchiveIterator(fh, parse_http=True, auto_decode="all"):
                n += 1
                last_pos = record.stream_pos
                last_failed = False
                for item in _from_record(record, n, name, settings):
                    last_failed = isinstance(item, Failure)
                    yield item
        except Exception as exc:  # FastWARC raises OSError (and others) on broken bytes
            if n == 0:
                yield Failure(name, f"not a readable WARC archive: {exc}", "parse")
            else:
                yield Failure(
                    name,
                    f"corrupt or truncated archive after record {n} (byte {last_pos}): {exc}; "
                    "the records before it were read",
                    "read",
                )
            return
    if n == 0 and path.stat().st_size > 0:
        yield Failure(name, "no WARC record found (not a WARC archive?)", "parse")
    elif last_pos is not None and not last_failed and not _is_compressed(path):
        problem = _check_end(path, last_pos)
        if problem is not None:
            yield Failure(name, f"{problem}; the records before it were read", "read")


def _from_record(
    record: WarcRecord, n: int, name: str, settings: Settings
) -> Iterator[Source | Failure]:
    from fastwarc.warc import WarcRecordType

    from newsgraph.ingest.sources import Source

    headers = record.headers
    uri = (headers.get("WARC-Target-URI") or "").strip().strip("<>")
    where = f"{name}#{n}:{uri}" if uri else f"{name}#{n}"
    pos = record.stream_pos
    if not headers.get("WARC-Type") or headers.get("Content-Length") is None:
        yield Failure(where, f"truncated or corrupt record header at byte {pos}", "read")
        return
    if record.record_type != WarcRecordType.response:
        return
    if headers.get("WARC-Record-ID") is None:
        yield Failure(where, f"truncated or corrupt record header at byte {pos}", "read")
        return
    if "application/http" not in (headers.get("Content-Type") or "application/http").lower():
        return  # dns:, ftp: and other non-HTTP responses
    http = record.http_headers
    status = http.status_code if http is not None else None
    if http is None or status is None:
        yield Failure(where, f"truncated or corrupt HTTP header at byte {pos}", "read")
        return
    if status != 200:
        return
    content_type = http.get("Content-Type")
    if not is_html_type(content_type):
        return
    limit = settings.max_input_bytes
    if record.content_length > limit:
        yield Failure(where, _too_large(record.content_length, limit), "read")
        return
    try:
        data = record.reader.read(limit + 1)
    except Exception as exc:  # a broken gzip/brotli body
        yield Failure(where, f"unreadable body at byte {pos}: {exc}", "decode")
        return
    if len(data) > limit:
        yield Failure(where, _too_large(None, limit), "read")
        return
    encoding = (http.get("Content-Encoding") or "identity").strip().lower()
    encoded = encoding != "identity" or http.get("Transfer-Encoding") is not None
    if not encoded and len(data) < record.content_length:
        yield Failure(
            where,
            f"truncated record at byte {pos}: {len(data):,} of {record.content_length:,} "
            "body bytes",
            "read",
        )
        return
    try:
        text = decode_html(data, charset_of(content_type), where)
    except InputError as exc:
        yield Failure(exc.input_name, exc.reason, exc.stage)
        return
    meta = {"url": uri} if uri else {}
    date = (headers.get("WARC-Date") or "").strip()
    yield Source(where, html=text, meta=meta, fallback={"published": date} if date else {})


def _is_compressed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return not fh.read(len(_MAGIC)).startswith(_MAGIC)
    except OSError:
        return True


def _check_end(path: Path, last_pos: int) -> str | None:
    """What is wrong with the end of a plain archive, if anything.

    FastWARC passes over a record cut off inside its header, and over the cut-off body of a
    record nobody reads, without a word; this finds both by reading the last record's header
    and comparing where the record should end with the size of the file.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(last_pos)
            head = fh.read(_HEADER_PEEK)
    except OSError:
        return None
    end_of_header = head.find(b"\r\n\r\n")
    if end_of_header < 0:
        if len(head) < _HEADER_PEEK:
            return f"truncated archive: the header of the last record (byte {last_pos}) is cut off"
        return None
    match = _CONTENT_LENGTH.search(head, 0, end_of_header)
    if match is None:
        return None
    end = last_pos + end_of_header + 4 + int(match.group(1))
    if end > size:
        return f"truncated archive: the last record (byte {last_pos}) is cut off at byte {size} of {end}"
    try:
        with path.open("rb") as fh:
            fh.seek(end)
            rest = fh.read(min(size - end, _HEADER_PEEK))
    except OSError:
        return None
    if rest.strip():
        return f"truncated archive: unreadable bytes from byte {end} on (a record cut off in its header?)"
    return None


def _too_large(size: int | None, limit: int) -> str:
    what = f"record too large: {size / 1e6:.1f} MB is" if size is not None else "decoded page is"
    return f"{what} over the {limit / 1e6:.1f} MB limit (setting max_input_bytes)"
