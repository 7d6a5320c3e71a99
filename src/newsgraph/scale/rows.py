"""Analyses as flat rows (JSON in a column) and back, exactly: the Ray runner's Parquet format.

``to_json(a)`` holds every field of every record (``Analysis.to_dict()`` leaves out what only
the store needs: the raw text, the input name, extractor names), and ``from_json`` rebuilds
an :class:`Analysis` equal to the one written: ``from_json(to_json(a)) == a``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from newsgraph.types import (
    Analysis,
    Article,
    Citation,
    Entity,
    Failure,
    Figure,
    Mention,
    Quote,
    Removed,
)

# the columns of one row; ``analysis`` is empty for a failure, ``reason``/``stage`` for an analysis
COLUMNS = ("seq", "kind", "article_id", "input_name", "analysis", "reason", "stage")


def to_json(a: Analysis) -> str:
    return json.dumps(
        {
            "article": dataclasses.asdict(a.article),
            "entities": [dataclasses.asdict(e) for e in a.entities],
            "figures": [dataclasses.asdict(f) for f in a.figures],
            "quotes": [dataclasses.asdict(q) for q in a.quotes],
            "citations": [dataclasses.asdict(c) for c in a.citations],
            "events": list(a.events),
            "actors": list(a.actors),
        },
        ensure_ascii=False,
    )


def _mention(d: dict[str, Any] | None) -> Mention | None:
    return None if d is None else Mention(**d)


def from_json(text: str) -> Analysis:
    d = json.loads(text)
    art = dict(d["article"])
    art["authors"] = tuple(art["authors"])
    art["removed"] = tuple(Removed(**r) for r in art["removed"])
    entities = tuple(
        Entity(
            **{
                **e,
                "mentions": tuple(Mention(**m) for m in e["mentions"]),
                "roles": tuple(e["roles"]),
            }
        )
        for e in d["entities"]
    )
    quotes = tuple(
        Quote(
            **{
                **q,
                "speaker_mention": _mention(q["speaker_mention"]),
                "cue": _mention(q["cue"]),
                "via": tuple(q["via"]),
                "parts": tuple((int(s), int(e)) for s, e in q["parts"]),
            }
        )
        for q in d["quotes"]
    )
    citations = tuple(Citation(**{**c, "cue": _mention(c["cue"])}) for c in d["citations"])
    return Analysis(
        article=Article(**art),
        entities=entities,
        figures=tuple(Figure(**f) for f in d["figures"]),
        quotes=quotes,
        citations=citations,
        events=tuple(d["events"]),
        actors=tuple(d["actors"]),
    )


def to_row(seq: int, result: Analysis | Failure) -> dict[str, Any]:
    if isinstance(result, Analysis):
        return {
            "seq": seq,
            "kind": "analysis",
            "article_id": result.article.id,
            "input_name": result.article.input_name,
            "analysis": to_json(result),
            "reason": "",
            "stage": "",
        }
    return {
        "seq": seq,
        "kind": "failure",
        "article_id": "",
        "input_name": result.input_name,
        "analysis": "",
        "reason": result.reason,
        "stage": result.stage,
    }


def from_row(row: dict[str, Any]) -> Analysis | Failure:
    if row["kind"] == "analysis":
        return from_json(row["analysis"])
    return Failure(row["input_name"], row["reason"], row["stage"])
