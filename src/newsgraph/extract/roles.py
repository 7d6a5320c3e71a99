"""Roles of the article's people and organisations, and entities for its unnamed speakers.

:func:`attach_roles_and_speakers` runs after entities and quotes, on the same parse, in
``doc.text`` coordinates:

1. **Roles**, as written: a title before a name ("Belarusian political scientist Valery
   Karbalevich"; "the expert of the ... center Strategy Valery Karbalevich" drops the
   determiner, which belongs to the whole phrase; "Presidents A and B" gives "president" to
   each), an apposition before it, kept whole ("the press secretary of the Russian president,
   Dmitry Peskov,") or after it ("Andrei Suzdaltsev, associate professor at ...,"), an outlet's
   descriptor ("the Vedomosti newspaper"), and the description a quote's speaker was resolved
   from ("said the Belarusian president"). A role is a run of noun chunks joined by the
   lexicon's prepositions whose first chunk has a role head (``person_roles`` of quotes.yaml and
   roles.yaml; in an apposition after a name, an agent noun too: "a farmer"). Courtesy titles,
   lists of names and names used as modifiers ("the Clinton campaign") give none. Roles are
   kept first-stated first, de-duplicated ignoring case and a leading determiner.
2. **Speakers join the entities**: a quote whose speaker mention resolved to nobody gets an
   entity, one per phrase (without determiner, ignoring case): a GROUP for plural people
   ("experts", "Kremlin sources"), an ORG for bodies (``body_heads``: "the Belarusian
   authorities" act as an institution), else a PERSON ("a senior official"). A phrase that is
   an existing entity's name or surname joins it; one that is a title or apposition of a name
   ("The mayor of Minsk, Vladimir Kukharev, said") is that person. Pronouns, documents ("the
   report says") and things the parse took for speakers ("a speech") get none.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any, Final

import yaml
from spacy.attrs import LOWER
from spacy.tokens import Doc

from newsgraph.extract import gazetteer
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.types import Entity, EntityType, Mention, Quote

EXTRACTOR = "speakers.v1"  # the extractor of the entities made for unnamed speakers
Role = tuple[int, str]  # (where it is stated, its text)
_TERMINATORS = frozenset([",", ".", ";", ":", ")", "—", "–", "!", "?", "…"])
_CHUNK_POS = frozenset(["DET", "ADJ", "NOUN", "PROPN", "NUM"])
_PLURAL_TAGS = frozenset(["NNS", "NNPS"])
_MAX_NON_ROLE_CHUNKS = 2  # "the expert of [the ... center Strategy]": complements before a head


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


class _Vocab:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        w = {k: _words(v) for k, v in raw.items()}
        self.determiners, self.honorifics = w["determiners"], w["honorifics"]
        self.preps, self.not_agentive = w["joining_prepositions"], w["not_agentive"]
        self.suffixes = tuple(w["agentive_suffixes"])
        self.not_suffixes = tuple(w["not_agentive_suffixes"])
        people = w["person_roles"] | frozenset(LEXICON.role_classes)
        self.person_heads = frozenset(_head_word(r, self.preps) for r in people)
        self.outlets = frozenset(p[-1] for p in LEXICON.outlet_descriptors)
        self.bodies, self.groups = w["body_heads"] | self.outlets, w["group_heads"]
        self.org_heads = self.bodies | frozenset(" ".join(p) for p in LEXICON.outlet_descriptors)
        self.abbreviations = _table(raw["title_abbreviations"])  # "Sen." -> senator
        self.plural = dict(LEXICON.plural_roles) | _table(raw["plural_title_abbreviations"])
        words = frozenset(x for r in people for x in r.split())
        self.title_words = words | w["title_modifiers"] | self.person_heads
        self.leading = self.honorifics | self.title_words | frozenset(self.abbreviations)
        self.common = self.title_words | self.determiners | self.bodies | self.groups
        self.speaking = self.person_heads | self.bodies | self.groups | w["speaker_heads"]
        self.no_one = w["document_heads"] | w["quantity_heads"]
        self.pronouns = frozenset(LEXICON.pronouns) | w["other_pronouns"]


def _table(raw: Mapping[str, Any]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in raw.items()}


def _head_word(role: str, preps: frozenset[str]) -> str:
    """The head of a role: "press secretary" -> secretary, "head of state" -> head."""
    words = role.split()
    return next((words[i - 1] for i in range(1, len(words)) if words[i] in preps), words[-1])


def _load() -> _Vocab:
    path = resources.files("newsgraph.extract").joinpath("lexicons", "roles.yaml")
    return _Vocab(yaml.safe_load(path.read_text(encoding="utf-8")))


VOCAB: Final = _load()


def attach_roles_and_speakers(
    doc: Doc, entities: Sequence[Entity], quotes: Sequence[Quote], id_prefix: str
) -> tuple[list[Entity], list[Quote]]:
    """``entities`` with ``roles`` filled, plus entities for unnamed speakers, and ``quotes``
    with those speakers' ``speaker_id`` set (see the module). Offsets are in ``doc.text``."""
    reader = _Reader(doc, entities)
    found: dict[str, list[Role]] = {e.id: [(-1, r) for r in e.roles] for e in entities}
    for e in entities:
        if e.type in ("PERSON", "ORG"):
            for m in e.mentions:
                found[e.id].extend(reader.mention_roles(m, e.type, e.id))
    types = {e.id: e.type for e in entities}
    for q in quotes:
        if q.speaker_id in types and q.speaker_mention is not None:
            role = reader.description(q.speaker_mention, types[q.speaker_id])
            if role is not None:
                found[q.speaker_id].append(role)
    with_roles = [replace(e, roles=_dedupe(found[e.id])) for e in entities]
    return reader.join_speakers(with_roles, quotes, id_prefix)


