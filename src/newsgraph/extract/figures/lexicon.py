"""The figures lexicon: ``extract/lexicons/figures.yaml`` loaded once, at import.

The YAML holds every word list the figure rules use; this module only turns it into the sets,
maps, phrase tables and the hedge regex the scanner looks things up in, as :data:`LEXICON`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Final

import yaml

Phrase = tuple[str, ...]


class _Table(dict[Phrase, Any]):
    """Phrases (tuples of lower-case words) to values, with what a fast negative lookup needs."""

    def __init__(self, entries: Iterable[tuple[Phrase, Any]]) -> None:
        super().__init__(entries)
        self.first = frozenset(k[0] for k in self)
        self.longest = max((len(k) for k in self), default=0)


def _phrases(items: Iterable[Any]) -> _Table:
    return _Table((tuple(str(k).lower().split()), str(k)) for k in items)


def _phrase_map(mapping: Mapping[Any, Any]) -> _Table:
    return _Table((tuple(str(k).lower().split()), v) for k, v in mapping.items())


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


class _Lexicon:
    """The YAML lexicon, turned into the sets, maps and regexes the scanner looks things up in."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.units: dict[str, float] = {k: float(v) for k, v in raw["units"].items()}
        self.tens: dict[str, float] = {k: float(v) for k, v in raw["tens"].items()}
        self.multipliers: dict[str, float] = {k: float(v) for k, v in raw["multipliers"].items()}
        self.scales: dict[str, float] = {k: float(v) for k, v in raw["scales"].items()}
        self.scale_abbr: dict[str, float] = {
            k: float(v) for k, v in raw["scale_abbreviations"].items()
        }
        self.money_only_abbr = _words(raw["money_only_abbreviations"])
        self.currency_symbols: dict[str, str] = dict(raw["currency_symbols"])
        self.dollar_prefixes: dict[str, str] = dict(raw["dollar_prefixes"])
        codes = {str(c): str(c) for c in raw["currency_codes"]}
        codes.update(raw["currency_code_aliases"])
        self.currency_codes: dict[str, str] = codes  # case-sensitive on purpose
        self.currency_prefix_words: dict[str, str] = dict(raw["currency_prefix_words"])
        self.currency_words = _phrase_map(raw["currency_words"])
        self.currency_words_after_scale = _phrase_map(raw["currency_words_after_scale"])
        self.subunits = _Table(
            (k, (str(v[0]), float(v[1]))) for k, v in _phrase_map(raw["currency_subunits"]).items()
        )
        self.percent_words = _Table((p, "percent") for p in _phrases(raw["percent_words"]))
        self.compound_units = _phrase_map(raw["compound_units"])
        self.unit_abbr = _phrase_map(raw["unit_abbreviations"])

        self.qualifier_of: dict[str, str] = {}
        for qualifier, phrases in raw["qualifiers"].items():
            for phrase in phrases:
                self.qualifier_of[" ".join(str(phrase).lower().split())] = str(qualifier)
        self.no_qualifier_before_duration = _words(raw["qualifiers_not_before_durations"])
        self.qualifier_re = self._qualifier_regex(self.qualifier_of)
        self.post_qualifiers = _phrase_map(raw["post_qualifiers"])
        self.range_openers: dict[str, str] = {
            str(k).lower(): str(v).lower() for k, v in raw["range_openers"].items()
        }
        self.range_connectors = _words(raw["range_connectors"])

        self.durations: dict[str, str] = dict(raw["durations"])
        self.irregular: dict[str, str] = dict(raw["irregular_plurals"])
        self.invariant = _words(raw["invariant_plurals"])
        self.not_count = _words(raw["not_count_nouns"])
        self.furniture = _words(raw["furniture_nouns"])
        self.hyphen_units = _words(raw["hyphenated_count_units"])
        self.time_words = _words(raw["time_of_day_words"])
        self.relative = _phrases(raw["relative_time_words"])
        self.age_words = _words(raw["age_words"])
        self.label_words = _words(raw["label_words"])
        self.capitalised_ok = _words(raw["capitalised_ok_before_count"])
        self.stop_words = _words(raw["count_stop_words"])
        self.months = _words(raw["months"])
        self.weekdays = _words(raw["weekdays"])
        self.year_lo, self.year_hi = (int(x) for x in raw["year_range"])

        self.measure_generic = _words(raw["measure_generic_heads"])
        self.measure_drop = _words(raw["measure_drop_modifiers"])
        self.measure_max_words = int(raw["measure_max_words"])
        self.measure_verbs = _words(raw["measure_subject_verbs"])
        self.units_of_measure = _words(raw["units_of_measure"])

        # Words that may never be a modifier or the counted noun itself.
        self.not_noun = (
            self.stop_words
            | self.months
            | self.weekdays
            | self.time_words
            | frozenset(self.units)
            | frozenset(self.tens)
            | frozenset(self.multipliers)
            | frozenset(self.scales)
            | frozenset(p[0] for p in self.percent_words)
            | frozenset(p[0] for p in self.currency_words if len(p) == 1)
        )
        self.number_words = frozenset(self.units) | frozenset(self.tens)
        self.scale_words = frozenset(self.multipliers) | frozenset(self.scales)

    @staticmethod
    def _qualifier_regex(qualifier_of: Mapping[str, str]) -> re.Pattern[str]:
        # Anchored at the end of the text before the figure; re.search returns the leftmost hit,
        # so "no more than" wins over "more than" without any ordering trick.
        alts = []
        for phrase in sorted(qualifier_of, key=len, reverse=True):
            body = r"[ \t\u00a0]+".join(re.escape(w) for w in phrase.split())
            guard = r"(?<![\w-])" if phrase[0].isalnum() else ""
            alts.append(guard + body)
        return re.compile(
            r"(?P<q>" + "|".join(alts) + r")[ \t\u00a0\u2009\u202f]{0,3}\Z", re.IGNORECASE
        )


def _load_lexicon() -> _Lexicon:
    path = resources.files("newsgraph.extract").joinpath("lexicons", "figures.yaml")
    return _Lexicon(yaml.safe_load(path.read_text(encoding="utf-8")))


LEXICON: Final = _load_lexicon()
