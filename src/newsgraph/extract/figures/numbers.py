"""Numbers as written: digits, number words and scales, and whether a number stands alone.

Digits ("1,200", "0.5"), number words ("two hundred and fifty", "twenty-one"), scales ("1.5
billion", "3bn", "a dozen", "half a million"), and the checks that keep "G7", "COVID-19", "9/11"
or "24/7" from being numbers at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from newsgraph.extract.figures.tokens import _NUM, _SYM, _WORD, _TokenReader

_DIGITS_RE: Final = re.compile(r"(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?|0?\.\d+")


@dataclass(slots=True)
class _Num:
    """A number as written: its tokens and value, and what the year and one-rules need."""

    first: int
    last: int
    value: float
    plain_int: bool = False  # digits only, no comma, decimal or scale: could be a year
    scaled: bool = False  # "million", "bn", "dozen"... was part of it
    needs_money: bool = False  # used an abbreviation that is only a scale for money ("3m")
    from_article: bool = False  # "a million", "half a dozen"
    spelled: bool = False


class _NumberReader(_TokenReader):
    """The number rules of the scanner: where a number starts, its value and its scale."""

    def can_start(self, i: int) -> bool:
        t = self.toks[i]
        if t.kind == _NUM:
            return True
        if t.kind != _WORD:
            return False
        if t.low in self.lex.number_words:
            return True
        if t.low in ("a", "an", "half"):
            nxt = self.word_at(i + 1)
            if t.low == "half" and nxt == "a":
                nxt = self.word_at(i + 2)
            return nxt is not None and nxt in self.lex.scale_words
        return False

    def number(self, i: int) -> _Num | None:
        """Parse the number starting at token ``i`` (digits and/or number words and scales)."""
        lex = self.lex
        t = self.toks[i]
        total = 0.0
        current = 0.0
        state = ""  # the kind of the last piece read
        num = _Num(first=i, last=i, value=0.0)
        j = i
        if t.kind == _NUM:
            if not _DIGITS_RE.fullmatch(t.text):
                return None  # "1,2,3", "1.2.3", "0100": lists, versions, phone parts
            current = float(t.text.replace(",", ""))
            num.plain_int = t.text.isdigit()
            state = "digits"
            j = i + 1
            glued = self.tok(j)
            scale_word = self.tok(j + 1)
            if (
                glued is not None
                and glued.text == "-"
                and glued.tight
                and scale_word is not None
                and scale_word.tight
                and scale_word.low in lex.scales
            ):
                # "the $23-trillion threshold", "a $1.5-billion loan"
                total, current, state = current * lex.scales[scale_word.low], 0.0, "scale"
                num.scaled, num.last, j = True, j + 1, j + 2
            elif glued is not None and glued.tight and glued.kind == _WORD:
                if glued.low in lex.scale_abbr:
                    num.value = current * lex.scale_abbr[glued.low]
                    num.scaled, num.plain_int, num.last = True, False, j
                    num.needs_money = glued.low in lex.money_only_abbr
                    return num
                glued_units = (lex.percent_words, lex.unit_abbr)
                if not any((glued.low,) in table for table in glued_units):
                    return None  # "1990s", "14th", "5G", "10am"
        elif t.low in ("a", "an", "half"):
            # "a million" is 1e6, "half a million" and "half million" 5e5
            current, state, j = (0.5 if t.low == "half" else 1.0), "a", i + 1
            if t.low == "half" and self.word_at(j) == "a":
                j += 1
            num.from_article = True
        else:
            num.spelled = True
        # Words: "two hundred and fifty thousand", "twenty-one", "1.5 million", "a dozen".
        while j < self.n:
            w = self.toks[j]
            hyphen_joined = (
                w.text == "-"
                and w.tight
                and state == "tens"
                and j + 1 < self.n
                and self.toks[j + 1].tight
                and self.toks[j + 1].low in lex.units
            )
            if hyphen_joined:
                j += 1
                w = self.toks[j]
            elif not w.inline or w.kind != _WORD:
                break
            low = w.low
            if low in lex.units and lex.units[low] < 10 and state in ("", "tens", "mult", "and"):
                current += lex.units[low]
                state = "unit"
            elif (low in lex.units or low in lex.tens) and state in ("", "mult", "and"):
                current += lex.units.get(low, 0.0) + lex.tens.get(low, 0.0)
                state = "tens" if low in lex.tens else "unit"
            elif low in lex.multipliers and state in ("unit", "tens", "digits", "a"):
                current = current * lex.multipliers[low]
                state, num.scaled = "mult", True
            elif low in lex.scales and state in ("unit", "tens", "digits", "a", "mult"):
                total += current * lex.scales[low]
                current, state, num.scaled = 0.0, "scale", True
            elif (
                low in lex.scale_abbr
                and low not in lex.money_only_abbr
                and state == "digits"
                and not w.tight
            ):
                total += current * lex.scale_abbr[low]  # "1.5 bn", never "5 m" (metres)
                current, state, num.scaled = 0.0, "scale", True
            elif low == "and" and state == "mult" and self.word_at(j + 1) in lex.number_words:
                state = "and"  # "two hundred and fifty"
            elif (
                low == "and"
                and state in ("unit", "tens", "digits")
                and self.word_at(j + 1) == "a"
                and self.word_at(j + 2) == "half"
            ):
                current += 0.5  # "two and a half years"
                j += 2
                state = "half"
            else:
                break
            num.last = j
            j += 1
        if state in ("", "a", "and"):
            return None  # a lone "a"/"half", or a dangling "and"
        num.value = total + current
        if num.scaled:
            num.plain_int = False
        return num

    def isolated(self, num: _Num) -> bool:
        """False when the number is glued into an identifier, a date, a score or a URL."""
        first, last = self.toks[num.first], self.toks[num.last]
        p = self.tok(num.first - 1)
        if p is not None and first.tight:
            if p.kind == _WORD or p.text in "/:#.@_&'’°§¶№":
                return False  # "G7", "t.me/x123", "9/11", "5:30", "#1", "'90s"
            if p.text in "-–" and num.first >= 2 and self.toks[num.first - 2].kind != _SYM:
                return False  # "COVID-19", "F-35", and the second half of a score "5-4"
        nxt = self.tok(num.last + 1)
        if nxt is not None and nxt.tight and nxt.text in "/:":
            after = self.tok(num.last + 2)
            if after is not None and after.tight and after.kind != _SYM:
                return False  # "24/7", "3/4", "5:30"
        if nxt is not None and nxt.tight and nxt.text in "'’" and self.word_at(num.last + 2) == "s":
            return False  # "the 1990's"
        return not (last.kind == _NUM and nxt is not None and nxt.tight and nxt.text == "°")

    def _scale_of(self, num: _Num) -> float:
        """The factor the scale words of ``num`` contributed ("10 million" -> 1e6)."""
        lex = self.lex
        factor = 1.0
        for j in range(num.first + 1, num.last + 1):
            low = self.toks[j].low
            factor *= lex.scales.get(low, 1.0) * lex.scale_abbr.get(low, 1.0)
        return factor
