"""Shared fixtures. Tests that load the real spaCy model are marked ``model``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sochi-talks.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyzer():
    from newsgraph.pipeline import Analyzer
    from newsgraph.settings import Settings

    return Analyzer(Settings.from_env())


@pytest.fixture(scope="session")
def example_analysis(analyzer):
    from newsgraph.ingest.sources import Source

    meta = {"published": "2020-09-15", "source": "Correspondent.net"}
    return analyzer.analyze_source(Source(str(EXAMPLE), text=EXAMPLE.read_text("utf-8"), meta=meta))


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict | None = None
):
    """Run the installed ``newsgraph`` console script as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NEWSGRAPH_DEBUG", None)
    return subprocess.run(
        [str(NEWSGRAPH), *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=600,
    )


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """The bundled examples ingested once through the CLI, for the tests that only read them
    (a test that writes copies the file first)."""
    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    done = run_cli("ingest", str(EXAMPLE.parent), "--db", str(path), "--quiet")
    assert done.returncode == 0, done.stderr.decode()
    return path
