"""Remove scraper junk from an article body: ad shortcodes, promo lines, credits, furniture.

What counts as junk is data, not code: rules in ``rules.yaml`` (schema at its top), each one a
regular expression with a scope:

``inline``
    searched anywhere; matches are cut (a line left empty goes whole).
``line``
    must match a whole (stripped) line no longer than the rule's ``max_len``; the line goes.
``tail``
    like ``line``, but only for a line followed by nothing except blank lines and junk.

Cleaning is deletion-only (see :mod:`newsgraph.clean.offsets`): the result records what was
removed, in input coordinates, and an :class:`OffsetMap` back to the input. Removing a line also
removes its line break and collapses the blank lines around it to what separated the paragraphs
before; whitespace that removal leaves at the start or end of the text is trimmed. Those
whitespace deletions are in the map but not in ``removed``, which lists the junk itself.

Speed: everything is compiled once per rule set (and the packaged set once per process). Line
rules are combined into one alternation per ``max_len`` cap, so a line costs one ``fullmatch``
against just the rules it is short enough for, plus the few rules with a ``contains`` hint whose
substring it holds; each inline rule is one ``finditer`` over the text; the rest is one pass over
the lines. Rule patterns are bounded (see the schema), so the whole is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsgraph.clean.offsets import OffsetMap
from newsgraph.errors import SettingsError
from newsgraph.types import Removed

__all__ = ["Cleaned", "Rule", "Rules", "clean", "load_rules"]

SCOPES = ("inline", "line", "tail")
DEFAULT_MAX_LEN = 200
SCHEMA_VERSION = 1
_DEFAULT_SOURCE = "newsgraph/clean/rules.yaml (packaged)"

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_KIND_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
# what breaks when patterns are combined into one alternation
_FORBIDDEN_RE = re.compile(r"\(\?P[<=]|\(\?<(?![=!])|\\[1-9]|\\g<")
_RULE_KEYS = frozenset(
    {"name", "kind", "scope", "pattern", "why", "max_len", "case_sensitive", "contains"}
)
_TOP_KEYS = frozenset({"version", "include_defaults", "disable", "rules"})
_HSPACE = " \t\u00a0\u2009\u202f\u3000"
# what a line is stripped of before matching: whitespace and invisible format characters
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_STRIP = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + _INVISIBLE
# one line, or a run of whitespace-only lines (each match is non-empty; together they tile the text)
_LINE_RE = re.compile(r"\s*\n|[^\n]+\n?")


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule (see the schema at the top of ``rules.yaml``)."""

    name: str
    kind: str
    scope: str
    pattern: str
    why: str
    max_len: int = DEFAULT_MAX_LEN
    case_sensitive: bool = False
    contains: tuple[str, ...] = ()  # lowercase; the rule is tried only on lines holding one

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, _flags(self.scope, self.case_sensitive))


def _flags(scope: str, case_sensitive: bool) -> int:
    flags = 0 if case_sensitive else re.IGNORECASE
    if scope == "inline":
        flags |= re.MULTILINE
    return flags


class _LineRules:
    """The line (or tail) rules of a rule set, compiled for speed; ``match`` keeps rule order.

    Rules without ``contains`` go into one alternation (group ``r<i>`` is ``rules[i]``); there is
    one alternation per distinct ``max_len``, so a line is only tried against the rules whose cap
    it fits. Rules with ``contains`` are tried one by one, only on lines holding a substring.
    """

    __slots__ = ("_by_cap", "_caps", "_gated", "max_len", "rules")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.max_len = max((r.max_len for r in self.rules), default=0)
        free = [(i, r) for i, r in enumerate(self.rules) if not r.contains]
        self._caps = sorted({r.max_len for _, r in free})
        self._by_cap = [
            _alternation([(i, r) for i, r in free if r.max_len >= cap]) for cap in self._caps
        ]
        self._gated = [(i, r, r.compiled()) for i, r in enumerate(self.rules) if r.contains]

    def match(self, line: str) -> Rule | None:
        """The first rule matching all of ``line`` (already stripped) within its max_len."""
        size = len(line)
        if size > self.max_len:
            return None
        found: Rule | None = None
        found_at = len(self.rules)
        k = bisect_left(self._caps, size)
        if k < len(self._caps):
            m = self._by_cap[k].fullmatch(line)
            if m is not None and m.lastgroup:
                found_at = int(m.lastgroup[1:])
                found = self.rules[found_at]
        lower: str | None = None
        for i, r, rx in self._gated:
            if i >= found_at:
                break
            if size > r.max_len:
                continue
            if lower is None:
                lower = line.lower()
            for c in r.contains:
                if c in lower:
                    if rx.fullmatch(line):
                        return r
                    break
        return found


