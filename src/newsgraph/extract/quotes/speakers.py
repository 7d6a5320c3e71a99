"""Speakers: the noun phrase an attribution names, and the person it refers to.

Two jobs:

* :func:`subject_of` and :func:`speaker_span` find, from a cue, the token and the mention that
  name the speaker: the verb's subject, through relative clauses ("Peskov, who said"),
  coordination ("... and said") and participles ("..., adding that"); the mention is the
  entity's mention when the phrase holds one, else the phrase itself ("the expert", "he").
* :class:`Resolver` resolves pronouns and descriptions to the article's people from the
  article's own context, in one pass in reading order:

  - **roles** come from titles ("President Alexander Lukashenko", "Presidents A and B",
    "Belarusian political scientist Valery Karbalevich") and appositions ("Andrei Suzdaltsev,
    associate professor at ...", "the press secretary of the Russian president, Dmitry
    Peskov");
  - a **description** ("the expert", "the Belarusian president") resolves to the most recent
    person with that role, else one whose role is of the same class (``person_roles`` in the
    lexicon), skipping people whose nationality conflicts; what it says is then learned ("the
    Belarusian president" makes its person Belarusian, so a later "the Russian president" skips
    him);
  - a **pronoun** (he, she) resolves to the nearest sentence's subject person (names, resolved
    descriptions and pronouns, outside quotation marks), preferring subjects over other
    mentions, and skipping people of the other gender where a title (Mr., Mrs.) gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.extract.quotes.context import Context
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.types import Entity

_SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj", "expl"])
_NP_LEFT = frozenset(["det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case"])
_RELATIVE = frozenset(["who", "that", "which", "whom"])
# Pronouns that stand for someone who can speak ("it" can be a document or a thing, so no).
_PERSONAL_PRONOUNS = frozenset(
    [w for w, kind in LEXICON.pronouns.items() if kind in ("m", "f", "p", "s")] + ["you", "who"]
)
_SPEAKING_TYPES = frozenset(["PERSON", "ORG", "NORP"])
# Entity labels a subject never has when it is a speaker ("on Tuesday wrote").
# ("59 percent said", "one in three said" are poll respondents and do speak.)
_NOT_SPEAKERS = frozenset(["DATE", "TIME", "MONEY"])
# Dependencies through which a clause borrows its subject from the clause above.
_CLIMB = frozenset(["conj", "advcl", "xcomp", "ccomp", "pcomp", "prep", "acomp"])
# How far back (in sentences) a pronoun looks for its person.
_PRONOUN_SENTENCES = 4
_PREPOSITIONS = frozenset(["of", "at", "for", "in", "from", "with", "on", "to", "by"])
# Where a description refers to someone (not "is the main source of ...").
_ARGUMENTS = frozenset(["nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "conj"])
# Entity labels that give a nationality ("Belarusian", "of Belarus", "Russia's").
_PLACES = frozenset(["NORP", "GPE"])
# Role classes a description of which never stands for a person the article gave no role.
_NEEDS_ROLE = frozenset(["expert", "leader"])


def subject_of(ctx: Context, v: int, climb: bool = True) -> int | None:
    """The token naming who performs verb ``v``, following the parse up through clauses.

    Relative clauses give the relative pronoun ("Beck, who has described ..." -> "who", the
    mention nearest the cue; :class:`Resolver` takes it to Beck). A passive participle gives
    its agent or nobody ("Asked about it, the voters ...", "Clinton was expected to ...").
    ``climb=False`` looks at ``v``'s own clause only (an "as X said" clause must not borrow the
    main clause's subject).
    """
    para = ctx.para_of(ctx.idx[v])
    for step in range(5 if climb else 1):
        if ctx.para_of(ctx.idx[v]) != para:
            return None  # the parser ran a heading into the sentence
        kids = ctx.children[v]
        subjects = [
            c for c in kids if ctx.dep[c] in _SUBJECTS and ctx.ent_type[c] not in _NOT_SPEAKERS
        ]
        # two subjects is a parse of an apposition ("..., Viktor Yanukovych, Peskov ruled"):
        # the one next to the verb is it
        subj = max((c for c in subjects if c < v), default=min(subjects, default=None))
        agent = next((c for c in kids if ctx.dep[c] == "agent"), None)
        if agent is not None:
            return next((c for c in ctx.children[agent] if ctx.dep[c] == "pobj"), None)
        if subj is not None and (ctx.dep[subj] == "nsubjpass" or ctx.dep[subj] == "expl"):
            return None  # "Clinton was expected to ...", "it is known that ...": no source
        if subj is not None:
            if ctx.lower[subj] in ("'s", "’s") and subj > 0 and ctx.pos[subj - 1] == "PRON":
                return subj - 1  # "he’s said", split oddly
            return subj
        if step == 0 and _passive_participle(ctx, v):
            return None
        for c in kids:  # "Grassley, facing a challenge, said": the subject went to the participle
            if c < v and ctx.dep[c] in ("advcl", "acl"):
                inner = next((g for g in ctx.children[c] if ctx.dep[g] == "nsubj" and g < c), None)
                if inner is not None:
                    return inner
        if ctx.dep[v] in ("relcl", "acl"):
            return ctx.head[v]  # "a statement saying ...", "officials quoted ..."
        if step == 0 and not ctx.lower[v].endswith("ing"):
            left = _name_before(ctx, v)
            if left is not None:
                return left  # "Bloomberg reported", "..., Jake Sullivan, said" with no subject
        if climb and ctx.dep[v] in _CLIMB and ctx.head[v] != v:
            if ctx.dep[v] == "xcomp":
                # "left 62 percent of voters saying ...", "led Schultz to announce ...": the
                # object does it
                obj = next((c for c in ctx.children[ctx.head[v]] if ctx.dep[c] == "dobj"), None)
                if obj is not None and obj < v:
                    return obj
            v = ctx.head[v]  # "... and said", "..., adding", "went on to say", "by saying"
            continue
        return None
    return None


def _name_before(ctx: Context, v: int) -> int | None:
    """A name right before verb ``v`` (past one comma), for parses that lost the subject."""
    j = v - 1
    if j > 0 and ctx.lower[j] == ",":
        j -= 1
        if ctx.dep[j] != "appos":
            return None
        if ctx.pos[ctx.head[j]] == "PROPN" and ctx.head[j] < j:
            j = ctx.head[j]  # "Christie, New Jersey's sitting governor, repeated"
    if j >= 0 and ctx.pos[j] == "PROPN" and ctx.sent_start[j] == ctx.sent_start[v]:
        return j
    return None


def can_speak(ctx: Context, i: int) -> bool:
    """Whether token ``i`` names someone who can say things: a person or organisation the
    article names, a personal pronoun, or a noun for people or bodies (the lexicon's
    ``person_roles`` and ``speaking_bodies``)."""
    w = ctx.lower[i]
    if w in _PERSONAL_PRONOUNS:
        return True
    found = ctx.entity_at(ctx.idx[i], ctx.ends[i])
    if found is not None:
        return found[0].type in ("PERSON", "ORG") or ctx.ent_type[i] in _SPEAKING_TYPES
    return w in LEXICON.role_heads or w in LEXICON.speaking_bodies


def _passive_participle(ctx: Context, v: int) -> bool:
    """ "asked about it, ..." / "quoted by": a past participle with no perfect auxiliary."""
    if ctx.tag[v] != "VBN":
        return False
    if any(ctx.dep[c] in ("auxpass", "nsubjpass") for c in ctx.children[v]):
        return True
    opens = ctx.dep[v] == "ROOT" and v == ctx.sent_start[v]  # "Asked about it, ..." as root
    if ctx.dep[v] not in ("advcl", "acl") and not opens:
        return False  # "paused, then revealed why": a past tense the tagger took for VBN
    return not any(
        ctx.dep[c] == "aux" and ctx.lower[c] in ("has", "have", "had", "having", "'s", "’s", "'ve")
        for c in ctx.children[v]
    )


def speaker_head(ctx: Context, i: int) -> int:
    """The token to take the speaker from, for a phrase with head ``i``.

    A role noun whose phrase ends in a name given as its apposition or title is that name:
    "the expert of the Belarusian analytical center Strategy Valery Karbalevich" ->
    Karbalevich; "the press secretary of the Russian president, Dmitry Peskov" -> Peskov. A name
    after a preposition ("a spokesman for Obama") is someone else and stays out.
    """
    if ctx.pos[i] != "NOUN":
        return i
    hi = ctx.subtree(i)[1]
    if hi + 2 < ctx.n and ctx.lower[hi + 1] == ",":
        # the parser often leaves the name of "the press secretary ..., Dmitry Peskov," out
        found = ctx.entity_at(ctx.idx[hi + 2], ctx.ends[hi + 2])
        if found is not None and found[0].type == "PERSON" and found[1].start == ctx.idx[hi + 2]:
            last = ctx.tok_at(found[1].end - 1)
            if last + 1 >= ctx.n or ctx.is_punct(last + 1):
                return last
    if hi <= i:
        return i
    found = ctx.entity_at(ctx.idx[hi], ctx.ends[hi])
    if found is None or found[0].type != "PERSON" or found[1].end != ctx.ends[hi]:
        return i
    first = ctx.tok_at(found[1].start)
    if first > 0 and ctx.lower[first - 1] in _PREPOSITIONS:
        return i
    return hi


def speaker_span(ctx: Context, i: int) -> tuple[int, int]:
    """The mention that names the speaker whose phrase has head ``i``.

    The entity mention holding the head when there is one ("Political analyst Alexander
    Klaskouski" -> "Alexander Klaskouski"); a name in apposition to a role noun ("the press
    secretary, Dmitry Peskov" -> "Dmitry Peskov"); else the phrase's determiner, modifiers and
    head ("the Belarusian president", "he").
    """
    found = ctx.entity_at(ctx.idx[i], ctx.ends[i])
    if found is not None:
        return found[1].start, found[1].end
    for c in ctx.children[i]:
        if ctx.dep[c] == "appos":
            found = ctx.entity_at(ctx.idx[c], ctx.ends[c])
            if found is not None and found[0].type == "PERSON":
                return found[1].start, found[1].end
    lo = i
    stack = [c for c in ctx.children[i] if c < i and ctx.dep[c] in _NP_LEFT]
    while stack:
        c = stack.pop()
        lo = min(lo, c)
        stack.extend(d for d in ctx.children[c] if d < c)
    hi = i
    for c in ctx.children[i]:
        if c > i and ctx.dep[c] in ("compound", "flat") and c == hi + 1:
            hi = c
    while lo < i and ctx.is_punct(lo):
        lo += 1
    return ctx.idx[lo], ctx.ends[hi]


def nationality_key(word: str) -> str:
    """A key under which a country and its adjective meet (Russia/Russian -> ``russ``)."""
    return word.lower().replace(".", "")[:4]


@dataclass(slots=True)
class _Person:
    entity: Entity
    roles: set[str] = field(default_factory=set)  # role words: "president", "political scientist"
    nationality: set[str] = field(default_factory=set)
    gender: str | None = None


@dataclass(slots=True)
class _Event:
    char: int
    entity_id: str
    subject: bool
    sentence: int


class Resolver:
    """Pronouns and descriptions of one article, resolved to its people (see the module)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.people: dict[str, _Person] = {
            e.id: _Person(e) for e in ctx.entities if e.type == "PERSON"
        }
        self.by_token: dict[int, Entity] = {}
        self._events: list[_Event] = []
        self._run()

    def resolve(self, i: int) -> Entity | None:
        """The entity the speaker phrase with head ``i`` refers to, or None."""
        ctx = self.ctx
        if i in self.by_token:
            return self.by_token[i]
        i = self.antecedent(i)  # "Beck, who has described ..." -> Beck
        if i in self.by_token:
            return self.by_token[i]
        found = ctx.entity_at(ctx.idx[i], ctx.ends[i])
        if found is not None:
            return found[0]
        for c in ctx.children[i]:
            if ctx.dep[c] == "appos":
                found = ctx.entity_at(ctx.idx[c], ctx.ends[c])
                if found is not None:
                    return found[0]
        return None

    def antecedent(self, i: int) -> int:
        """The noun a relative pronoun stands for ("officials who said" -> officials)."""
        ctx = self.ctx
        if ctx.lower[i] in _RELATIVE and ctx.dep[ctx.head[i]] == "relcl":
            return ctx.head[ctx.head[i]]
        return i

    # --- the reading-order pass ------------------------------------------------------------

    def _run(self) -> None:
        ctx = self.ctx
        sent_no = 0
        last_sent_start = -1
        for i in range(ctx.n):
            if ctx.sent_start[i] != last_sent_start:
                last_sent_start = ctx.sent_start[i]
                sent_no += 1
            if ctx.quoted[i]:
                continue
            word = ctx.lower[i]
            found = ctx.token_mention[i]
            if found is not None and found[0].type == "PERSON" and found[0].id in self.people:
                named, m = found
                if ctx.ends[i] == m.end or ctx.dep[i] in _SUBJECTS:
                    self._learn_name(i, m.start, m.end, self.people[named.id])
                    self._event(i, named, sent_no)
                continue
            ent: Entity | None = None
            if LEXICON.pronouns.get(word) in ("m", "f") and ctx.pos[i] == "PRON":
                ent = self._pronoun(word, sent_no, ctx.idx[i])
            elif (
                word in LEXICON.role_heads
                and ctx.pos[i] in ("NOUN", "PROPN")
                and ctx.ent_type[i] != "PERSON"
            ):
                ent = self._description(i, sent_no)
            if ent is not None:
                self.by_token[i] = ent
                self._event(i, ent, sent_no)

    def _event(self, i: int, ent: Entity, sent_no: int) -> None:
        subject = self.ctx.dep[i] in _SUBJECTS or (
            self.ctx.dep[i] == "compound" and self.ctx.dep[self.ctx.head[i]] in _SUBJECTS
        )
        self._events.append(_Event(self.ctx.idx[i], ent.id, subject, sent_no))

    def _learn_name(self, i: int, start: int, end: int, person: _Person) -> None:
        """Roles, nationality and gender the text gives a name: titles and appositions."""
        ctx = self.ctx
        first = ctx.tok_at(start)
        # before the name: "Belarusian political scientist", "Presidents A and", "the press
        # secretary of the Russian president, "
        roles: set[str] = set()
        nat: set[str] = set()
        plural_only, reset = False, False
        j = first - 1
        steps = 0
        while j >= 0 and steps < 12 and ctx.sent_start[j] == ctx.sent_start[first]:
            steps += 1
            w = ctx.lower[j]
            if w in LEXICON.gender_titles and person.gender is None:
                person.gender = LEXICON.gender_titles[w]
            if ctx.pos[j] == "VERB" or (ctx.is_punct(j) and not (w == "," and j == first - 1)):
                break
            if w in _PREPOSITIONS:
                if reset and roles:
                    break  # "according to the press secretary of ...": the phrase is over
                roles, nat = set(), set()  # those were the preposition's object's words
                reset = True
                j -= 1
                continue
            named = ctx.token_mention[j]
            if named is not None and named[0].type == "PERSON" and ctx.pos[j] == "PROPN":
                plural_only = True  # past another name: only "Presidents A and B" carries over
            role = self._role_at(j, plural_only)
            if role:
                roles.add(role)
            elif roles and ctx.ent_type[j] in _PLACES:
                nat.add(nationality_key(w))
            j -= 1
        # after the name: ", associate professor at ...", ", director of ..."
        k = ctx.tok_at(end)
        if k < ctx.n and ctx.lower[k] == ",":
            for j in range(k + 1, min(ctx.n, k + 5)):
                if ctx.lower[j] in _PREPOSITIONS or ctx.is_punct(j) or ctx.pos[j] == "VERB":
                    break
                role = self._role_at(j, False)
                if role:
                    roles.add(role)
        person.roles |= roles
        person.nationality |= nat

    def _role_at(self, j: int, plural_only: bool) -> str | None:
        ctx = self.ctx
        w = ctx.lower[j]
        if w in LEXICON.plural_roles:
            return LEXICON.plural_roles[w]
        if plural_only or w not in LEXICON.role_heads:
            return None
        if j > 0 and f"{ctx.lower[j - 1]} {w}" in LEXICON.role_classes:
            return f"{ctx.lower[j - 1]} {w}"
        return w if w in LEXICON.role_classes else None

    def _description(self, i: int, sent_no: int) -> Entity | None:
        """Resolve "the expert", "the Belarusian president" (``i`` its head noun)."""
        ctx = self.ctx
        kids = ctx.children[i]
        if ctx.dep[i] not in _ARGUMENTS:
            return None  # "is the main source of ...": a predicate, not a reference
        if not any(ctx.lower[c] in ("the", "this", "that") or ctx.dep[c] == "poss" for c in kids):
            return None
        if speaker_head(ctx, i) != i or any(
            ctx.dep[c] in ("appos", "compound") and ctx.pos[c] == "PROPN" for c in kids
        ):
            return None  # "the expert Valery Karbalevich", "the president, Putin": a title
        role = self._role_at(i, False)
        if role is None:
            return None
        nat = self._nationality(i)
        classes = LEXICON.role_classes.get(role, frozenset())
        here = {ev.entity_id for ev in self._events if ev.sentence == sent_no}
        ranked: list[tuple[int, _Person]] = []
        seen: set[str] = set()
        for ev in reversed(self._events):
            if ev.entity_id in seen:
                continue
            seen.add(ev.entity_id)
            person = self.people[ev.entity_id]
            if ev.entity_id in here:
                continue  # "Putin said he would help the President of Belarus": someone else
            if nat and person.nationality and not (nat & person.nationality):
                continue
            if role in person.roles:
                rank = 3
            elif any(classes & LEXICON.role_classes.get(r, frozenset()) for r in person.roles):
                rank = 2
            elif not person.roles and not classes & _NEEDS_ROLE:
                rank = 1
            else:
                continue
            ranked.append((rank, person))
        if not ranked:
            return None
        top = max(r for r, _ in ranked)
        best = [p for r, p in ranked if r == top]
        chosen = best[0]  # the most recent of the best
        chosen.roles.add(role)
        if len(best) == 1 and len(ranked) == 1:
            # learn only from an unambiguous choice: a guess must not teach later ones
            chosen.nationality |= nat
        return chosen.entity

    def _nationality(self, i: int) -> set[str]:
        """Keys of the nationalities a description gives: "Belarusian", "of Belarus"."""
        ctx = self.ctx
        nat = set()
        for c in ctx.children[i]:
            if ctx.dep[c] in ("amod", "compound", "poss") and ctx.ent_type[c] in _PLACES:
                nat.add(nationality_key(ctx.lower[c]))
            if ctx.dep[c] == "prep" and ctx.lower[c] == "of":
                for g in ctx.children[c]:
                    if ctx.dep[g] == "pobj" and ctx.ent_type[g] in _PLACES:
                        nat.add(nationality_key(ctx.lower[g]))
        return nat

    def _pronoun(self, word: str, sent_no: int, char: int) -> Entity | None:
        gender = LEXICON.pronouns[word]
        for back in range(_PRONOUN_SENTENCES + 1):
            cands = [
                ev
                for ev in self._events
                if ev.sentence == sent_no - back
                and ev.char < char
                and self.people[ev.entity_id].gender in (None, gender)
            ]
            if not cands:
                continue
            subjects = [ev for ev in cands if ev.subject]
            pick = subjects[-1] if subjects else cands[0]
            return self.people[pick.entity_id].entity
        return None
