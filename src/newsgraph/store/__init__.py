"""The DuckDB store. This module holds only names the CLI needs before it opens anything (so
that ``newsgraph --help`` imports no database code)."""

# The tables ``newsgraph export`` and ``/api/export`` write, and their formats.
EXPORT_TABLES = (
    "articles", "entities", "mentions", "figures", "quotes", "citations", "events",
    "event_mentions", "actors", "article_actors", "actor_roles", "removed", "failures",
)  # fmt: skip
EXPORT_FORMATS = ("csv", "jsonl", "parquet", "gdelt-tsv")
