"""What surrounds a number: its currency, percent, counted noun or time unit, and hedges.

A currency before the number ("$", "US$", "USD", "Rs."), a unit after it ("%", "percent",
"dollars", "cents", "km", a plural noun, "hours"), and the hedges before ("about", "at least")
and after it ("or more").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from newsgraph.extract.figures.numbers import _Num, _NumberReader
from newsgraph.extract.figures.tokens import _NUM, _SYM, _WORD, _Tok

Kind = Literal["money", "percent", "count", "duration"]

# Words allowed between a number and its noun ("400 more people", "12 new COVID-19 cases"); more
# than two mostly crosses into the next phrase.
_MAX_MODIFIERS: Final = 2
# How far before a figure to look for a hedge: the longest one ("in the region of") plus spaces.
_QUALIFIER_WINDOW: Final = 40


@dataclass(slots=True)
class _Unit:
    kind: Kind
    unit: str
    last: int
    factor: float = 1.0
    noun: int | None = None  # token index of the counted noun


class _UnitReader(_NumberReader):
    """The unit rules of the scanner: what is written before and after a number."""

    def currency_before(self, i: int, floor: int) -> tuple[str, int] | None:
        """A currency written before the number at ``i``: (ISO code, first token)."""
        lex = self.lex
        t = self.toks[i]
        p = self.tok(i - 1)
        if p is None or not t.inline or p.start < floor:
            return None
        if p.text in lex.currency_symbols:
            code, first = lex.currency_symbols[p.text], i - 1
            q = self.tok(i - 2)
            if p.text == "$" and q is not None and p.tight and q.start >= floor:
                if q.text in lex.dollar_prefixes:
                    code, first = lex.dollar_prefixes[q.text], i - 2  # "US$5", "HK$3bn"
                elif q.kind == _WORD:
                    return None  # some other identifier ending in "$"
            return code, first
        if p.kind == _WORD and p.text in lex.currency_codes:
            return lex.currency_codes[p.text], i - 1  # "USD 5 million"
        if p.kind == _WORD and p.text in lex.currency_prefix_words:
            return lex.currency_prefix_words[p.text], i - 1  # "Rs 500"
        if p.text == "." and i >= 2:
            q = self.toks[i - 2]
            if p.tight and q.text + "." in lex.currency_prefix_words and q.start >= floor:
                return lex.currency_prefix_words[q.text + "."], i - 2  # "Rs. 500"
        return None

    def percent_or_currency_after(self, k: int, num: _Num) -> _Unit | None:
        """A unit right after a number that can also close the first half of a range."""
        lex = self.lex
        t = self.next_inline(k)
        if t is None:
            return None
        unit, last = self.phrase_at(k, lex.compound_units)
        if unit is not None:
            return _Unit("percent", unit, last)
        unit, last = self.phrase_at(k, lex.percent_words)
        if unit is not None:
            return _Unit("percent", unit, last)
        # "200 €", "200 EUR"; but in "in 2020 $5 million" the "$" belongs to the next amount.
        nxt = self.next_inline(k + 1)
        opens_next = nxt is not None and nxt.kind == _NUM
        if t.text in lex.currency_symbols and t.kind == _SYM and not opens_next:
            return _Unit("money", lex.currency_symbols[t.text], k)
        if t.kind == _WORD and t.text in lex.currency_codes and not opens_next:
            return _Unit("money", lex.currency_codes[t.text], k)
        code, last = self.phrase_at(k, lex.currency_words)
        if code is None and num.scaled:
            code, last = self.phrase_at(k, lex.currency_words_after_scale)
        if code is not None:
            return _Unit("money", code, last)
        sub, last = self.phrase_at(k, lex.subunits, longest=1)
        if sub is not None:
            return _Unit("money", sub[0], last, factor=sub[1])
        # "a 1.5 billion-dollar loan", "a 10-euro note"
        if t.text == "-" and t.tight and not num.from_article:
            w = self.tok(k + 1)
            if w is not None and w.tight and (w.low,) in lex.currency_words:
                return _Unit("money", lex.currency_words[(w.low,)], k + 1)
        return None

    def noun_after(self, k: int, num: _Num) -> _Unit | None:
        """The counted noun or time unit after a number, allowing two modifiers before it."""
        lex = self.lex
        t = self.tok(k)
        if t is None:
            return None
        # "a 15-year sentence", "a 1,200-mile pipeline": a hyphenated unit is singular.
        if t.text == "-" and t.tight:
            w = self.tok(k + 1)
            if w is None or not w.tight:
                return None
            dash = self.tok(k + 2)
            if dash is not None and dash.text == "-" and self.word_at(k + 3) in lex.age_words:
                return None  # "a 24-year-old"
            if w.low in lex.durations:
                return _Unit("duration", lex.durations[w.low], k + 1, noun=k + 1)
            if w.low in lex.hyphen_units:
                return _Unit("count", w.low, k + 1, noun=k + 1)
            return None
        if not t.inline:
            return None
        unit, last = self.phrase_at(k, lex.unit_abbr, longest=2)
        if unit is not None:
            return _Unit("count", unit, last, noun=last)  # "5 km", "10kg"
        j = k
        modifiers = 0
        capitalised_modifier = False
        while j < self.n and modifiers <= _MAX_MODIFIERS:
            w = self.toks[j]
            if not w.inline or w.kind != _WORD:
                return None
            # "US troops", "IT workers": an acronym is no pronoun or stop word.
            acronym = len(w.text) > 1 and w.text.isupper()
            if w.low in lex.not_noun and not acronym:
                return None
            if w.low in lex.durations:
                if lex.durations[w.low] == w.low:
                    return None  # "four hour" is not English: a name or a noun-noun compound
                if w.text[0].isupper() and not w.text.isupper():
                    return None  # "“60 Minutes”", "Six Days in Fallujah": a title
                return _Unit("duration", lex.durations[w.low], j, noun=j)
            singular = self.singular(w)
            if w.text[0].isupper() and (
                w.low in lex.furniture or (capitalised_modifier and singular is not None)
            ):
                # "Slideshow (7 Images)", "Caption 29 of 37 Photos"; and after a capitalised
                # word a capitalised plural is a name: "Los Angeles", "New Orleans".
                return None
            if singular is not None:
                return _Unit("count", singular, j, noun=j)
            capitalised_modifier = w.text[0].isupper()
            if "'" in w.text or "’" in w.text or (w.low in lex.not_count and not acronym):
                return None  # "400 people's", "three times"
            # One modifier: a word or a hyphenated compound ("low-income", "COVID-19").
            j += 1
            while (
                j + 1 < self.n
                and self.toks[j].text == "-"
                and self.toks[j].tight
                and self.toks[j + 1].tight
                and self.toks[j + 1].kind != _SYM
            ):
                j += 2
            modifiers += 1
        return None

    def singular(self, w: _Tok) -> str | None:
        """The singular of ``w`` if it is a plausible plural count noun, else None."""
        lex = self.lex
        low, text = w.low, w.text
        if (low in lex.not_count or low in lex.not_noun) and not text.isupper():
            return None
        if low in lex.irregular:
            return lex.irregular[low]
        if low in lex.invariant:
            return low
        if len(low) < 3 or not low.endswith("s") or not low.isalpha():
            return None
        if len(text) >= 3 and text[-1] == "s" and text[:-1].isupper():
            return text[:-1]  # "NGOs", "MPs", "CEOs"
        if not (text.islower() or text.istitle()):
            return None  # "iPhones", "MPS": a name or shouting
        if low.endswith(("ss", "us", "is", "ous")):
            return None  # "less", "virus", "basis", "various"
        if low.endswith("ies") and len(low) > 4:
            return low[:-3] + "y"
        if low.endswith(("ches", "shes", "sses", "xes", "zzes")):
            return low[:-2]
        return low[:-1]

    def post_qualifier(self, k: int) -> tuple[str | None, int]:
        q, last = self.phrase_at(k, self.lex.post_qualifiers, longest=2)
        return (str(q), last) if q is not None else (None, -1)

    def qualifier_before(self, start_char: int, floor: int) -> tuple[str | None, int]:
        window_start = max(floor, start_char - _QUALIFIER_WINDOW)
        m = self.lex.qualifier_re.search(self.text, window_start, start_char)
        if m is None:
            return None, start_char
        phrase = " ".join(m.group("q").lower().split())
        return phrase, m.start("q")

    def currency_prefix_at(self, j: int) -> tuple[str, int] | None:
        """A currency written at token ``j`` before a number: (ISO code, the number's token)."""
        lex = self.lex
        t = self.next_inline(j)
        if t is None:
            return None
        if t.text in lex.currency_symbols:
            return lex.currency_symbols[t.text], j + 1
        nxt = self.tok(j + 1)
        if t.text in lex.dollar_prefixes and nxt is not None and nxt.tight and nxt.text == "$":
            return lex.dollar_prefixes[t.text], j + 2
        if t.kind == _WORD and t.text in lex.currency_codes:
            return lex.currency_codes[t.text], j + 1
        return None
