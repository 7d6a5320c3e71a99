"""newsgraph: a sourced, queryable record of what happened in the news and who said it.

    >>> import newsgraph
    >>> analysis = newsgraph.analyze("Putin said Russia will lend Belarus $1.5 billion.")
    >>> [f.unit for f in analysis.figures]
    ['USD']

Names are imported on first use, so ``import newsgraph.ingest`` (or the CLI's ``--help``) does
not pay for spaCy and DuckDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.errors import NewsgraphError
    from newsgraph.pipeline import Analyzer, analyze
    from newsgraph.settings import Settings
    from newsgraph.store.db import Store, open_store
    from newsgraph.types import Analysis, Article, Entity, Figure, Mention, Removed

__version__ = "0.1.0"

_WHERE = {
    "Analysis": "newsgraph.types",
    "Analyzer": "newsgraph.pipeline",
    "Article": "newsgraph.types",
    "Entity": "newsgraph.types",
    "Figure": "newsgraph.types",
    "Mention": "newsgraph.types",
    "NewsgraphError": "newsgraph.errors",
    "Removed": "newsgraph.types",
    "Settings": "newsgraph.settings",
    "Store": "newsgraph.store.db",
    "analyze": "newsgraph.pipeline",
    "open_store": "newsgraph.store.db",
}

__all__ = [
    "Analysis",
    "Analyzer",
    "Article",
    "Entity",
    "Figure",
    "Mention",
    "NewsgraphError",
    "Removed",
    "Settings",
    "Store",
    "analyze",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
