"""The scanner behind :func:`find_figures`: figures in plain text, with no model.

It grows a figure outwards from each number (:mod:`.numbers`): currency before it, a range
("between 48 and 49"), a unit after it (:mod:`.units`), then a hedge before it; and it drops
what only looks like a quantity: years, dates, times, ages, idioms, names with numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from newsgraph.extract.figures.lexicon import LEXICON
from newsgraph.extract.figures.numbers import _Num
from newsgraph.extract.figures.tokens import _NUM
from newsgraph.extract.figures.units import Kind, _Unit, _UnitReader

_DASHES: Final = frozenset({"-", "–", "—"})


@dataclass(frozen=True, slots=True)
class FigureMatch:
    """One figure found in plain text; ``text[start:end] == match.text`` always holds.

    ``start:end`` covers the whole figure as written, hedge and range words included ("about 150
    thousand people", "between 48 and 49 percent"). ``noun_start:noun_end`` is the counted noun
    ("people", "hours") for counts and durations, else ``None``.
    """

    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    start: int
    end: int
    kind: Kind
    noun_start: int | None = None
    noun_end: int | None = None


class _Scanner(_UnitReader):
    """Finds figures in one text; all positions are token indexes unless named ``*_char``."""

    def figure_at(self, i: int, floor: int) -> tuple[FigureMatch, int] | None:
        """The figure whose first number starts at token ``i``: (match, next token to scan)."""
        lex = self.lex
        a = self.number(i)
        if a is None or not self.isolated(a):
            return None
        currency = self.currency_before(i, floor)
        left = currency[1] if currency else i
        money_code = currency[0] if currency else None
        opener: str | None = None
        opener_idx = -1
        p = self.prev_word(left)
        if p is not None and p[1] in lex.range_openers and self.toks[p[0]].start >= floor:
            opener, opener_idx = p[1], p[0]

        # 1. A range: "between 48 and 49", "from $10 to $20 million", "48-49%", "two or three".
        a_unit, b, b_code = self.range_end(a, opener)
        value, value_max = a.value, (b.value if b is not None else None)
        if b is not None and value_max is not None:
            scale = self._scale_of(b)
            if not a.scaled and scale > 1 and a.value * scale <= b.value:
                value *= scale  # "$10-20 million": the scale of the second half is for both
            if value >= value_max and opener is not None:
                value, value_max = value_max, value  # "from 20 to 10 percent"
            elif value >= value_max:
                # A score, not a range: "a 5-4 ruling" gives nothing, "52.3%-47.7%" two figures.
                b, b_code, value, value_max = None, None, a.value, None
        if b is None:
            opener = None
        elif b_code is not None:
            if money_code not in (None, b_code):
                return None
            money_code = b_code
        last_num = b if b is not None else a
        last = last_num.last

        # 2. The unit: money, a percentage, or a counted noun.
        k = last + 1
        post_q, post_last = self.post_qualifier(k)
        if post_q is not None:
            k = post_last + 1  # "two or more people"
        if self.word_at(last + 1) in lex.time_words or self.word_at(k) in lex.time_words:
            return None  # "at 5 pm", "10 a.m."
        unit = self.percent_or_currency_after(k, last_num)
        if money_code is not None:
            # The symbol says which currency; a word after it ("$5 billion dollars") only
            # belongs to the span.
            closes = unit is not None and unit.kind == "money" and unit.factor == 1.0
            unit = _Unit("money", money_code, unit.last if unit is not None and closes else last)
        elif unit is None:
            unit = self.noun_after(k, last_num)
        if unit is None:
            return None
        if a_unit is not None and (a_unit.kind, a_unit.unit) != (unit.kind, unit.unit):
            return None  # "from 5 percent to $10 million" is two figures
        if (a.needs_money or (b is not None and b.needs_money)) and unit.kind != "money":
            return None  # "a 5m wall", "a 10k run"
        if not self.plausible(a, b, unit, left):
            return None

        # 3. The span, with hedges before ("about") and after ("or so") it.
        end_tok = max(unit.last, last, post_last)
        if post_q is None:
            post_q, post_last = self.post_qualifier(end_tok + 1)
            end_tok = max(end_tok, post_last)
        start_char = self.toks[opener_idx if opener is not None else left].start
        phrase, q_start = self.qualifier_before(start_char, floor)
        qualifier: str | None = None
        if phrase is not None and not (
            unit.kind == "duration" and phrase in lex.no_qualifier_before_duration
        ):
            qualifier, start_char = lex.qualifier_of[phrase], q_start
        if qualifier is None:
            qualifier = post_q
        end_char = self.toks[end_tok].end
        noun = self.toks[unit.noun] if unit.noun is not None else None
        match = FigureMatch(
            text=self.text[start_char:end_char],
            value=value * unit.factor,
            value_max=value_max * unit.factor if value_max is not None else None,
            unit=unit.unit,
            qualifier=qualifier,
            start=start_char,
            end=end_char,
            kind=unit.kind,
            noun_start=noun.start if noun is not None else None,
            noun_end=noun.end if noun is not None else None,
        )
        return match, end_tok + 1

    def range_end(
        self, a: _Num, opener: str | None
    ) -> tuple[_Unit | None, _Num | None, str | None]:
        """The second number of a range starting with ``a``: (unit of ``a``, number, currency)."""
        lex = self.lex
        a_unit = self.percent_or_currency_after(a.last + 1, a)
        k = (a_unit.last if a_unit is not None else a.last) + 1
        conn = self.next_inline(k)
        wanted = {lex.range_openers[opener]} if opener is not None else lex.range_connectors
        if a_unit is not None and opener is None:
            # "45%-48%" is a range; "rose 5 percent to $10 million" is two figures.
            wanted = _DASHES
        if conn is None or conn.low not in wanted:
            return a_unit, None, None
        j = k + 1
        code: str | None = None
        prefix = self.currency_prefix_at(j)
        if prefix is not None:
            code, j = prefix
        if self.next_inline(j) is None or not self.can_start(j):
            return a_unit, None, None
        b = self.number(j)
        if b is None:
            return a_unit, None, None
        dash, after = self.tok(b.last + 1), self.tok(b.last + 2)
        if (
            dash is not None
            and after is not None
            and dash.tight
            and dash.text in "-–"
            and after.tight
            and after.kind == _NUM
        ):
            return a_unit, None, None  # "202-555-0100": a phone number
        return a_unit, b, code

    def plausible(self, a: _Num, b: _Num | None, unit: _Unit, left: int) -> bool:
        """The rules that tell a quantity from a date, a name or a turn of phrase."""
        lex = self.lex
        kind = unit.kind
        nums = [a] if b is None else [a, b]
        after = self.word_at(unit.last + 1)
        # Years: "in 2020", "since 2008", "the 2020 election"; money and percentages never are.
        if kind not in ("money", "percent"):
            for n in nums:
                if n.plain_int and lex.year_lo <= n.value <= lex.year_hi:
                    return False
        # Dates: "September 14", "Sept. 14", "14 September".
        prev = self.prev_word(left)
        day_like = a.plain_int and (a.value <= 31 or a.value >= 1000)
        if day_like and prev is not None and prev[1].rstrip(".") in lex.months:
            return False
        if day_like and self.word_at(a.last + 1) in lex.months:
            return False
        if kind in ("count", "duration"):
            if b is None and a.value == 1.0:
                return False  # "one of the", "one people", "one day": idiom, not a count
            if after == "ago" or (kind == "duration" and self._relative_after(unit.last + 1)):
                return False  # "two years ago", "a month later"
            if kind == "duration" and after in lex.age_words:
                return False  # "77 years old"
            if prev is not None and prev[1] in lex.label_words:
                return False  # "section 230 protections", "No. 2 official"
            if prev is not None and self._ratio_word(prev[0]):
                return False  # "one in four adults", "9 out of 10 doctors"
            if prev is not None and self._is_name_word(prev[0]):
                return False  # "Apollo 11 astronauts", "Fortune 500 companies"
            first = self.toks[a.first]
            if a.spelled and first.text[0].isupper() and not self.sentence_initial(a.first):
                return False  # "Fifty Shades", "the Big Ten schools"
        return True

    def _ratio_word(self, j: int) -> bool:
        """True for the "in" of "one in four" and the "of" of "9 out of 10"."""
        w = self.toks[j]
        k = j - 1
        if w.low == "of" and self.word_at(j - 1) == "out" and self.toks[j].inline:
            k = j - 2
        elif w.low != "in":
            return False
        before = self.tok(k)
        if before is None or not self.toks[k + 1].inline:
            return False
        return before.kind == _NUM or before.low in self.lex.number_words

    def _relative_after(self, k: int) -> bool:
        rel, _ = self.phrase_at(k, self.lex.relative, longest=2)
        return rel is not None

    def _is_name_word(self, j: int) -> bool:
        """A capitalised word that makes the number after it part of a name ("Apollo 11").

        Sentence starts are no exception ("Apollo 11 astronauts landed"): a sentence that opens
        with a word and then a count opens with one of the words in ``capitalised_ok``.
        """
        w = self.toks[j]
        if not any(c.isupper() for c in w.text) or w.low in self.lex.capitalised_ok:
            return False
        # "Ukraine's 400 troops", "Killing 12 people", "Injured 30 officers"
        return not w.low.endswith(("'s", "’s", "ing", "ed"))


def find_figures(text: str) -> list[FigureMatch]:
    """All figures in ``text``, in order; needs no model. See :mod:`newsgraph.extract.figures`."""
    sc = _Scanner(text, LEXICON)
    out: list[FigureMatch] = []
    floor = 0
    next_tok = 0
    for i in sc.toks.starts:
        if i < next_tok or not sc.can_start(i):
            continue  # inside a figure already found
        found = sc.figure_at(i, floor)
        if found is not None:
            match, next_tok = found
            out.append(match)
            floor = match.end
    return out
