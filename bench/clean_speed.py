"""Speed of the cleaner: per article, on 5 MB inputs, and how it grows with input size.

    python bench/clean_speed.py

The targets (cleaning costs under 1 ms for a normal article, a 5 MB input under 1 s, and
time grows linearly with the input: 10 times the text takes about 10 times as long, never 100)
are measured here, side by side in one run, not in the unit tests; the tests only guard
against a run-away regular expression (limits many times these).
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


if __name__ == "__main__":
    main()