def _alternation(rules: Sequence[tuple[int, Rule]]) -> re.Pattern[str]:
    parts = [
        f"(?P<r{i}>{r.pattern if not r.case_sensitive else f'(?-i:{r.pattern})'})" for i, r in rules
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


class Rules:
    """A validated, compiled rule set. Build it with :func:`load_rules` or ``Rules(rules)``."""

    __slots__ = ("_inline", "_line", "_tail", "rules", "source")

    def __init__(self, rules: Iterable[Rule], source: str = "<rules>") -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.source = source
        self._inline = tuple((r, r.compiled()) for r in self.rules if r.scope == "inline")
        self._line = _LineRules([r for r in self.rules if r.scope == "line"])
        self._tail = _LineRules([r for r in self.rules if r.scope == "tail"])

    @classmethod
    def from_data(cls, data: Any, source: str = "<rules>", defaults: Rules | None = None) -> Rules:
        """Validate a parsed rules document (the YAML's top-level mapping).

        ``defaults`` is the rule set ``include_defaults: true`` builds on (the packaged one when
        omitted). Raises :class:`SettingsError` naming ``source`` and the offending rule.
        """
        if not isinstance(data, Mapping):
            raise SettingsError(
                f"{source}: a rules file must be a mapping with 'version' and 'rules'"
            )
        unknown = sorted(set(map(str, data)) - _TOP_KEYS)
        if unknown:
            raise SettingsError(
                f"{source}: unknown top-level key(s) {', '.join(unknown)}; "
                f"expected {', '.join(sorted(_TOP_KEYS))}"
            )
        if data.get("version") != SCHEMA_VERSION:
            raise SettingsError(
                f"{source}: 'version' must be {SCHEMA_VERSION} (got {data.get('version')!r})"
            )
        include = data.get("include_defaults", False)
        if not isinstance(include, bool):
            raise SettingsError(f"{source}: 'include_defaults' must be true or false")
        disable = data.get("disable", [])
        if disable is None:
            disable = []
        if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
            raise SettingsError(f"{source}: 'disable' must be a list of rule names")
        if disable and not include:
            raise SettingsError(f"{source}: 'disable' only applies with include_defaults: true")
        raw_rules = data.get("rules")
        if raw_rules is None and include:
            raw_rules = []
        if not isinstance(raw_rules, list):
            raise SettingsError(f"{source}: 'rules' must be a list of rules")

        parsed: list[Rule] = []
        seen: set[str] = set()
        for i, item in enumerate(raw_rules):
            rule = _parse_rule(item, i, source)
            if rule.name in seen:
                raise SettingsError(
                    f"{source}: rule {i + 1} ({rule.name!r}): duplicate rule name {rule.name!r}"
                )
            seen.add(rule.name)
            parsed.append(rule)

        if not include:
            return cls(parsed, source)
        base = defaults if defaults is not None else load_rules()
        names = {r.name for r in base.rules}
        missing = [d for d in disable if d not in names]
        if missing:
            raise SettingsError(
                f"{source}: 'disable' names unknown default rule(s): {', '.join(missing)}"
            )
        own = {r.name: r for r in parsed}
        merged = [own.pop(r.name, r) for r in base.rules if r.name not in disable]
        merged.extend(r for r in parsed if r.name in own)
        return cls(merged, source)

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"Rules({len(self.rules)} rules from {self.source})"


def _parse_rule(item: Any, i: int, source: str) -> Rule:
    label = f"rule {i + 1}"
    if isinstance(item, Mapping) and isinstance(item.get("name"), str):
        label += f" ({item['name']!r})"

    def bad(problem: str) -> SettingsError:
        return SettingsError(f"{source}: {label}: {problem}")

    if not isinstance(item, Mapping):
        raise bad("must be a mapping with name, kind, scope, pattern and why")
    unknown = sorted(set(map(str, item)) - _RULE_KEYS)
    if unknown:
        raise bad(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_RULE_KEYS))}")
    pattern = item.get("pattern")
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        pattern = "".join(pattern)  # a long pattern written as pieces, one per YAML line
    for key, value in (
        ("name", item.get("name")),
        ("kind", item.get("kind")),
        ("scope", item.get("scope")),
        ("pattern", pattern),
        ("why", item.get("why")),
    ):
        if not isinstance(value, str) or not value.strip():
            what = "a non-empty string" + (" or list of strings" if key == "pattern" else "")
            raise bad(f"'{key}' is required and must be {what}")
    assert isinstance(pattern, str)
    name, kind, scope, why = item["name"], item["kind"], item["scope"], item["why"]
    if not _NAME_RE.fullmatch(name):
        raise bad("'name' may hold only letters, digits, '-', '_' and '.' (at most 80)")
    if not _KIND_RE.fullmatch(kind):
        raise bad(f"'kind' must be a lowercase word such as promo or photo_credit (got {kind!r})")
    if scope not in SCOPES:
        raise bad(f"'scope' must be one of {', '.join(SCOPES)} (got {scope!r})")
    case_sensitive = item.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise bad("'case_sensitive' must be true or false")
    max_len = item.get("max_len", DEFAULT_MAX_LEN)
    if "max_len" in item and scope == "inline":
        raise bad("'max_len' applies to line and tail rules only")
    if isinstance(max_len, bool) or not isinstance(max_len, int) or max_len < 1:
        raise bad(f"'max_len' must be a positive integer (got {max_len!r})")
    contains = item.get("contains", [])
    if isinstance(contains, str):
        contains = [contains]
    if not isinstance(contains, list) or not all(
        isinstance(c, str) and c.strip() for c in contains
    ):
        raise bad("'contains' must be a list of non-empty strings")
    if contains and scope == "inline":
        raise bad("'contains' applies to line and tail rules only")
    if _FORBIDDEN_RE.search(pattern):
        raise bad(
            "pattern may not use named groups or backreferences "
            "((?P<name>...), (?P=name), \\1); use (?:...) for grouping"
        )
    try:
        # compiled as part of an alternation: this also rejects global flags such as (?i)
        rx = re.compile(f"(?:{pattern})", _flags(scope, case_sensitive))
    except re.error as exc:
        raise bad(f"invalid regular expression: {exc}") from None
    if scope == "inline" and rx.fullmatch("") is not None:
        raise bad("an inline pattern must not match the empty string")
    return Rule(
        name=name,
        kind=kind,
        scope=scope,
        pattern=pattern,
        why=" ".join(why.split()),
        max_len=max_len,
        case_sensitive=case_sensitive,
        contains=tuple(c.lower() for c in contains),
    )


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SettingsError(f"{source}: not valid YAML: {exc}") from None


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    text = resources.files("newsgraph.clean").joinpath("rules.yaml").read_text(encoding="utf-8")
    return Rules.from_data(_parse_yaml(text, _DEFAULT_SOURCE), _DEFAULT_SOURCE, defaults=None)


