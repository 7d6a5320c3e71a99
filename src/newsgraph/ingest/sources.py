"""Paths, directories, stdin, JSONL files, WARC archives, feeds and URLs -> raw sources.

A *source* is one article as it arrived: plain text or HTML plus whatever metadata came with it.
Reading never stops at a bad input: it yields a :class:`Failure` for it and goes on, so one
broken line of a JSONL file or one binary file in a directory costs only itself.

Plain-text files may carry metadata in a sidecar ``<stem>.meta.json`` next to them (the same
keys as a JSONL line: ``id, title, published, source, url, authors``).

WARC archives are read in :mod:`newsgraph.ingest.warc`; feeds and URLs in
:mod:`newsgraph.ingest.feeds` (which fetches through :mod:`newsgraph.ingest.fetch`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from newsgraph.errors import InputError, InputTooLarge, MalformedInput
from newsgraph.ingest.decode import decode_bytes
from newsgraph.settings import Settings
from newsgraph.types import Failure

if TYPE_CHECKING:
    from newsgraph.ingest.feeds import WebInputs

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
SIDECAR_SUFFIX = ".meta.json"
# Suffixes whose files are never sniffed for WARC content.
_PLAIN_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | {".txt", ".text", ".md"}
META_KEYS = ("id", "title", "published", "source", "url", "authors", "language")


@dataclass(frozen=True, slots=True)
class Source:
    """One article as it arrived, before any analysis."""

    name: str  # names the input in messages and the failures table
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Metadata the container knew (a WARC record's date): used only where the page and ``meta``
    # say nothing.
    fallback: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputOptions:
    """What the ingest runner tells the readers of feeds and URLs."""

    # Which of these article ids are stored already: their pages are not fetched.
    known: Callable[[list[str]], set[str]] | None = None
    # Feed items published before this day are skipped.
    since: date | None = None
    # Told of every item passed over before reading: (input name, "stored" | "older").
    on_skip: Callable[[str, str], None] | None = None


def iter_sources(
    paths: Iterable[str], settings: Settings, options: InputOptions | None = None
) -> Iterator[Source | Failure]:
    """Every source under ``paths`` (``-`` is stdin, ``http(s)://`` a URL), in a stable order."""
    web = _Web(settings, options or InputOptions())
    try:
        for p in paths:
            if p == "-":
                yield from _from_stream(sys.stdin.buffer, "<stdin>", settings)
                continue
            if p[:8].lower().startswith(("http://", "https://")):
                yield from web.inputs.url(p)
                continue
            path = Path(p)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    rel = child.relative_to(path)
                    if (
                        child.is_file()
                        and not _hidden(rel)
                        and not child.name.endswith(SIDECAR_SUFFIX)
                    ):
                        yield from _from_file(child, settings, web)
            elif path.is_file():
                yield from _from_file(path, settings, web)
            elif not path.exists():
                yield Failure(str(path), "no such file or directory", "read")
            else:
                yield Failure(str(path), "not a regular file or directory", "read")
    finally:
        web.close()


class _Web:
    """The feed and URL reader, made on first use (it imports the HTTP client)."""

    def __init__(self, settings: Settings, options: InputOptions) -> None:
        self.settings = settings
        self.options = options
        self._inputs: WebInputs | None = None

    @property
    def inputs(self) -> WebInputs:
        if self._inputs is None:
            from newsgraph.ingest.feeds import WebInputs

            self._inputs = WebInputs(self.settings, self.options)
        return self._inputs

    def close(self) -> None:
        if self._inputs is not None:
            self._inputs.close()


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def _from_file(path: Path, settings: Settings, web: _Web) -> Iterator[Source | Failure]:
    from newsgraph.ingest.feeds import is_feed_file
    from newsgraph.ingest.warc import is_warc_name, iter_warc, looks_like_warc

    name = str(path)
    suffix = path.suffix.lower()
    if is_warc_name(path) or (suffix not in _PLAIN_SUFFIXES and looks_like_warc(path)):
        yield from iter_warc(path, settings)
        return
    if is_feed_file(path):
        yield from web.inputs.feed_file(path)
        return
    try:
        if suffix in JSONL_SUFFIXES:
            size = path.stat().st_size
            if size > settings.max_jsonl_bytes:
                raise InputTooLarge(
                    name, _too_large(size, settings.max_jsonl_bytes, "max_jsonl_bytes")
                )
            with path.open("rb") as fh:
                yield from _jsonl_lines(fh, name, settings)
            return
        size = path.stat().st_size
        if size > settings.max_input_bytes:
            raise InputTooLarge(name, _too_large(size, settings.max_input_bytes, "max_input_bytes"))
        data = path.read_bytes()
    except InputError as exc:
        yield Failure(exc.input_name, exc.reason, exc.stage)
        return
    except OSError as exc:
        yield Failure(name, f"cannot read: {exc.strerror or exc}", "read")
        return
    if suffix in JSON_SUFFIXES:
        yield from _json_document(data, name)
        return
    try:
        text = decode_bytes(data, name)
    except InputError as exc:
        yield Failure(exc.input_name, exc.reason, exc.stage)
        return
    meta = _sidecar(path)
    if isinstance(meta, Failure):
        yield meta
        meta = {}
    if suffix in HTML_SUFFIXES or (
        suffix not in {".txt", ".text", ".md"} and _looks_like_html(text)
    ):
        yield Source(name, html=text, meta=meta)
    else:
        yield Source(name, text=text, meta=meta)


def _from_stream(stream: BinaryIO, name: str, settings: Settings) -> Iterator[Source | Failure]:
    data = stream.read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        yield Failure(
            name, _too_large(len(data), settings.max_input_bytes, "max_input_bytes"), "read"
        )
        return
    try:
        text = decode_bytes(data, name)
    except InputError as exc:
        yield Failure(exc.input_name, exc.reason, exc.stage)
        return
    if _looks_like_html(text):
        yield Source(name, html=text)
    else:
        yield Source(name, text=text)


def _jsonl_lines(fh: BinaryIO, name: str, settings: Settings) -> Iterator[Source | Failure]:
    for lineno, line in enumerate(fh, start=1):
        where = f"{name}:{lineno}"
        if not line.strip():
            continue
        if len(line) > settings.max_input_bytes:
            yield Failure(
                where, _too_large(len(line), settings.max_input_bytes, "max_input_bytes"), "read"
            )
            continue
        try:
            obj = json.loads(decode_bytes(line, where))
            yield source_from_record(obj, where)
        except InputError as exc:
            yield Failure(exc.input_name, exc.reason, exc.stage)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON: {exc.msg} at column {exc.colno}", "parse")


def _json_document(data: bytes, name: str) -> Iterator[Source | Failure]:
    try:
        obj = json.loads(decode_bytes(data, name))
    except InputError as exc:
        yield Failure(exc.input_name, exc.reason, exc.stage)
        return
    except json.JSONDecodeError as exc:
        yield Failure(name, f"invalid JSON: {exc.msg} at line {exc.lineno}", "parse")
        return
    records = obj if isinstance(obj, list) else [obj]
    for i, rec in enumerate(records):
        where = name if len(records) == 1 else f"{name}[{i}]"
        try:
            yield source_from_record(rec, where)
        except InputError as exc:
            yield Failure(exc.input_name, exc.reason, exc.stage)


def source_from_record(obj: Any, where: str) -> Source:
    """A JSON object ``{"id", "text" | "html", "title", ...}`` -> :class:`Source`."""
    if not isinstance(obj, dict):
        raise MalformedInput(where, f"expected a JSON object, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        raise MalformedInput(where, 'needs a "text" or an "html" field')
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise MalformedInput(where, f'"{key}" must be a string, got {type(value).__name__}')
    meta = {k: obj[k] for k in META_KEYS if obj.get(k) not in (None, "", [])}
    if "id" in meta:
        meta["id"] = str(meta["id"])
    if text is not None and text.strip():
        return Source(where, text=text, meta=meta)
    if html is not None and html.strip():
        return Source(where, html=html, meta=meta)
    raise MalformedInput(where, "empty text")


def _sidecar(path: Path) -> dict[str, Any] | Failure:
    side = path.with_name(
        path.name[: -len(path.suffix)] + SIDECAR_SUFFIX
        if path.suffix
        else path.name + SIDECAR_SUFFIX
    )
    if not side.is_file():
        return {}
    try:
        obj = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Failure(str(side), f"unreadable metadata sidecar: {exc}", "parse")
    if not isinstance(obj, dict):
        return Failure(str(side), "metadata sidecar must hold a JSON object", "parse")
    return {k: obj[k] for k in META_KEYS if obj.get(k) not in (None, "", [])}


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head


def _too_large(size: int, limit: int, setting: str) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB limit (setting {setting})"
    )
