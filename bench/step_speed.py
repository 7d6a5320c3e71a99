"""Speed of single steps: the cleaner, roles and speakers, actor coding.

    python bench/step_speed.py

The targets (cleaning costs under 1 ms for a normal article, a 5 MB input under 1 s, and time
grows linearly with the input: 10 times the text takes about 10 times as long, never 100;
roles and speakers for the example article under 3 ms; coding an actor phrase about 0.1 ms)
are measured here, not in the unit tests; the tests only guard against a run-away (limits
many times these).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from newsgraph.clean import clean, load_rules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sochi-talks.txt"
PROSE = (
    "The city council voted on Tuesday to expand the bus network, a plan that the mayor "
    "has defended for months against critics who call it too expensive."
)
BACKTRACKING_LINES = [
    "x. sign up " * 20,
    "follow " + "a " * 100,
    "Photo: " * 20,
    "a | b/c " * 50,
    "1999 " * 30 + "all rights reserve",
    "more: " * 40,
    "[caption id=1] " * 20,
    "/" * 500,
]


def best_of(n: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def growth(make: Callable[[int], str], small: int, large: int) -> tuple[float, float]:
    """Seconds for the large input and the ratio large/small time, per size ratio 1."""
    t_small = best_of(3, lambda: clean(make(small)))
    text = make(large)
    t_large = best_of(1, lambda: clean(text))
    return t_large, (t_large / t_small) / (large / small)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    rules = load_rules()
    text = EXAMPLE.read_text(encoding="utf-8")
    clean(text, rules)
    per_article = best_of(30, lambda: clean(text, rules))
    print(
        f"example article ({len(text):,} chars): {per_article * 1000:.2f} ms "
        f"(target < 1 ms: {verdict(per_article < 0.001)})"
    )

    def one_line(n: int) -> str:
        return ("The council met again [ad_1] and voted. " * (n // 40 + 1))[:n]

    block = f"{PROSE}\nAdvertisement\n\n{PROSE}\n[caption id=1 no close\nMore:\n\n"

    def many_lines(n: int) -> str:
        return block * (n // len(block))

    for name, make in (("5 MB on one line", one_line), ("5 MB on many lines", many_lines)):
        seconds, slope = growth(make, 500_000, 5_000_000)
        print(
            f"{name}: {seconds:.2f} s (target < 1 s: {verdict(seconds < 1.0)}); "
            f"growth from 0.5 MB, per unit of size: {slope:.2f} (linear ~1, target < 2: "
            f"{verdict(slope < 2)})"
        )
    for line in BACKTRACKING_LINES:

        def lines(n: int, line: str = line) -> str:
            return (line + "\n") * n

        seconds, slope = growth(lines, 200, 2000)
        print(
            f"{line[:24]!r:<28} x2000: {seconds:.3f} s, growth per unit {slope:.2f} "
            f"({verdict(slope < 2)})"
        )


def other_steps() -> None:
    from newsgraph import nlp as nlp_module
    from newsgraph.extract.entities import extract_entities
    from newsgraph.extract.quotes import extract_quotes
    from newsgraph.extract.roles import attach_roles_and_speakers
    from newsgraph.resolve.actors import actor_key, code_phrase
    from newsgraph.settings import Settings

    nlp = nlp_module.load(Settings.from_env().model)
    doc = nlp(clean(EXAMPLE.read_text(encoding="utf-8")).text)
    entities = extract_entities(doc, "t")
    quotes = extract_quotes(doc, entities, "t")
    roles = best_of(5, lambda: attach_roles_and_speakers(doc, entities, quotes, "t"))
    print(
        f"roles and speakers, example article: {roles * 1000:.2f} ms "
        f"(target < 3 ms: {verdict(roles < 0.003)})"
    )
    code_phrase("warm-up")
    titles = ("the press secretary of the Russian president",)

    def calls() -> None:
        for _ in range(500):
            code_phrase("riot police in Minsk", context_country="BLR")
            code_phrase("Dmitry Peskov", titles)
            actor_key("Alexander Lukashenko")

    per_call = best_of(3, calls) / 1500
    print(f"actor coding: {per_call * 1000:.3f} ms a call (about 0.1 ms expected)")


if __name__ == "__main__":
    main()
    other_steps()