@lru_cache(maxsize=32)
def _load_file(path: str, mtime_ns: int, size: int) -> Rules:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read rules file: {exc}") from None
    return Rules.from_data(_parse_yaml(text, path), path, defaults=_default_rules())


def load_rules(path: str | Path | None = None) -> Rules:
    """The rule set in ``path`` (a YAML file), or the packaged default when ``path`` is None.

    Cached: the default is parsed and compiled once; a file is re-read only when it changes.
    Raises :class:`SettingsError` naming the file (and the rule) when it cannot be used.
    """
    if path is None:
        return _default_rules()
    p = Path(path).expanduser()
    try:
        st = p.stat()
    except OSError as exc:
        raise SettingsError(f"{p}: cannot read rules file: {exc.strerror or exc}") from None
    if not p.is_file():
        raise SettingsError(f"{p}: rules file is not a regular file")
    return _load_file(str(p.resolve()), st.st_mtime_ns, st.st_size)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of :func:`clean`.

    ``text == offsets.apply(original)``; every ``r`` in ``removed`` satisfies
    ``original[r.start:r.end] == r.text`` and ``removed`` is sorted by ``start``.
    """

    text: str
    removed: tuple[Removed, ...]
    offsets: OffsetMap


_KEPT, _BLANK, _REMOVED = 0, 1, 2


def clean(text: str, rules: Rules | None = None) -> Cleaned:
    """Remove the junk ``rules`` (default: the packaged rules) describe from ``text``."""
    if rules is None:
        rules = load_rules()
    n = len(text)
    deletions: list[tuple[int, int]] = []
    records: list[Removed] = []

    # 1. inline matches, made non-overlapping: the earlier match wins, at one start the earlier
    # rule (each rule is searched on its own: that keeps its literal-prefix search fast)
    found: list[tuple[int, int, int]] = []
    for idx, (_rule, rx) in enumerate(rules._inline):
        for m in rx.finditer(text):
            s, e = m.span()
            if e > s and text[s:e].strip(_STRIP):
                found.append((s, idx, e))
    found.sort()
    spans: list[tuple[int, int, Rule]] = []
    last_end = -1
    for s, idx, e in found:
        if s >= last_end:
            spans.append((s, e, rules._inline[idx][0]))
            last_end = e

    # 2. lines: (start, end before its "\n", start of the next line). A run of whitespace-only
    # lines is one entry: blank runs are only ever kept or deleted whole.
    lines: list[tuple[int, int, int]] = []
    for m in _LINE_RE.finditer(text):
        ls, nx = m.span()
        lines.append((ls, nx - 1 if text[nx - 1] == "\n" else nx, nx))

    status = [_KEPT] * len(lines)
    touched = [False] * len(lines)  # the line holds (part of) an inline match
    line_rule: dict[int, tuple[Rule, int, int]] = {}
    j = 0  # first span that may still reach the current line
    prev_nonblank = _KEPT
    line_max = rules._line.max_len
    for i, (ls, le, _nx) in enumerate(lines):
        seg = text[ls:le]
        stripped = seg.strip(_STRIP)
        if not stripped:
            status[i] = _BLANK
            continue
        cs = ls + (len(seg) - len(seg.lstrip(_STRIP)))
        ce = cs + len(stripped)
        while j < len(spans) and spans[j][1] <= cs:
            j += 1
        if j < len(spans) and spans[j][0] < ce:
            touched[i] = True
            # is all of the line's content inside inline matches?
            cur, k, covered = cs, j, True
            while k < len(spans) and spans[k][0] < ce:
                if spans[k][0] > cur and text[cur : spans[k][0]].strip(_STRIP):
                    covered = False
                    break
                cur = max(cur, spans[k][1])
                k += 1
            if covered and cur < ce and text[cur:ce].strip(_STRIP):
                covered = False
            # a match that began on a kept line above: removing this whole line would take the
            # line break that match leaves behind, so only the match goes
            if covered and (spans[j][0] >= ls or prev_nonblank == _REMOVED):
                status[i] = _REMOVED
        elif len(stripped) <= line_max:
            rule = rules._line.match(stripped)
            if rule is not None:
                status[i] = _REMOVED
                line_rule[i] = (rule, cs, ce)
        prev_nonblank = status[i]

    # 3. tail rules: from the end, while everything below is blank or removed
    if rules._tail.rules:
        for i in range(len(lines) - 1, -1, -1):
            if status[i] != _KEPT:
                continue
            if touched[i]:
                break
            ls, le, _nx = lines[i]
            seg = text[ls:le]
            stripped = seg.strip(_STRIP)
            rule = rules._tail.match(stripped)
            if rule is None:
                break
            cs = ls + (len(seg) - len(seg.lstrip(_STRIP)))
            status[i] = _REMOVED
            line_rule[i] = (rule, cs, cs + len(stripped))

    # 4. delete removed lines and collapse the blank lines around them
    nlines = len(lines)
    i = 0
    while i < nlines:
        if status[i] == _KEPT:
            i += 1
            continue
        k = i
        has_removed = False
        while k < nlines and status[k] != _KEPT:
            has_removed = has_removed or status[k] == _REMOVED
            k += 1
        if has_removed:
            if i == 0 or k == nlines:
                deletions.append((lines[i][0], lines[k - 1][2]))
                if k == nlines and i > 0:
                    # trailing whitespace the removal leaves (the last kept line's break)
                    ls, le, _nx = lines[i - 1]
                    deletions.append((ls + len(text[ls:le].rstrip(_STRIP)), lines[i][0]))
            else:
                # keep the first run of blank lines (the paragraph break), drop the rest
                b = i
                while b < k and status[b] != _BLANK:
                    b += 1
                b2 = b
                while b2 < k and status[b2] == _BLANK:
                    b2 += 1
                if b > i:
                    deletions.append((lines[i][0], lines[b][0]))
                if b2 < k:
                    deletions.append((lines[b2][0], lines[k][0]))
        i = k

    for rule, cs, ce in line_rule.values():
        records.append(Removed(rule.kind, text[cs:ce], cs, ce, rule.name))

    # 5. inline matches: record each; cut them, with the whitespace they leave on a kept line
    for s, e, rule in spans:
        seg = text[s:e]
        rs = s + (len(seg) - len(seg.lstrip(_STRIP)))
        re_ = s + len(seg.rstrip(_STRIP))
        records.append(Removed(rule.kind, text[rs:re_], rs, re_, rule.name))
        ds, de = s, e
        before = s
        while before > 0 and text[before - 1] in _HSPACE:
            before -= 1
        after = e
        while after < n and text[after] in _HSPACE:
            after += 1
        at_line_start = before == 0 or text[before - 1] == "\n"
        at_line_end = after == n or text[after] in "\r\n"
        if after > e and (before < s or at_line_start):
            de = after
        elif before < s and at_line_end:
            ds = before
        deletions.append((ds, de))

    offsets = OffsetMap(deletions)
    records.sort(key=lambda r: r.start)
    return Cleaned(text=offsets.apply(text), removed=tuple(records), offsets=offsets)
