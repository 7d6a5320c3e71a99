"""Citations: the sources an article relies on, each with its kind and the cue that names it.

A citation is a source of information, not a speaker: "according to tut.by", "Bloomberg
reported, citing Kremlin sources" (two citations), "police said", "a poll found", "quoted by
DW". What people say is the quote extractor's business; a person is a citation only when a
cue makes them one ("according to Dmitry Peskov", "X said in a statement").

Two kinds of cue, both in ``lexicons/citations.yaml``:

* **phrase cues**, whose source follows them: "according to X", "citing X", "reported by X",
  "as noted in X", "told X", "in an interview with X". The source is the object the parser
  attaches to the cue's last word, or the noun phrase right after it.
* **subject cues**, verbs whose subject is the source: "X reported", "X has learned", "X quotes",
  "sources said", "the report found". People and pronouns are never sources here.

The source's noun phrase then gets its extent, canonical name and kind from
:mod:`newsgraph.extract.citation_sources` (mouthpieces and documents give way to their owner,
outlet names and descriptors are media, unnamed informants anonymous, and so on). A cue may
restrict the kinds it introduces: "told X" only introduces outlets, "reported by X" no people.
The word lists are loaded by :mod:`newsgraph.extract.citation_lexicon`.

Decisions: a named person cited as a source is ``person`` even when they speak for a government
(Peskov); a government's mouthpiece without a name ("the Kremlin press service") is the
government; unnamed officials are ``anonymous``, not ``government``. Offsets are in
``doc.text`` coordinates; the pipeline maps them back to the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsgraph.extract.citation_lexicon import DOMAIN, Accept, PhraseCue, VerbClass, joined_name
from newsgraph.extract.citation_lexicon import LEXICON as LEX
from newsgraph.extract.citation_sources import NOT_SOURCE_ENTS, PRONOUN_TAGS, Found, SourceFinder
from newsgraph.types import Citation, Entity, Mention

__all__ = ["EXTRACTOR", "extract_citations"]

EXTRACTOR: Final = "citations.v1"

_OBJECT_DEPS: Final = frozenset(["pobj", "dobj", "pcomp", "dative", "attr", "obj"])
_NOT_HEAD_POS: Final = frozenset(
    ["VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PART", "PRON", "SPACE", "INTJ", "SYM"]
)
# Verb forms the tagger sometimes takes for plural nouns ("the Kremlin press service quotes.").
_NOUN_TAGGED_VERBS: Final = frozenset(["quotes", "reports", "says", "writes", "notes"])
_MAX_CUE_WORDS: Final = max(len(c.slots) for c in LEX.phrase_cues)


@lru_cache(maxsize=1)
def _cue_hashes() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """String-store hashes of the first words of phrase cues, the cue verb lemmas and the verb
    forms tagged as nouns, to scan a document's attribute arrays without making tokens."""
    return (
        frozenset(get_string_id(w) for w in LEX.cues_by_first),
        frozenset(get_string_id(w) for w in LEX.subject_cues),
        frozenset(get_string_id(w) for w in _NOUN_TAGGED_VERBS),
    )


def extract_citations(doc: Doc, entities: Sequence[Entity], id_prefix: str) -> list[Citation]:
    """The citations of a parsed ``doc``, in text order, ids ``{id_prefix}:c:{start}``.

    ``entities`` are the article's entities (:func:`newsgraph.extract.entities.extract_entities`):
    a source that is one of their mentions takes the entity's canonical name.
    """
    if not len(doc) or not doc.to_array("DEP").any():
        return []
    return _Article(doc, entities, id_prefix).run()


