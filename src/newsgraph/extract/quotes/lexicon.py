"""The quotes lexicon: ``extract/lexicons/quotes.yaml`` loaded once, at import.

The YAML holds every word list the quote rules use; this module only turns it into the sets and
maps they look words up in, as :data:`LEXICON`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Final

import yaml

Phrase = tuple[str, ...]


def _forms(table: Mapping[str, Any]) -> dict[str, str]:
    """``{form: lemma}`` for a ``lemma: [forms]`` table."""
    out: dict[str, str] = {}
    for lemma, forms in table.items():
        for form in forms or ():
            out[str(form).lower()] = str(lemma)
    return out


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


def _phrases(items: Iterable[Any]) -> frozenset[Phrase]:
    return frozenset(tuple(str(x).lower().split()) for x in items)


class _Lexicon:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.speech: dict[str, str] = _forms(raw["speech_verbs"])
        self.belief: dict[str, str] = _forms(raw["belief_verbs"])
        self.finding: dict[str, str] = _forms(raw["finding_verbs"])
        self.object: dict[str, str] = _forms(raw["object_verbs"])
        self.multiword: dict[Phrase, str] = {
            tuple(str(k).lower().split()): str(v) for k, v in raw["multiword_cues"].items()
        }
        self.multiword_first = frozenset(p[0] for p in self.multiword)
        self.noun_cues = _words(raw["noun_cues"])
        self.noun_cue_preps = _words(raw["noun_cue_preps"])
        self.as_marks = _words(raw["as_marks"])

        self.relay_verbs = _words(raw["relay_verbs"])
        self.relay_passive = _phrases(raw["relay_passive"])
        self.outlet_descriptors = _phrases(raw["outlet_descriptors"])

        self.pronouns: dict[str, str] = {
            str(k).lower(): str(v) for k, v in raw["speaker_pronouns"].items()
        }
        self.gender_titles: dict[str, str] = {
            str(k).lower(): str(v) for k, v in raw["gender_titles"].items()
        }
        self.role_classes: dict[str, frozenset[str]] = {}  # role word -> classes it is in
        classes: dict[str, set[str]] = {}
        for cls, words in raw["person_roles"].items():
            for w in words:
                classes.setdefault(str(w).lower(), set()).add(str(cls))
        self.role_classes = {k: frozenset(v) for k, v in classes.items()}
        self.role_heads = frozenset(w.split()[-1] for w in self.role_classes)
        self.plural_roles: dict[str, str] = {
            str(k).lower(): str(v) for k, v in raw["plural_roles"].items()
        }
        self.speaking_bodies = _words(raw["speaking_bodies"])

        self.scare_markers = _phrases(raw["scare_markers"])
        self.min_words_without_cue = int(raw["min_words_without_cue"])
        self.floating_max_paragraphs = int(raw["floating_max_paragraphs"])
        self.floating_min_words = int(raw["floating_min_words"])
        self.max_gap_after = int(raw["max_gap_tokens_after"])
        self.max_gap_before = int(raw["max_gap_tokens_before"])

    def cue_lemma(self, form: str) -> str | None:
        """The lemma of a one-word cue of any kind, or None."""
        return (
            self.speech.get(form)
            or self.belief.get(form)
            or self.finding.get(form)
            or self.object.get(form)
        )


def _load() -> _Lexicon:
    path = resources.files("newsgraph.extract").joinpath("lexicons", "quotes.yaml")
    return _Lexicon(yaml.safe_load(path.read_text(encoding="utf-8")))


LEXICON: Final = _load()
