"""The citations lexicon: ``extract/lexicons/citations.yaml`` loaded once, at import.

The YAML holds every word list the citation rules use; this module turns it into the sets,
phrase tables and compiled cue patterns :mod:`newsgraph.extract.citations` looks things up in,
as :data:`LEXICON`, and holds the tests a name passes on its words alone (:func:`body_kind`,
:func:`is_outlet_name`, :func:`joined_name`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, Literal

import yaml
from spacy.tokens import Token

from newsgraph.types import CitationKind

# A domain name standing as a name ("according to tut.by"): an outlet.
DOMAIN: Final = re.compile(
    r"^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*\.(?:[a-z]{2}|com|net|org|info|news)$"
)
_NAME_SPLIT: Final = re.compile(r"[\s\-–/]+")

Phrase = tuple[str, ...]
Accept = Literal["any", "source", "media"]
VerbClass = Literal["report", "speech", "finding"]


class PhraseSet(frozenset[Phrase]):
    """Phrases (tuples of words) with the longest length, for n-gram look-ups."""

    longest: int

    def __new__(cls, items: Iterable[Phrase]) -> PhraseSet:
        self = super().__new__(cls, items)
        self.longest = max((len(p) for p in self), default=0)
        return self

    def ending(self, words: Sequence[str]) -> Phrase | None:
        """The longest phrase that ``words`` ends with, or None."""
        for n in range(min(self.longest, len(words)), 0, -1):
            tail = tuple(words[-n:])
            if tail in self:
                return tail
        return None

    def inside(self, words: Sequence[str]) -> Phrase | None:
        """The first (longest) phrase found anywhere in ``words``, or None."""
        for n in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                gram = tuple(words[i : i + n])
                if gram in self:
                    return gram
        return None


def _phrases(items: Iterable[Any], lower: bool = True) -> PhraseSet:
    return PhraseSet(tuple((str(x).lower() if lower else str(x)).split()) for x in items)


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


@dataclass(frozen=True, slots=True)
class PhraseCue:
    """A cue the source follows: word slots (alternatives, optional or not)."""

    slots: tuple[tuple[frozenset[str], bool], ...]
    accept: Accept
    after_document: bool
    named_only: bool

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> PhraseCue:
        slots = []
        for slot in str(raw["cue"]).lower().split():
            optional = slot.endswith("?")
            words = slot.rstrip("?").strip("()").split("|")
            slots.append((frozenset(words), optional))
        accept = str(raw.get("accept", "any"))
        if accept not in ("any", "source", "media"):
            raise ValueError(f"citations.yaml: bad accept {accept!r} in {raw!r}")
        return cls(
            tuple(slots),
            accept,  # type: ignore[arg-type]
            bool(raw.get("after_document", False)),
            bool(raw.get("named_only", False)),
        )

    def match(self, words: Sequence[str], i: int) -> int | None:
        """The end (exclusive) of the longest match starting at ``words[i]``, or None."""
        best: int | None = None

        def walk(slot: int, at: int) -> None:
            nonlocal best
            if slot == len(self.slots):
                if best is None or at > best:
                    best = at
                return
            alternatives, optional = self.slots[slot]
            if at < len(words) and words[at] in alternatives:
                walk(slot + 1, at + 1)
            if optional:
                walk(slot + 1, at)

        walk(0, i)
        return best


class Lexicon:
    """The YAML lexicon as the sets, phrase tables and cue patterns the rules use."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.phrase_cues = tuple(PhraseCue.parse(c) for c in raw["phrase_cues"])
        first: dict[str, list[PhraseCue]] = {}
        for cue in self.phrase_cues:
            for word in cue.slots[0][0]:
                first.setdefault(word, []).append(cue)
        self.cues_by_first: dict[str, tuple[PhraseCue, ...]] = {
            k: tuple(v) for k, v in first.items()
        }
        self.subject_cues: dict[str, VerbClass] = {
            str(k): v for k, v in raw["subject_cues"].items()
        }
        self.not_cue_tags = frozenset(str(t) for t in raw["not_cue_tags"])
        self.outlet_verbs = _words(raw["outlet_verbs"])
        self.report_not_with_prep = _words(raw["report_not_with_prep"])
        self.speech_not_with_prep = _words(raw["speech_not_with_prep"])
        self.statement_channels = _words(raw["statement_channels"])

        media = raw["media"]
        self.outlets = frozenset(str(x) for x in media["outlets"])  # case-sensitive
        self.media_name_words = frozenset(str(x) for x in media["name_words"])  # case-sensitive
        self.media_descriptors = _phrases(media["descriptors"])
        self.platforms = frozenset(str(x) for x in media["platforms"])  # case-sensitive

        gov = raw["government"]
        self.government_words = _phrases(gov["words"])
        self.government_acronyms = frozenset(str(x) for x in gov["acronyms"])  # case-sensitive
        self.state_media = _phrases(media["state_media"])

        self.mouthpieces = _phrases(raw["mouthpieces"])
        self.mouthpieces_needing_owner = _phrases(raw["needs_owner"])

        anon = raw["anonymous"]
        self.anonymous_heads = _words(anon["heads"])
        self.anonymous_if_modified = _words(anon["needs_modifier"])
        self.anonymous_modifiers = _words(anon["modifiers"])
        self.anonymity_words = _words(anon["anonymity_words"])
        self.anonymous_not_with = _words(anon["not_with"])
        self.anonymous_preps = _words(anon["prepositions"])

        document = raw["document"]
        self.document_heads = _phrases(document["heads"])
        self.documents_needing_owner = _phrases(document["needs_owner"])

        self.organisation_words = _phrases(raw["organisation"]["words"])
        self.organisation_names = frozenset(str(x) for x in raw["organisation"]["names"])
        self.person_roles = _phrases(raw["person_roles"])
        self.not_sources = _words(raw["not_sources"])
        self.not_alone = _words(raw["not_alone"])
        self.drop_front = _words(raw["drop_front"])


