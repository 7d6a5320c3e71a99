"""Entities of one article: people, organisations, places and groups, each with its mentions.

Three steps over the model's named entities:

1. **Type**: map spaCy labels to four types, then correct them with the gazetteer (a country or
   a big city tagged PERSON or ORG is a PLACE) and with the shape of the text (``tut.by`` is an
   outlet, an ORG).
2. **People**: within the article, a surname alone joins the full name it belongs to, and
   transliteration variants of one name (Lukashenko / Lukashenka, Yanukovych / Yanukovich) are
   one person; see :func:`translit_key`.
3. **Others**: mentions with the same normalised name are one entity.

Offsets are in ``doc.text`` coordinates; the pipeline maps them back to the input.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from newsgraph.extract import gazetteer
from newsgraph.types import Entity, EntityType, Mention

_LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "GROUP",
}
# A single-word PERSON that is a city of at least this many people is taken for the city.
# Below it, surnames that are also small towns (Obama, Clinton, Warren) would be lost; Sochi
# (330k) and every capital are above it.
_CITY_OVER_PERSON_MIN_POPULATION = 250_000
_TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
        "president",
        "prime",
        "minister",
        "gen.",
        "gen",
        "general",
        "senator",
        "sen.",
        "sen",
        "rep.",
        "rep",
        "governor",
        "gov.",
        "gov",
        "judge",
        "justice",
    ]
)
# A domain name standing as a word ("according to tut.by", "Correspondent.net says"): an outlet.
_DOMAIN = re.compile(
    r"^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*\.(?:[a-z]{2}|com|net|org|info|news)$"
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str  # surface text of the mention
    name: str  # the mention's name: surface without possessive and leading "the"
    type: EntityType


def extract_entities(doc: Doc, id_prefix: str) -> list[Entity]:
    """Entities of ``doc`` with their mentions, ids ``{id_prefix}-e<hash>``."""
    mentions = [m for m in (_typed(ent) for ent in doc.ents) if m is not None]
    mentions.extend(_domain_mentions(doc, {(m.start, m.end) for m in mentions}))
    mentions.sort(key=lambda m: m.start)
    surnames = {
        _key(words[-1])
        for m in mentions
        if m.type == "PERSON" and len(words := _strip_title(m.name).split()) > 1
    }
    for m in mentions:
        # a single word that is the surname of a person named in full is that person, whatever
        # the model or the gazetteer said (Lloyd Austin ... Austin said)
        if m.type in ("PLACE", "ORG") and " " not in m.name and _key(m.name) in surnames:
            m.type = "PERSON"
    groups = _group_people([m for m in mentions if m.type == "PERSON"])
    others: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.type != "PERSON":
            others[(m.type, _key(m.name))].append(m)
    entities = [_entity(id_prefix, grp, "PERSON") for grp in groups]
    entities += [_entity(id_prefix, grp, typ) for (typ, _), grp in others.items()]  # type: ignore[arg-type]
    entities.sort(key=lambda e: e.mentions[0].start)
    # Two entities can share a name (two Clintons whose first names the article never gives):
    # keep ids unique within the article, the first one keeping the plain id.
    seen: Counter[str] = Counter()
    for i, e in enumerate(entities):
        seen[e.id] += 1
        if seen[e.id] > 1:
            entities[i] = replace(e, id=f"{e.id}-{seen[e.id]}")
    return entities


# the end of a sentence, closing marks, then a line break (a hard-wrapped line break inside a
# name, "John\nSmith", has no sentence end before it and is kept)
_SENTENCE_THEN_LINE_BREAK = re.compile(r"[.!?][\"'”’»›‹«‟)\]]*[ \t]*\n\s*")


def _typed(ent: Span) -> _Mention | None:
    typ = _LABEL_TYPES.get(ent.label_)
    text, start = ent.text, ent.start_char
    ends = [m.end() for m in _SENTENCE_THEN_LINE_BREAK.finditer(text)]
    if ends:  # "deal.\nJohn Smith": a name starts after a sentence ended at a line break
        text, start = text[ends[-1] :], start + ends[-1]
    if typ is None:
        if _DOMAIN.match(text):
            return _Mention(start, ent.end_char, text, text, "ORG")
        return None
    name = _name(text)
    if not name or not any(c.isalpha() for c in name):
        return None
    if typ in ("PERSON", "ORG") and _DOMAIN.match(name):
        typ = "ORG"
    elif typ in ("PERSON", "ORG"):
        place = gazetteer.lookup(name)
        if place is not None and _is_place(place, typ, ent):
            typ = "PLACE"
    return _Mention(start, ent.end_char, text, name, typ)


def _is_place(place: gazetteer.Place, typ: str, ent: Span) -> bool:
    if typ == "ORG":
        return place.kind in ("country", "city", "us_state", "continent")
    # PERSON: only an unambiguous single word without a title in front
    if len(ent) != 1 or (ent.start > 0 and ent.doc[ent.start - 1].lower_ in _TITLES):
        return False
    return place.kind == "country" or place.population >= _CITY_OVER_PERSON_MIN_POPULATION


def _domain_mentions(doc: Doc, taken: set[tuple[int, int]]) -> list[_Mention]:
    out = []
    for tok in doc:
        if "." in tok.text and _DOMAIN.match(tok.text) and not tok.like_email and not tok.like_num:
            span = (tok.idx, tok.idx + len(tok.text))
            if not any(s <= span[0] < e for s, e in taken):
                out.append(_Mention(span[0], span[1], tok.text, tok.text, "ORG"))
    return out


def _name(text: str) -> str:
    name = _POSSESSIVE.sub("", text.strip())
    if name.lower().startswith("the "):
        name = name[4:]
    return " ".join(name.split())


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def translit_key(word: str) -> str:
    """A consonant skeleton under which transliterations of one name coincide.

    Lukashenko and Lukashenka -> ``lkshnk``; Yanukovych and Yanukovich -> ``inkvch``. Digraphs
    that transliteration systems write differently are folded first (kh/h, ts/tz/c, y/i/j).
    """
    w = _key(word)
    for a, b in (("kh", "h"), ("tz", "ts"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("j", "y")):
        w = w.replace(a, b)
    w = w.replace("y", "i")
    if not w:
        return w
    skeleton = w[0] + "".join(c for c in w[1:] if c not in "aeiou")
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _same_surname(a: str, b: str) -> bool:
    if _key(a) == _key(b):
        return True
    # Skeletons alone would merge short unrelated names (Mann/Mine); require a near spelling too.
    return len(a) >= 5 and translit_key(a) == translit_key(b) and _distance(_key(a), _key(b)) <= 2


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _strip_title(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in _TITLES:
        words = words[1:]
    return " ".join(words)


def _group_people(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Cluster person mentions: full names first, then surnames and variants join them."""
    groups: list[list[_Mention]] = []
    full: list[tuple[list[str], list[_Mention]]] = []  # (name words, group)
    singles: list[_Mention] = []
    for m in mentions:
        words = _strip_title(m.name).split()
        if len(words) < 2:
            singles.append(m)
            continue
        for fwords, grp in full:
            if _same_surname(words[-1], fwords[-1]) and _compatible_first(words[0], fwords[0]):
                grp.append(m)
                if len(words) > len(fwords):
                    fwords[:] = words
                break
        else:
            grp = [m]
            groups.append(grp)
            full.append((words, grp))
    for m in singles:
        word = _strip_title(m.name)
        matches = [grp for fwords, grp in full if _same_surname(word, fwords[-1])]
        if len(matches) == 1:
            matches[0].append(m)
            continue
        if not matches:
            matches = [
                g
                for g in groups
                if all(" " not in _strip_title(x.name) for x in g)
                and _same_surname(word, _strip_title(g[0].name))
            ]
            if matches:
                matches[0].append(m)
                continue
        # ambiguous (two Clintons) or new: its own entity
        groups.append([m])
    return groups


def _compatible_first(a: str, b: str) -> bool:
    a, b = _key(a).rstrip("."), _key(b).rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _entity(id_prefix: str, group: list[_Mention], typ: EntityType) -> Entity:
    group = sorted(group, key=lambda m: m.start)
    name = _canonical(group, typ)
    digest = hashlib.sha1(f"{typ}|{_key(name)}".encode()).hexdigest()[:10]
    return Entity(
        id=f"{id_prefix}-e{digest}",
        name=name,
        type=typ,
        mentions=tuple(Mention(m.start, m.end, m.text) for m in group),
    )


def _canonical(group: list[_Mention], typ: EntityType) -> str:
    names = [_strip_title(m.name) if typ == "PERSON" else m.name for m in group]
    counts = Counter(names)
    if typ == "PERSON":
        longest = max(len(n.split()) for n in names)
        names = [n for n in names if len(n.split()) == longest]
    # most frequent, then first seen
    return max(names, key=lambda n: (counts[n], -names.index(n)))