def _dedupe(roles: list[Role]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for _, role in sorted(roles, key=lambda r: r[0]):
        out.setdefault(_key(_strip_det(role)), role)
    return tuple(r for r in out.values() if r)


def _strip_det(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if rest and first.lower() in VOCAB.determiners else text


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", " ".join(name.split()))
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


class _Reader:
    """The tokens of one article, read around entity mentions and speaker phrases."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = self.toks = doc  # a Token is made per look, near mentions only
        self.n = len(doc)
        strings, cache = doc.vocab.strings, dict[int, str]()
        self.lower = [
            cache[h] if h in cache else cache.setdefault(h, strings[h])
            for h in doc.to_array(LOWER).tolist()
        ]
        self.person: set[int] = set()  # tokens of names that stand for a person
        self.person_all: set[int] = set()  # ... and of names as modifiers ("Putin's", "Clinton ad")
        self.named: set[int] = set()  # tokens of the names of people and organisations
        self.described: dict[int, str] = {}  # start of a title or apposition -> its entity's id
        for e in entities:
            for m in e.mentions if e.type in ("PERSON", "ORG") else ():
                span = self._span(m.start, m.end)
                if span is not None:
                    names = set(range(span[0], span[1] + 1))
                    self.named |= names
                    if e.type == "PERSON":
                        self.person_all |= names
                        if not self._modifier(span[1]):
                            self.person |= names

    def _modifier(self, last: int) -> bool:
        """Whether the name ending at token ``last`` modifies a noun ("Putin's spokesman", "the
        Clinton campaign") rather than standing for its bearer."""
        k = last + 1
        return k < self.n and (self.toks[k].tag_ == "POS" or self.toks[k].pos_ == "NOUN")

    def _span(self, start: int, end: int) -> tuple[int, int] | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return (span.start, span.end - 1) if span is not None and len(span) else None

    # --- roles -----------------------------------------------------------------------------

    def mention_roles(self, m: Mention, typ: EntityType, eid: str) -> list[Role]:
        span = self._span(m.start, m.end)
        if span is None:
            return []
        first, last = span
        if last + 1 < self.n and self.toks[last + 1].pos_ == "NOUN":
            r = self._descriptor(first, last)  # "the Vedomosti newspaper"; not "the Clinton ad"
            return [r] if r is not None else []
        heads = VOCAB.person_heads if typ == "PERSON" else VOCAB.org_heads
        out: list[Role | None] = []
        f = k = first
        while typ == "PERSON" and f < last and self.lower[f] in VOCAB.leading:
            f += 1  # a title inside the mention: "President Putin", not "Mr."
        while k < f and self.lower[k] in VOCAB.honorifics:
            k += 1
        if k < f and (sing := self._head(f - 1, heads, "title")):
            out.append(self._role(k, f - 1, f - 1, True, sing))
        for r in (self._title(first - 1, heads), self._apposition_before(first, last, heads)):
            if r is not None:  # a speaker "The mayor of Minsk, [Vladimir Kukharev,] said" is him
                out.append(r)  # (a phrase before two names, "Presidents A and B", is neither's)
                self.described[r[0]] = eid if self.described.get(r[0], eid) == eid else ""
        out.append(self._apposition_after(last, heads, "agent" if typ == "PERSON" else "one"))
        return [r for r in out if r is not None and r[1]]

    def _skip(self, j: int) -> int:
        """The token at or before ``j`` past courtesy titles ("Mr." is no role)."""
        while j >= 0 and self.lower[j] in VOCAB.honorifics:
            j -= 1
        return j

    def _title(self, j: int, heads: frozenset[str]) -> Role | None:
        """The title before a name, ``j`` the token before the name."""
        j, mode = self._skip(j), "title"
        # "Presidents Alexander Lukashenko and Vladimir Putin": a plural title covers both
        while j >= 1 and self.lower[j] in (",", "and", "&") and j - 1 in self.person_all:
            j -= 1
            while j - 1 >= 0 and j - 1 in self.person_all:
                j -= 1
            j, mode = self._skip(j - 1), "plural"
        found = self._left(j, heads, mode) if j >= 0 else None
        return None if found is None else self._role(found[0], j, found[1], True, found[2])

    def _apposition_before(self, first: int, last: int, heads: frozenset[str]) -> Role | None:
        """ "the press secretary of the Russian president, Dmitry Peskov," """
        if first < 2 or self.lower[first - 1] != ",":
            return None
        found = self._left(first - 2, heads, "one")
        if found is None:
            return None
        nxt = last + 1
        closed = nxt >= self.n or self.toks[nxt].is_sent_start or self.lower[nxt] in _TERMINATORS
        if not closed and not self.toks[found[0]].is_sent_start:
            return None  # "After meeting the president, Putin said": not an apposition
        return self._role(found[0], first - 2, found[1], False, None)

    def _apposition_after(self, last: int, heads: frozenset[str], mode: str) -> Role | None:
        """ "Andrei Suzdaltsev, associate professor at the Faculty ... of Economics," """
        k = last + 1
        if k + 1 >= self.n or self.lower[k] not in (",", "(") or self.toks[k + 1].is_sent_start:
            return None
        head = self._chunk_end(k + 1)
        if head <= k or self._head(head, heads, mode) is None:
            return None
        end, j = head, head + 1
        while j < self.n and not self.toks[j].is_sent_start:
            t = self.toks[j]
            if not ((t.pos_ == "ADP" and self.lower[j] in VOCAB.preps) or t.pos_ == "CCONJ"):
                break
            e = self._chunk_end(j + 1)
            if e <= j:
                break
            end, j = e, e + 1
        close = j >= self.n or self.toks[j].is_sent_start or self.lower[j] in _TERMINATORS
        if not close or (self.lower[k] == "(" and j < self.n and self.lower[j] != ")"):
            return None  # "Putin, Lukashenko and Macron", "Putin, the president said"
        return self._role(k + 1, end, head, False, None)

    def _descriptor(self, first: int, last: int) -> Role | None:
        """ "the Vedomosti newspaper" -> newspaper"""
        k = last + 1
        if first == 0 or k >= self.n or self.lower[first - 1] != "the":
            return None
        ok = self.lower[k] in VOCAB.outlets and self.toks[k].pos_ == "NOUN"
        return (self.toks[k].idx, self.lower[k]) if ok else None

    def _left(self, j: int, heads: frozenset[str], mode: str) -> tuple[int, int, str] | None:
        """The role phrase ending at token ``j``: (first token, head token, head as singular)
        of the longest run of noun chunks joined by prepositions whose first chunk has a role
        head ("the press secretary of the Russian president"). A title ends in its head ("former
        aide to [President] George W. Bush") or in a named complement ("the expert of [the ...
        center Strategy] Valery Karbalevich"), never in a bare determiner ("in the Obama White
        House")."""
        best: tuple[int, int, str] | None = None
        skipped, title = 0, mode in ("title", "plural")
        if title and self.toks[j].pos_ not in ("NOUN", "PROPN"):
            return None
        while j >= 0:
            start = self._chunk_start(j)
            if start > j:
                break
            sing = self._head(j, heads, mode)
            if sing is not None:
                best = (start, j, sing)
            elif best is not None:
                break  # "the loan to [the fugitive president of Ukraine]"
            else:
                skipped += 1
            p = start - 1
            first = self.toks[start]
            if title and (best is not None or not (first.pos_ == "DET" or first.text.istitle())):
                break  # "aide to [President] George W. Bush", "Secretary of [State] Antony"
            if mode == "plural" or skipped > _MAX_NON_ROLE_CHUNKS or self.toks[start].is_sent_start:
                break
            if p < 1 or self.lower[p] not in VOCAB.preps or self.toks[p].pos_ != "ADP":
                break
            j = p - 1
        return best

    def _chunky(self, i: int) -> bool:
        t = self.toks[i]
        if i in self.person:
            return False
        if (t.pos_ in _CHUNK_POS and t.tag_ != "WDT") or t.tag_ == "POS":
            return True  # (not "which": "..., which Apple's chief executive, Tim Cook, called")
        return t.text == "-" and i > 0 and not t.whitespace_ and not self.toks[i - 1].whitespace_

    def _chunk_start(self, j: int) -> int:
        k = j
        while k >= 0 and self._chunky(k):
            t = self.toks[k]
            if k < j and t.text.islower() and t.pos_ == "NOUN" and self._common(k + 1, title=True):
                return k + 1  # "told reporters [President Joe Biden]"
            if t.pos_ == "DET" or t.is_sent_start:
                return k
            k -= 1
        while k + 1 < j and self.toks[k + 1].text == "-":
            k += 1  # "then-[rival] Barack Obama"
        return k + 1

    def _chunk_end(self, k: int) -> int:
        if k >= self.n or not self._chunky(k):
            return k - 1
        j = k
        while j + 1 < self.n and self._chunky(j + 1):
            if self.toks[j + 1].pos_ == "DET" or self.toks[j + 1].is_sent_start:
                break
            j += 1
        return j

    def _head(self, i: int, heads: frozenset[str], mode: str) -> str | None:
        """Token ``i`` as a role head, singular ("Presidents" -> "president"), or None. Modes:
        ``one`` a singular head, ``agent`` or an agent noun ("farmer"), ``title`` or a plural,
        ``plural`` only a plural."""
        t, w = self.toks[i], self.lower[i]
        if i in self.person_all or t.pos_ not in ("NOUN", "PROPN"):
            return None
        if w in VOCAB.abbreviations and mode != "plural":
            return VOCAB.abbreviations[w]  # "Sen." -> senator
        if t.tag_ in _PLURAL_TAGS or w in VOCAB.plural:
            sing = VOCAB.plural.get(w) or _singular(w)
            return sing if mode in ("title", "plural") and sing in heads else None
        if mode == "plural":
            return None
        if w in heads:
            return w
        return w if mode == "agent" and t.tag_ == "NN" and _agent(w) else None

    def _role(self, start: int, end: int, head: int, drop_det: bool, sing: str | None) -> Role:
        """The role's text: tokens ``start..end`` as written, title words of the head chunk in
        lower case ("Foreign Minister" -> "foreign minister"), the head singular."""
        if drop_det and start < head and self.lower[start] in VOCAB.determiners:
            start += 1
        parts = []
        for i in range(start, end + 1):
            t = self.toks[i]
            w = t.text
            if i <= head and not t.ent_type_ and self.lower[i] in VOCAB.title_words:
                w = self.lower[i]
            w = VOCAB.abbreviations.get(self.lower[i], w) if i <= head else w  # "Lt." -> lieutenant
            if i == head and sing:
                w = sing
            if i == start and t.is_sent_start and self._common(i):
                w = w[:1].lower() + w[1:]  # "The press secretary ..." opening a sentence
            parts.append(w + (t.whitespace_ if i < end else ""))
        return self.toks[start].idx, " ".join("".join(parts).split()).rstrip(",.;:")

    def _common(self, i: int, title: bool = False) -> bool:
        """Whether token ``i`` is a common word of the lexicon, capitalised only where a
        sentence or title opens ("Political", "Experts"; never "Belarusian"); ``title``: a
        capitalised title word ("President")."""
        t, w = self.toks[i], self.lower[i]
        if title:
            return t.text[:1].isupper() and not t.ent_type_ and w in VOCAB.title_words
        return not t.ent_type_ and (w in VOCAB.common or _singular(w) in VOCAB.common)

    def description(self, m: Mention, typ: EntityType) -> Role | None:
        """A quote's speaker mention as a role of its entity, when it is a description ("the
        Russian president"): not a name, not a pronoun, headed by a role word."""
        span = self._span(m.start, m.end)
        if span is None or span[1] - span[0] > 8:
            return None
        first, last = span
        if any(i in self.person_all for i in range(first, last + 1)) or last in self.named:
            return None  # a name ("the Interior Ministry"), not a description
        if self.toks[last].pos_ == "PRON" or self.lower[last] in VOCAB.pronouns:
            return None
        heads = VOCAB.person_heads if typ == "PERSON" else VOCAB.org_heads
        if self._head(last, heads, "agent" if typ == "PERSON" else "one") is None:
            return None
        return self._role(first, last, last, False, None)

    # --- speakers --------------------------------------------------------------------------

    def join_speakers(
        self, entities: list[Entity], quotes: Sequence[Quote], id_prefix: str
    ) -> tuple[list[Entity], list[Quote]]:
        ents = list(entities)
        by_key: dict[str, int] = {}
        surnames: dict[str, int] = {}  # "Trump" said, untagged: Donald Trump (-1: two of them)
        for i, e in enumerate(ents):
            by_key.setdefault(_key(_strip_det(e.name)), i)
            if e.type == "PERSON" and " " in e.name:
                last = _key(e.name.split()[-1])
                surnames[last] = i if surnames.get(last, i) == i else -1
        owner = {(m.start, m.end): i for i, e in enumerate(ents) for m in e.mentions}
        ids = {e.id for e in ents}
        out: list[Quote] = []
        for q in quotes:
            m = q.speaker_mention
            if m is None or q.speaker_id is not None:
                out.append(q)
                continue
            target = owner.get((m.start, m.end), -1)
            named = self._described(m) if target < 0 else None
            if named:  # a title or apposition of a name: that person spoke
                out.append(replace(q, speaker_id=named, speaker=_name_of(ents, named)))
                continue
            phrase = self._speaker_phrase(m) if target < 0 else None
            if phrase is not None:
                name, key, typ = phrase
                alone = " " not in key and name[:1].isupper()  # a surname, not "network"
                target = by_key.get(key, surnames.get(key, -1) if alone else -1)
                if target < 0:
                    eid = _new_id(id_prefix, f"{typ}|{key}", ids)
                    ents.append(Entity(eid, name, typ, (), extractor=EXTRACTOR))
                    target = by_key[key] = len(ents) - 1
            if target < 0:
                out.append(q)
                continue
            e = ents[target]
            if (m.start, m.end) not in owner:
                owner[(m.start, m.end)] = target
                mentions = sorted([*e.mentions, m], key=lambda x: (x.start, x.end))
                e = ents[target] = replace(e, mentions=tuple(mentions))
            out.append(replace(q, speaker_id=e.id, speaker=q.speaker or e.name))
        ents.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
        return ents, out

    def _described(self, m: Mention) -> str | None:
        span = self._span(m.start, m.end)
        if span is None:
            return None
        k = span[0] + (self.lower[span[0]] in VOCAB.determiners and span[0] < span[1])
        return self.described.get(m.start) or self.described.get(self.toks[k].idx) or None

    def _speaker_phrase(self, m: Mention) -> tuple[str, str, EntityType] | None:
        """(name, key, type) of an unresolved speaker phrase, or None for a pronoun, a number,
        a document or a thing."""
        span = self._span(m.start, m.end)
        if span is None:
            return None
        first, last = span
        while last > first and (self.toks[last].tag_ == "POS" or self.toks[last].is_punct):
            last -= 1
        while first < last and (
            self.lower[first] in VOCAB.determiners or self.toks[first].is_punct
        ):
            first += 1
        head, w = self.toks[last], self.lower[last]
        pair, sing = f"{self.lower[last - 1]} {w}", VOCAB.plural.get(w) or _singular(w)
        if head.pos_ == "PRON" or w in VOCAB.pronouns or head.like_num or not w.isalpha():
            return None
        if w in VOCAB.no_one or pair in VOCAB.no_one:
            return None  # "the report says"; "59 percent said" (poll respondents)
        agent = head.tag_ in ("NN", *_PLURAL_TAGS) and _agent(sing)
        if head.pos_ != "PROPN" and not (w in VOCAB.speaking or sing in VOCAB.speaking or agent):
            return None  # "a speech", "the truck story", "footage": what the parse took for one
        name = self._role(first, last, -1, False, None)[1]
        lead = self.toks[first]  # "Experts Say ...", "Political analysts noted"; not "Kremlin"
        proper = lead.pos_ == "PROPN" and lead.tag_ not in _PLURAL_TAGS
        if not proper and (self._common(first) or (lead.pos_ == "NOUN" and not lead.ent_type_)):
            name = name[:1].lower() + name[1:]
        typ: EntityType = "PERSON"
        if w in VOCAB.bodies or pair in VOCAB.bodies or (len(w) > 1 and head.text.isupper()):
            typ = "ORG"  # "the Belarusian authorities", "the ministry", "MSNBC"
        elif head.tag_ in _PLURAL_TAGS or w in VOCAB.groups:
            typ = "GROUP"
        elif head.pos_ == "PROPN" and first == last and gazetteer.lookup(name) is not None:
            typ = "PLACE"
        return name, _key(name), typ


def _name_of(entities: list[Entity], eid: str) -> str:
    return next(e.name for e in entities if e.id == eid)


def _new_id(id_prefix: str, what: str, ids: set[str]) -> str:
    """An entity id as entities.py makes them, kept unique within the article."""
    eid = base = f"{id_prefix}-e{hashlib.sha1(what.encode()).hexdigest()[:10]}"
    while eid in ids:
        eid = f"{base}-{sum(x.startswith(base) for x in ids) + 1}"
    ids.add(eid)
    return eid


def _agent(w: str) -> bool:
    """An agent noun by its ending ("farmer", "activist"), not a thing ("statement")."""
    if len(w) < 5 or not w.isalpha() or w in VOCAB.not_agentive:
        return False
    return w.endswith(VOCAB.suffixes) and not w.endswith(VOCAB.not_suffixes)


def _singular(w: str) -> str:
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("men"):
        return w[:-3] + "man"
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w