def _load() -> Lexicon:
    path = resources.files("newsgraph.extract").joinpath("lexicons", "citations.yaml")
    return Lexicon(yaml.safe_load(path.read_text(encoding="utf-8")))


LEXICON: Final = _load()


# --- what a name says by itself -----------------------------------------------------------


def body_kind(ent_name: str | None, name: str, words: list[str]) -> CitationKind | None:
    """Government, media or organisation by the words of a body's name, or None.

    An entity's name is read head first: the head of "Ethical Society of Police" is "Society"
    (an organisation), of "Bureau of Labor Statistics" "Bureau" (government). A phrase that is
    no entity is read by its last words ("the Interior Ministry", "Russian authorities").
    """
    if any(w in LEXICON.government_acronyms for w in name.split()):
        return "government"
    if ent_name is None:
        if LEXICON.government_words.ending(words):
            return "government"
        if name and (DOMAIN.match(name) or has_media_word(name)):
            return "media"
        if LEXICON.organisation_words.ending(words):
            return "organisation"
        return None
    lowered = ent_name.lower().split()
    cut = next((i for i, w in enumerate(lowered) if w in ("of", "for")), len(lowered))
    for part in (lowered[:cut], lowered) if cut < len(lowered) else (lowered,):
        if LEXICON.media_descriptors.inside(part) and any(w in part for w in ("news", "press")):
            return "media"  # "Korea Central News Agency", "Press Association"
        if LEXICON.government_words.inside(part):
            return "government"
        if LEXICON.organisation_words.inside(part):
            return "organisation"
        if part is lowered and (DOMAIN.match(ent_name) or has_media_word(ent_name)):
            return "media"
    return None


def is_outlet_name(name: str) -> bool:
    """Whether a name alone says it is a news outlet: a seed outlet or "... Times" (a domain
    is not enough: "its website txlr.net" is no newspaper)."""
    words = name.split()
    return bool(
        name in LEXICON.outlets or (words and words[0] in LEXICON.outlets) or has_media_word(name)
    )


def has_media_word(name: str) -> bool:
    """ "The Washington Post", "USA TODAY": a capitalised outlet word in the name."""
    words = _NAME_SPLIT.split(name)  # "Austin American-Statesman"
    return any(
        w in LEXICON.media_name_words or w.title() in LEXICON.media_name_words for w in words
    )


def joined_name(head: Token) -> Token | None:
    """The last word of "Post and Courier", "Johnson & Johnson": two capitalised names joined
    by "and" or "&" with nothing else between, read as one name; None otherwise."""
    doc = head.doc
    if head.pos_ != "PROPN" or head.i + 2 >= len(doc):
        return None
    link, other = doc[head.i + 1], doc[head.i + 2]
    if link.lower_ not in ("and", "&") or other.dep_ != "conj" or other.head.i != head.i:
        return None
    if other.pos_ != "PROPN" or not other.text[:1].isupper():
        return None
    if head.text in LEXICON.outlets and other.text in LEXICON.outlets:
        return None  # "Reuters and Bloomberg" are two
    return other


def head_word(name: str) -> str:
    """The word a name is a kind of: "Interior Ministry" -> ministry, "Church of Jesus Christ
    of Latter Day Saints" -> church."""
    words = name.lower().split()
    cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    return words[cut - 1] if cut else ""
