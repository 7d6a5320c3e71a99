"""What a cited noun phrase is: its extent, its canonical name and its kind.

:class:`SourceFinder` holds one document's entity index and turns the head token of a noun
phrase a cue points at into a :class:`Found` (kind, canonical name, character span), or None
when the phrase names no source. The rules, in the order they are tried:

1. mouthpieces and documents give way to their owner ("the Kremlin press service" -> Kremlin,
   "a report by the Washington Post" -> Washington Post, "a CNN poll" -> CNN); a named person
   in apposition to a description is that person ("the press secretary ..., Dmitry Peskov");
2. outlet seed names, names whose first word is one ("Bloomberg Businessweek"), outlet
   descriptors ("the Vedomosti newspaper", a bare "the newspaper" being the last outlet cited);
3. named people; unnamed informants ("Kremlin sources", "a person familiar with the matter");
4. government words and acronyms, outlet-shaped names ("Fox News", "tut.by"), organisation
   words; the entity's own type (ORG, a real PLACE acting as a state); described people.

Every word list is in ``lexicons/citations.yaml``. Offsets are in ``doc.text`` coordinates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Token

from newsgraph.extract import gazetteer
from newsgraph.extract.citation_lexicon import (
    DOMAIN,
    body_kind,
    head_word,
    is_outlet_name,
    joined_name,
)
from newsgraph.extract.citation_lexicon import LEXICON as LEX
from newsgraph.types import CitationKind, Entity, Mention

PRONOUN_TAGS: Final = frozenset(["PRP", "PRP$", "WP", "WP$", "WDT", "EX"])
# Entity labels of the model that are never a source ("said on Friday", "wrote in March").
NOT_SOURCE_ENTS: Final = frozenset(
    ["DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"]
)
# Dependents that belong to a noun phrase on the left of its head.
_LEFT_DEPS: Final = frozenset(
    ["det", "predet", "compound", "amod", "nmod", "poss", "nummod", "quantmod", "advmod"]
)
# Dependents on the right of an anonymous source's head that describe it ("familiar with the
# matter", "close to the Kremlin", "at the ministry").
_RIGHT_DEPS: Final = frozenset(["amod", "prep", "acl", "advmod"])
_MAX_NP_TOKENS: Final = 16
# Whose a mouthpiece is ("the press service of the Kremlin", "a spokesman for the ministry");
# a document's author follows "by", "from" or "for" ("an op-ed for The Washington Times"), not
# "of" ("an analysis of the data" is about it).
_MOUTHPIECE_PREPS: Final = ("by", "from", "of", "for")
_DOCUMENT_PREPS: Final = ("by", "from", "for")
# Lower-case words inside names ("Bank of America", "Coalition Against Surprise Medical
# Billing" as the text writes it lower or not).
_NAME_LINKS: Final = frozenset(["of", "for", "against", "on", "to"])
# A city that "says" something is its country's government only if it is this big (Moscow,
# Beijing, Kyiv, Minsk); smaller places that speak are mostly people the model took for places.
_CAPITAL_MIN_POPULATION: Final = 1_000_000
# Broadcasters' call letters ("told KMUW", "told WKMG"): the only unknown names an outlet-only
# cue takes for an outlet; "telling Sessions" is a person.
_CALL_SIGN: Final = re.compile(r"^[KW][A-Z]{2,4}(?:-(?:TV|FM|AM))?$")
_POSSESSIVE: Final = re.compile(r"(?:'s|’s|'|’)?$")


@dataclass(slots=True)
class Found:
    """A source: its kind, canonical name and the span of its mention."""

    kind: CitationKind
    source: str
    start: int  # character offsets of the source's mention
    end: int
    named: bool = True  # False for described people ("his lawyer")
    weak: bool = False  # the kind comes from the entity's type alone ("Apple said")
    proper: bool = True  # a name, not a description ("the Census Bureau", not "all companies")


class SourceFinder:
    """One document's entity index, and the rules that make a noun phrase a source."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.text = doc.text
        self.ent_of: list[tuple[Entity, Mention] | None] = [None] * len(doc)
        starts, lengths = doc.to_array(["IDX", "LENGTH"]).T.tolist() if len(doc) else ([], [])
        self.starts: list[int] = starts
        for e in entities:
            for m in e.mentions:
                i = max(bisect_right(starts, m.start) - 1, 0)
                while i < len(doc) and starts[i] < m.end:
                    if starts[i] + lengths[i] > m.start:
                        self.ent_of[i] = (e, m)
                    i += 1
        self.mentions = sorted(
            ((m.start, e) for e in entities for m in e.mentions), key=lambda x: x[0]
        )
        # (start, canonical name) of the outlets cited as reporting so far, for a bare "the
        # newspaper"
        self.outlets_seen: list[tuple[int, str]] = []

    def _token_at(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)

    def _np_bounds(self, head: Token, lo: int | None = None) -> tuple[int, int]:
        """Token range [lo, hi) of the noun phrase headed by ``head``, on its line."""
        if lo is None:
            lo = head.i
            for c in head.lefts:
                if c.dep_ in _LEFT_DEPS or (c.dep_ == "punct" and c.text in "-–"):
                    lo = min(lo, c.left_edge.i)
        lo = max(lo, head.i - _MAX_NP_TOKENS)
        doc = self.doc
        while lo < head.i and (
            not any(ch.isalnum() for ch in doc[lo].text)
            or "\n" in self.text[doc[lo].idx : head.idx]
        ):
            lo += 1
        return lo, head.i + 1

    def _owner(
        self, head: Token, lo: int, first_word: int, preps: tuple[str, ...] = _DOCUMENT_PREPS
    ) -> Token | None:
        """Who a mouthpiece or a document belongs to: "the ministry's", "by X", "of X", "X's"."""
        for c in head.children:
            if c.dep_ == "poss" and c.tag_ not in PRONOUN_TAGS:
                return c
        # a name compounded in front of the mouthpiece words ("the Kremlin press service")
        for i in range(first_word - 1, lo - 1, -1):
            t = self.doc[i]
            if t.pos_ == "PROPN" or self.ent_of[i] is not None or DOMAIN.match(t.text):
                return t
        found: list[tuple[int, Token]] = []
        for c in head.rights:
            if c.dep_ in ("prep", "agent") and c.lower_ in preps:
                found += [(preps.index(c.lower_), o) for o in c.children if o.dep_ == "pobj"]
            if c.dep_ == "acl":  # "data released by the ministry"
                for a in c.children:
                    if a.dep_ == "agent":
                        found += [(0, o) for o in a.children if o.dep_ == "pobj"]
        return min(found, key=lambda x: x[0])[1] if found else None

    def _resolve(
        self, head: Token, hint: str | None, depth: int, lo: int | None = None
    ) -> Found | None:
        if depth > 2 or head.tag_ in PRONOUN_TAGS or head.pos_ == "PRON" or head.is_punct:
            return None
        if (
            head.ent_type_ in NOT_SOURCE_ENTS
            and self.ent_of[head.i] is None
            and not DOMAIN.match(head.text)
            and head.text not in LEX.outlets
        ):
            return None  # "said on Friday", "wrote in March" (but "wrote in USA TODAY")
        if head.pos_ == "NOUN":
            for c in head.children:  # "the conservative group Judicial Watch"
                if c.dep_ == "appos" and c.i > head.i and self.ent_of[c.i] is not None:
                    found = self._resolve(c, hint, depth + 1)
                    if found is not None:
                        return found
        lo, hi = self._np_bounds(head, lo)
        if (
            head.pos_ == "PROPN"
            and head.lower_ in _NAME_LINKS | {"via"}
            and hi - 2 >= lo
            and self.doc[hi - 2].pos_ == "PROPN"
            and self.doc[hi - 2].text[:1].isupper()
        ):
            hi -= 1  # "the Associated Press via Skype": the tagger's lower-case "proper noun"
            head = self.doc[hi - 1]
        joined = joined_name(head) or self._of_name(head)
        if joined is not None:  # "The Post and Courier", "Bank of America" (no entity)
            hi = joined.i + 1
        toks = self.doc[lo:hi]
        words = [t.lower_ for t in toks if t.dep_ not in ("det", "predet", "case", "punct")]
        if not words:
            return None
        if head.lower_ in LEX.not_sources or head.lemma_.lower() in LEX.not_sources:
            return None
        hit = self.ent_of[head.i]
        ent = hit[0] if hit else None
        if ent is not None and ent.name.islower() and not DOMAIN.match(ent.name):
            ent = None  # the model's ORG "supreme leader" is no name
        name = ent.name if ent else self._proper_run(lo, head)
        if joined is not None:
            first = self._proper_run(lo, head)
            ent, name = (
                None,
                first + self.text[head.idx + len(head.text) : joined.idx + len(joined)],
            )
        if not name and head.text in LEX.outlets:
            name = head.text  # "Axios has learned": the tagger took it for an adverb
        if name in LEX.platforms or head.text in LEX.platforms:
            if hint == "media":
                return None  # "wrote on Facebook": whoever wrote is the source
            return self._named(head, lo, hi, "organisation", name)  # "Facebook said"

        if LEX.person_roles.ending(words) or LEX.mouthpieces.ending(words):
            person = self._apposed_person(head, hi)
            if person is not None:
                return person
        mouth = LEX.mouthpieces.ending(words) if head.pos_ != "PROPN" else None
        if mouth is not None:
            owner = self._owner(head, lo, head.i - len(mouth) + 1, _MOUTHPIECE_PREPS)
            if owner is not None:
                found = self._resolve(owner, hint, depth + 1)
                if found is not None and found.named:
                    return found
                if found is not None:  # "the press service of the president"
                    return self._plain(lo, hi, "government")
            if mouth in LEX.mouthpieces_needing_owner:
                return None
        doc_head = LEX.document_heads.ending(words) if head.pos_ == "NOUN" else None
        if doc_head is not None:
            owner = self._owner(head, lo, head.i - len(doc_head) + 1)
            if owner is not None:
                found = self._resolve(owner, hint, depth + 1)
                if found is not None and found.kind not in ("person", "document") and found.named:
                    return found
            if doc_head in LEX.documents_needing_owner:
                return None
            return self._plain(lo, hi, "document")

        first_word = name.split()[0] if name else ""
        if (
            name in LEX.outlets
            or (ent is not None and ent.name in LEX.outlets)
            or (first_word in LEX.outlets and (ent is None or ent.type != "PERSON"))
        ):
            if ent is None and not all(w[:1].isupper() for w in name.split()):
                name = first_word  # "a Breitbart op-ed"
            return self._named(head, lo, hi, "media", name)  # also "Bloomberg Businessweek"
        before = self._name_before(head, lo) if head.pos_ == "NOUN" else ""
        if before in LEX.outlets:  # "the Interfax agency", "the Vedomosti daily"
            start, end = self._chars(lo, hi)
            return Found("media", before, start, end)
        desc = LEX.media_descriptors.ending(words) if head.pos_ != "PROPN" else None
        if desc is not None and desc in LEX.state_media:
            return self._plain(lo, hi, "media")  # "North Korean state media"
        if desc is not None:
            return self._media_by_descriptor(head, lo, hi, len(desc))
        if name in LEX.organisation_names:
            return self._named(head, lo, hi, "organisation", name)
        if ent is not None and ent.type == "PERSON":
            return self._named(head, lo, hi, "person", name)
        anonymous = self._anonymous(head, lo, hi)
        if anonymous is not None:
            return anonymous
        as_name = ent.name if ent else (name if joined is not None else None)
        body = body_kind(as_name, name, words)
        if body == "media":
            return self._named(head, lo, hi, "media", name)
        if body is not None:
            return self._named_or_bare(head, lo, hi, body, name)
        if ent is not None and ent.type == "ORG":
            kind: CitationKind = "media" if hint in ("media", "report") else "organisation"
            found = self._named(head, lo, hi, kind, name)
            found.weak = True
            return found
        if ent is not None and ent.type == "PLACE" and head.pos_ == "PROPN":
            if head.text.isupper() and len(head.text) > 3:
                return None  # a dateline: "PHILADELPHIA — Sen. Tim Kaine said"
            place = gazetteer.lookup(name)
            if place is None or not (
                place.kind == "country" or place.population >= _CAPITAL_MIN_POPULATION
            ):
                return None  # "Navarro says" (a person), "Florida warned" (a place named)
            found = self._named(head, lo, hi, "government", name)
            found.weak = True
            return found
        if (
            ent is not None
            and ent.type == "GROUP"
            and hint in ("media", "report")
            and not name.endswith("s")
            and self.doc[lo].lower_ == "the"
        ):
            return self._named(head, lo, hi, "media", name)  # "The Oregonian reported"
        if ent is None and hint == "media" and head.pos_ == "PROPN" and _CALL_SIGN.match(name):
            return self._named(head, lo, hi, "media", name)  # "told KMUW"
        if ent is None and LEX.person_roles.ending(words):
            return self._plain(lo, hi, "person", named=False)
        return None

    def _of_name(self, head: Token) -> Token | None:
        """The last word of a name "X of Y" the model found no whole entity for ("Bank of
        America", "the Coalition Against Surprise Medical Billing"): capitalised words on both
        sides of a linking word right after the head."""
        doc = self.doc
        if head.pos_ != "PROPN" or head.i + 2 >= len(doc):
            return None
        hit = self.ent_of[head.i]
        if hit is not None and (hit[0].type == "PERSON" or self._token_at(hit[1].end - 1) > head.i):
            return None  # "Julia Ainsley of NBC"; the entity runs on: "Ministry of Defense"
        link = doc[head.i + 1]
        if link.lower_ not in _NAME_LINKS or link.head.i != head.i:
            return None
        last = None
        for t in doc[head.i + 2 : head.i + 6]:
            if t.pos_ != "PROPN" or not t.text[:1].isupper():
                break
            last = t
        return last

    def _name_before(self, head: Token, lo: int) -> str:
        """The name compounded right before a common-noun head ("Interfax" in "the Interfax
        agency"): the entity's canonical name, or the proper nouns as written."""
        i = head.i - 1
        if i < lo:
            return ""
        hit = self.ent_of[i]
        if hit is not None:
            return hit[0].name
        if self.doc[i].pos_ != "PROPN":
            return ""
        return self._proper_run(lo, self.doc[i])

    def _proper_run(self, lo: int, head: Token) -> str:
        """The proper-noun words ending at ``head`` ("Washington Post"), or ""."""
        if head.pos_ != "PROPN" and not DOMAIN.match(head.text):
            return ""
        doc, i = self.doc, head.i
        while i - 1 >= lo and (
            doc[i - 1].pos_ == "PROPN"
            or (doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and i - 2 >= lo)
            or (doc[i - 1].is_title and doc[i - 1].dep_ == "compound")
        ):
            i -= 1  # "Austin American-Statesman"
        return self.text[doc[i].idx : head.idx + len(head.text)]

    def _named(self, head: Token, lo: int, hi: int, kind: CitationKind, name: str) -> Found:
        hit = self.ent_of[head.i]
        if hit is not None and self._token_at(hit[1].end - 1) >= hi - 1:
            ent, m = hit
            text = m.text[: len(m.text) - len(_POSSESSIVE.search(m.text).group())]  # type: ignore[union-attr]
            source = ent.name
            if "(" in text and ")" not in text:  # "The World Health Organization (WHO"
                text = text[: text.index("(")].rstrip()
                source = source.split(" (")[0]
            last = text.rsplit(" ", 1)
            if len(last) == 2 and last[1] in _NAME_LINKS | {"via", "and"}:
                text = last[0]  # the model's "the Associated Press via [Skype]"
                if source.endswith(" " + last[1]):
                    source = source.rsplit(" ", 1)[0]
            start, end = m.start, m.start + len(text)
            first = self._token_at(start)
            if first > 0:
                det = self.doc[first - 1]
                if det.lower_ == "the" and det.dep_ == "det" and det.head.i == head.i:
                    start = det.idx  # "the BBC", not "The CNN poll"
            if text.islower() and ent.type != "PERSON":
                source = text.removeprefix("the ")  # "police", whatever name the entity took
            words = source.split()
            cut = LEX.media_descriptors.ending([w.lower() for w in words])
            if (
                kind == "media"
                and cut is not None
                and len(cut) < len(words)
                and " ".join(words[-len(cut) :]).islower()  # not "Korea Central News Agency"
            ):
                source = " ".join(words[: -len(cut)])  # "Yonhap news agency" -> Yonhap
            return Found(kind, source, start, end)
        start, end = self._chars(lo, hi)
        return Found(kind, name or self._canonical(lo, hi), start, end)

    def _named_or_bare(
        self, head: Token, lo: int, hi: int, kind: CitationKind, name: str
    ) -> Found | None:
        """A body by name, or a bare "the ministry" named after the last entity it can be."""
        if self.ent_of[head.i] is not None or head.pos_ == "PROPN":
            return self._named(head, lo, hi, kind, name)
        if head.lower_ in LEX.not_alone and not any(
            c.dep_ in ("compound", "poss", "amod") and c.tag_ not in PRONOUN_TAGS
            for c in head.children
        ):
            return None  # "his office said": whose?
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.rights):
            return None  # "a group of House Republicans": its members speak
        found = self._plain(lo, hi, kind)
        if hi - lo <= 2 and head.pos_ == "NOUN":
            word = head.lemma_.lower()
            best: Entity | None = None
            for start, e in self.mentions:
                if start >= head.idx:
                    break
                if e.type == "ORG" and head_word(e.name) in (word, head.lower_):
                    best = e
            if best is not None:
                found.source = best.name
        return found

    def _media_by_descriptor(self, head: Token, lo: int, hi: int, n: int) -> Found | None:
        """ "the Vedomosti newspaper" -> Vedomosti; a bare "the newspaper" -> the last outlet."""
        first = head.i - n + 1
        for i in range(first - 1, lo - 1, -1):
            hit = self.ent_of[i]
            if hit is not None and hit[0].type in ("ORG", "PERSON"):
                start, end = self._chars(lo, hi)
                name = hit[0].name
                words = name.split()
                cut = LEX.media_descriptors.ending([w.lower() for w in words])
                if cut is not None and len(cut) < len(words):  # "RIA Novosti news agency"
                    name = " ".join(words[: -len(cut)])
                return Found("media", name, start, end)
        places = [
            t
            for t in self.doc[lo:first]
            if (hit := self.ent_of[t.i]) is not None
            and (hit[0].type == "GROUP" or self.doc[lo].lower_ in ("a", "an"))
        ]
        start, end = self._chars(lo, hi)
        if places:  # "a Kentucky radio station", "the Russian newspaper": described, not named
            return self._plain(lo, hi, "media")
        names = [t for t in self.doc[lo:first] if t.pos_ == "PROPN"]
        if names:
            name = self.text[names[0].idx : names[-1].idx + len(names[-1].text)]
            return Found("media", name, start, end)
        if hi - lo > 3 or any(c.dep_ in ("prep", "acl", "relcl") for c in head.rights):
            return None  # "the online publication of David Horowitz" is no outlet named before
        earlier = [s for s in self.outlets_seen if s[0] < start]
        if earlier:  # the last outlet the article cited
            return Found("media", max(earlier)[1], start, end)
        for at, e in reversed(self.mentions):  # or else named
            if at < start and e.type in ("ORG", "PERSON") and is_outlet_name(e.name):
                return Found("media", e.name, start, end)
        return None

    def _anonymous(self, head: Token, lo: int, hi: int) -> Found | None:
        low = head.lower_
        rights = [c for c in head.rights if c.dep_ in _RIGHT_DEPS or c.dep_ == "relcl"]
        right_words = {t.lower_ for c in rights for t in c.subtree}
        if low not in LEX.anonymous_heads and not (
            (low in LEX.anonymous_if_modified and right_words & LEX.anonymous_modifiers)
            or (LEX.person_roles.ending([low]) and right_words & LEX.anonymity_words)
        ):
            return None
        if low in ("source", "sources"):
            lefts = {t.lower_ for t in self.doc[lo : head.i]}
            if lefts & LEX.anonymous_not_with or any(
                c.dep_ == "prep" and c.lower_ == "of" for c in rights
            ):
                return None  # "sources of funding", "energy sources"
        if any(
            self.ent_of[t.i] is not None and self.ent_of[t.i][0].type == "PERSON"  # type: ignore[index]
            for t in self.doc[lo : head.i]
        ):
            return None  # "Trump aide Hope Hicks" is named
        end_tok = head.i
        for c in rights:
            if c.dep_ == "prep" and c.lower_ not in LEX.anonymous_preps:
                break  # "officials [for the record]"
            sub = list(c.subtree)
            last = sub[-1].i
            if c.dep_ == "relcl":  # "who spoke on condition of anonymity [to discuss ...]"
                marks = [t for t in sub if t.lower_ in LEX.anonymity_words]
                if not marks:
                    continue
                last = max(t.i for t in marks[0].subtree)
            between = self.doc[end_tok + 1 : sub[0].i]
            if any(t.is_punct or t.is_space for t in between) or last - head.i > 12:
                break
            if "\n" in self.text[head.idx : self.doc[last].idx]:
                break
            end_tok = last
        return self._plain(lo, end_tok + 1, "anonymous")

    def _apposed_person(self, head: Token, hi: int) -> Found | None:
        """ "the press secretary of the Russian president, Dmitry Peskov" -> Peskov."""
        for c in head.children:
            if c.dep_ == "appos":
                hit = self.ent_of[c.i]
                if hit is not None and hit[0].type == "PERSON":
                    return Found("person", hit[0].name, hit[1].start, hit[1].end)
        end = max(t.i for t in head.subtree) + 1
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].text != ",":
            return None
        hit = self.ent_of[end + 1]
        if hit is None or hit[0].type != "PERSON":
            return None
        ent, m = hit
        after = end + 1
        while after < len(doc) and doc[after].idx < m.end:
            after += 1
        if after < len(doc) and doc[after].text not in (",", ".", ";", ":", ")"):
            return None  # "according to a lawyer, Smith will plead": Smith is the subject
        return Found("person", ent.name, m.start, m.end)

    def _plain(self, lo: int, hi: int, kind: CitationKind, named: bool = True) -> Found:
        start, end = self._chars(lo, hi)
        return Found(kind, self._canonical(lo, hi), start, end, named, proper=False)

    def _chars(self, lo: int, hi: int) -> tuple[int, int]:
        doc = self.doc
        while hi - 1 > lo and (doc[hi - 1].tag_ == "POS" or doc[hi - 1].is_punct):
            hi -= 1
        last = doc[hi - 1]
        return doc[lo].idx, last.idx + len(last.text)

    def _canonical(self, lo: int, hi: int) -> str:
        doc = self.doc
        while lo < hi - 1 and (doc[lo].lower_ in LEX.drop_front or doc[lo].tag_ == "PRP$"):
            lo += 1
        start, end = self._chars(lo, hi)
        return " ".join(self.text[start:end].split())