class _Article(SourceFinder):
    """One document: the cues found in it, and the citations they give."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], id_prefix: str) -> None:
        super().__init__(doc, entities)
        self.prefix = id_prefix
        self.found: dict[tuple[int, int], Citation] = {}

    # --- driving -------------------------------------------------------------------------------

    def run(self) -> list[Citation]:
        # Token objects are costly to make: scan the hashes and build one only at a candidate.
        doc, strings = self.doc, self.doc.vocab.strings
        lowers, lemmas = doc.to_array(["LOWER", "LEMMA"]).T.tolist()
        firsts, verbs, nouned = _cue_hashes()
        for i, (low, lemma) in enumerate(zip(lowers, lemmas, strict=True)):
            if low in firsts:
                window = [strings[h] for h in lowers[i : i + _MAX_CUE_WORDS]]
                for cue in LEX.cues_by_first[window[0]]:
                    end = cue.match(window, 0)
                    if end is not None:
                        self._phrase(i, i + end, cue)
            if lemma in verbs or low in nouned:
                tok = doc[i]
                if lemma in verbs and tok.tag_ not in LEX.not_cue_tags:
                    self._subject(tok, LEX.subject_cues[tok.lemma_])
                elif low in nouned and tok.tag_ == "NNS":
                    self._noun_tagged_verb(tok)
        return sorted(self.found.values(), key=lambda c: (c.start, c.end))

    def _phrase(self, i: int, j: int, cue: PhraseCue) -> None:
        doc = self.doc
        if j >= len(doc) or j == i:
            return
        if cue.after_document and not self._after_document(doc[i]):
            return
        last = doc[j - 1]
        objects = [c for c in last.children if c.dep_ in _OBJECT_DEPS and c.i >= j]
        head: Token | None = min(objects, key=lambda c: c.i) if objects else None
        if head is not None and head.pos_ in ("VERB", "AUX"):
            # "according to what the authorities have provided": the clause's subject
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            head = subjects[0] if subjects else None
        elif head is None:
            head = self._np_head_from(j)
        if head is None:
            return
        cue_mention = self._mention(doc[i].idx, last.idx + len(last.text))
        hint = "media" if cue.accept == "media" else None
        for h in self._with_conjuncts(head):
            if cue.accept == "media":
                # "told CNN's Jake Tapper", "said on CBS' Face the Nation": the outlet
                owner = next((c for c in h.children if c.dep_ == "poss"), None)
                if owner is not None and self._add(owner, "media", hint, cue_mention):
                    continue
            self._add(h, cue.accept, hint, cue_mention, named_only=cue.named_only)

    def _subject(self, verb: Token, cls: VerbClass) -> None:
        if verb.dep_ in ("amod", "compound", "nmod") or verb.pos_ not in ("VERB", "AUX"):
            return
        children = list(verb.children)
        deps = {c.dep_ for c in children}
        cue_start, cue_end = verb.idx, verb.idx + len(verb.text)
        accept: Accept = "source"
        if cls == "report":
            if any(c.tag_ == "MD" for c in children):
                return  # "the foundation would publish its donors": a promise, not a report
            if not deps & {"dobj", "ccomp", "xcomp"} and any(
                c.dep_ == "prep" and c.lower_ in LEX.report_not_with_prep for c in children
            ):
                return  # "reported for duty", "reports to the CEO"
            if verb.lemma_ == "learn" and verb.i > 0 and verb.nbor(-1).lemma_ == "have":
                cue_start = verb.nbor(-1).idx
            if verb.lemma_ == "write" and "dobj" in deps and "ccomp" not in deps:
                return  # "wrote a letter", "the thing Congress wrote into the law"
        elif cls == "speech":
            if any(c.dep_ == "neg" or c.tag_ == "MD" for c in children):
                return  # "the White House can say", "police did not say"
            if "ccomp" not in deps and any(
                c.dep_ == "prep"
                and c.lower_ in LEX.speech_not_with_prep
                and not any(o.ent_type_ in NOT_SOURCE_ENTS for o in c.children)
                for c in children
            ):
                return  # "insisted on a two-state solution", "warned of a crisis"
            channel = self._channel(verb)
            if channel is not None:
                accept = "any"
                cue_end = channel.idx + len(channel.text)
            elif verb.lemma_ != "tell" and any(
                c.dep_ == "dobj" and c.tag_ not in PRONOUN_TAGS for c in children
            ):
                return  # "the ministry announced new rules": an act, not a citation
            elif verb.lemma_ == "tell" and (
                "xcomp" in deps or sum(c.dep_ in ("dobj", "dative") for c in children) > 1
            ):
                return  # "told the firms to use ...", "telling them crazy things": no report
        # the last subject: "LONDON (Reuters) - The ministry said" has the dateline as another
        subject = next((c for c in reversed(children) if c.dep_ == "nsubj"), None)
        relative = False
        if subject is not None and subject.lower_ in ("which", "that") and verb.dep_ == "relcl":
            subject = verb.head  # "the ministry, which said"
            relative = True
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
                return  # "an administration that insists": a description, not a source
        elif subject is None and verb.dep_ == "conj":
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        elif subject is None and cls == "report" and verb.tag_ in ("VBD", "VBZ", "VBP"):
            subject = self._left_name(verb)  # the parser ran a heading into the sentence
        if subject is None:
            return
        cue = self._mention(cue_start, cue_end)
        # an unknown organisation that reports, learns or quotes is an outlet; one that writes or
        # reveals need not be ("CPJ wrote", "EWG's research revealed")
        hint = "report" if verb.lemma_ in LEX.outlet_verbs else None
        for h in self._with_conjuncts(subject):
            if cls == "finding" and not (
                h.pos_ == "NOUN" and LEX.document_heads.ending([h.lower_]) is not None
            ):
                if "ccomp" in deps:  # "The Washington Post found that", not "CNN found him"
                    self._add(h, "media", hint, cue)
            else:
                self._add(h, accept, hint, cue, strong=not relative, speech=cls == "speech")

    def _noun_tagged_verb(self, tok: Token) -> None:
        """ "the Kremlin press service quotes." tagged as a noun compound: repair it."""
        nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
        if tok.i == 0 or (nxt is not None and not nxt.is_punct):
            return
        prev = tok.nbor(-1)
        if prev.dep_ != "compound" or prev.head.i != tok.i:
            return
        # the compounds before "quotes" are the subject; "press service" is its head
        lo = tok.left_edge.i
        self._add(prev, "source", "report", self._mention(tok.idx, tok.idx + len(tok.text)), lo)

    # --- adding --------------------------------------------------------------------------------

    def _add(
        self,
        head: Token,
        accept: Accept,
        hint: str | None,
        cue: Mention,
        lo: int | None = None,
        strong: bool = True,
        named_only: bool = False,
        speech: bool = False,
    ) -> bool:
        """Add the citation of the phrase headed by ``head``; whether one was found."""
        found = self._resolve(head, hint, 0, lo)
        if found is None or not _accepts(accept, found) or (found.weak and not strong):
            return False
        if named_only and not found.proper:
            return False
        if (
            found.weak
            and speech
            and found.kind == "organisation"
            and " " not in found.source
            and not found.source.isupper()
        ):
            return False  # "Fiorina said": the model's one-word ORGs that speak are mostly people
        if found.start < cue.end and cue.start < found.end:
            return False
        if self.text[found.start - 1 : found.start] == "(" == _opening(self.text, found.end):
            return False  # the dateline "(Reuters) - Facebook said"
        lo_c, hi_c = min(found.start, cue.start), max(found.end, cue.end)
        if "\n" in self.text[lo_c:hi_c]:
            return False
        key = (found.start, found.end)
        if key in self.found:
            return True
        if found.kind == "media" and accept != "media":
            # an outlet that reports, for a later bare "the newspaper"; the outlets people talk
            # to ("told Fox News") are mostly the article's own
            self.outlets_seen.append((found.start, found.source))
        self.found[key] = Citation(
            id=f"{self.prefix}:c:{found.start}",
            source=found.source,
            kind=found.kind,
            text=self.text[found.start : found.end],
            cue=cue,
            start=found.start,
            end=found.end,
            sentence=self._sentence(head, found.start, found.end),
            extractor=EXTRACTOR,
        )
        return True

    def _mention(self, start: int, end: int) -> Mention:
        return Mention(start, end, self.text[start:end])

    def _sentence(self, tok: Token, start: int, end: int) -> str:
        sent = tok.sent
        s0 = sent.start_char
        s1 = sent.end_char
        s0 = max(s0, self.text.rfind("\n", s0, start) + 1)
        nl = self.text.find("\n", end, s1)
        return self.text[s0 : nl if nl != -1 else s1].strip()

    # --- finding the noun phrase ---------------------------------------------------------------

    def _np_head_from(self, j: int) -> Token | None:
        """The head of the noun phrase starting at token ``j``, when the parse attached none."""
        tok = self.doc[j]
        if tok.pos_ in _NOT_HEAD_POS and not DOMAIN.match(tok.text):
            return None
        while (
            tok.head.i > tok.i
            and tok.head.i - j < 8
            and tok.head.pos_ in ("NOUN", "PROPN")
            and "\n" not in self.text[tok.idx : tok.head.idx]
        ):
            tok = tok.head
        return tok

    def _left_name(self, verb: Token) -> Token | None:
        if verb.i == 0:
            return None
        prev = verb.nbor(-1)
        if prev.pos_ == "PROPN" or self.ent_of[prev.i] is not None:
            return prev
        return None

    def _with_conjuncts(self, head: Token) -> list[Token]:
        out = [head]
        joined = joined_name(head)
        for c in head.children:
            if (
                c.dep_ == "conj"
                and c.pos_ in ("NOUN", "PROPN")
                and (joined is None or c.i != joined.i)
            ):
                out.append(c)
        return out

    # --- cue context ---------------------------------------------------------------------------

    def _after_document(self, tok: Token) -> bool:
        """Whether the participle ``tok`` is said of a document ("data released by", "the
        figures were released by")."""
        if tok.dep_ == "acl" and LEX.document_heads.ending([tok.head.lower_]):
            return True
        if any(
            c.dep_ == "nsubjpass" and LEX.document_heads.ending([c.lower_]) for c in tok.children
        ):
            return True
        i = tok.i - 1
        while i >= 0 and self.doc[i].pos_ == "ADV":
            i -= 1
        return i >= 0 and LEX.document_heads.ending([self.doc[i].lower_]) is not None

    def _channel(self, verb: Token) -> Token | None:
        """ "said in a statement": the channel noun, when the verb has one."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "via", "through") and c.i > verb.i:
                for o in c.children:
                    if (
                        o.dep_ == "pobj"
                        and o.lemma_.lower() in LEX.statement_channels
                        and o.i - verb.i <= 8
                    ):
                        return o
        return None


def _accepts(accept: Accept, found: Found) -> bool:
    if accept == "any":
        return True
    if accept == "source":
        return found.kind != "person"
    return found.kind == "media"


def _opening(text: str, end: int) -> str:
    """ "(" when ``text[end]`` closes a parenthesis (so that "(X)" reads "(" == "(")."""
    return "(" if text[end : end + 1] == ")" else ""
