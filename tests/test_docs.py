"""The README documents every setting and command; the public API is what __all__ says."""

from __future__ import annotations

from pathlib import Path

import newsgraph
from newsgraph.serve.cli import cli
from newsgraph.settings import describe

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table() -> None:
    for name, _default, _help in describe():
        assert f"| `{name}` |" in README, f"setting {name} is not in the README's settings table"
        assert f"NEWSGRAPH_{name.upper()}" in README


def test_every_command_is_in_the_readme() -> None:
    for name in cli.commands:
        assert f"newsgraph {name}" in README, f"command {name} is not documented in the README"


def test_public_api() -> None:
    assert sorted(newsgraph.__all__) == sorted(
        [
            "Analysis",
            "Analyzer",
            "Article",
            "Entity",
            "Figure",
            "Mention",
            "NewsgraphError",
            "Removed",
            "Settings",
            "Store",
            "analyze",
            "open_store",
        ]
    )
    for name in newsgraph.__all__:
        assert getattr(newsgraph, name) is not None


def test_readme_quick_start_is_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick and "make test" in quick


def test_lazy_names_match_all() -> None:
    from newsgraph import _WHERE

    assert sorted(_WHERE) == sorted(newsgraph.__all__)
