"""Reading inputs: folders, sidecars, JSONL records and their failures (no model needed)."""

from __future__ import annotations

import json

import pytest

from newsgraph.errors import MalformedInput
from newsgraph.ingest.article import article_id, normalise_authors, normalise_date
from newsgraph.ingest.sources import Source, iter_sources, source_from_record
from newsgraph.settings import Settings
from newsgraph.types import Failure


def test_folder_is_read_recursively_in_order_with_sidecars(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2020-09-15", "source": "X"}))
    (tmp_path / "b" / "c.html").write_text("<html><body><p>Hi</p></body></html>")
    (tmp_path / ".hidden.txt").write_text("not me")
    items = list(iter_sources([str(tmp_path)], Settings()))
    assert [type(i) for i in items] == [Source, Source]
    assert items[0].meta == {"published": "2020-09-15", "source": "X"} and items[0].text
    assert items[1].html is not None


def test_missing_path_is_a_failure_not_an_exception(tmp_path) -> None:
    (item,) = iter_sources([str(tmp_path / "nope.txt")], Settings())
    assert isinstance(item, Failure) and "no such file" in item.reason


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([1, 2], "JSON object"),
        ({"id": 1}, '"text" or an "html"'),
        ({"text": 42}, "must be a string"),
        ({"text": "   "}, "empty"),
    ],
)
def test_bad_records(record, reason) -> None:
    with pytest.raises(MalformedInput, match=reason):
        source_from_record(record, "f.jsonl:3")


def test_record_metadata_and_numeric_id() -> None:
    src = source_from_record({"id": 7, "text": "x", "authors": ["A"], "url": ""}, "f:1")
    assert src.meta == {"id": "7", "authors": ["A"]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-15", "2020-09-15"),
        ("2020-09-15T10:00:00Z", "2020-09-15"),
        ("15 September 2020", "2020-09-15"),
        ("9/15/20", "2020-09-15"),
        ("", None),
        (None, None),
        ("not a date", None),
        ("2020-13-45", None),
    ],
)
def test_dates(value, expected) -> None:
    assert normalise_date(value) == expected


def test_authors() -> None:
    assert normalise_authors("By Jane Doe, John Roe and Ann Lee") == (
        "Jane Doe",
        "John Roe",
        "Ann Lee",
    )
    assert normalise_authors(["A B", "a b", " "]) == ("A B",)


def test_ids_survive_rewrapping_and_case() -> None:
    assert article_id("Hello  World\n") == article_id("hello world")
    assert article_id("Hello World") != article_id("Hello World!")
