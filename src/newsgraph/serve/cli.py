"""The ``newsgraph`` command: parses options, reports, and calls plain functions.

Exit status: 0 when everything asked for was done, 1 when some inputs failed (each named on
stderr and recorded in the failures table), 2 for usage errors. No traceback reaches the user
unless ``NEWSGRAPH_DEBUG=1``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from newsgraph.errors import NewsgraphError, SettingsError
from newsgraph.serve.output import emit, output_options
from newsgraph.settings import Settings, describe
from newsgraph.store import EXPORT_FORMATS, EXPORT_TABLES
from newsgraph.types import Analysis, Failure

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="DuckDB file of the store [default: setting db, newsgraph.duckdb].",
)


all_copies_option = click.option(
    "--all-copies", is_flag=True, help="Every copy of a story (default: each story once)."
)


def _settings(**overrides: Any) -> Settings:
    return Settings.from_env(**overrides)


def _error(msg: str) -> None:
    click.echo(f"error: {msg}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="newsgraph")
def cli() -> None:
    """newsgraph: who said what, which numbers and what happened, from news articles.

    Every record points to its article and character span in the text as given.
    """


# -- analyze ------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    default="json",
    show_default=True,
    help="json: one analysis (an array for several); jsonl: one line per input, in order "
    '(a failed input gives an {"error": ...} line); text: a readable summary.',
)
@click.option("--id", "article_id", help="Article id for plain-text input (default: content hash).")
@click.option("--title", help="Title for plain-text input.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for plain-text input.")
@click.option("--source", help="Outlet name for plain-text input.")
@click.option("--url", help="URL for plain-text input.")
def analyze(inputs: tuple[str, ...], fmt: str, **meta: Any) -> None:
    """Analyse articles and print the result without storing it.

    INPUTS are files, directories, JSONL files or - for stdin.
    """
    from newsgraph.ingest.sources import Source, iter_sources
    from newsgraph.pipeline import Analyzer, Skipped

    settings = _settings()
    given = {("id" if k == "article_id" else k): v for k, v in meta.items() if v is not None}

    def sources() -> Iterator[Source | Failure]:
        for item in iter_sources(inputs, settings):
            if isinstance(item, Source) and given:
                item = dataclasses.replace(item, meta={**item.meta, **given})
            yield item

    analyzer = Analyzer(settings)
    failed = 0
    collected: list[dict[str, Any]] = []
    for result in analyzer.run(sources()):
        if isinstance(result, Skipped):  # only the same text twice in one call
            continue
        if isinstance(result, Failure):
            failed += 1
            _error(f"{result.input_name}: {result.reason}")
            if fmt == "jsonl":
                err = {"input": result.input_name, "stage": result.stage, "reason": result.reason}
                click.echo(json.dumps({"error": err}, ensure_ascii=False))
            continue
        if fmt == "jsonl":
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        elif fmt == "text":
            click.echo(render_text(result))
        else:
            collected.append(result.to_dict())
    if fmt == "json" and collected:
        payload: Any = collected[0] if len(collected) == 1 else collected
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(EXIT_FAILURES if failed else EXIT_OK)


def render_text(a: Analysis) -> str:
    art = a.article
    lines = [
        f"# {art.title or '(untitled)'}",
        f"id {art.id} · {art.source or 'unknown source'} · {art.published or 'undated'} · "
        f"{art.language or '?'} · {len(art.text):,} chars",
    ]
    if art.removed:
        lines.append(
            f"removed junk: {', '.join(sorted({r.kind for r in art.removed}))} ({len(art.removed)})"
        )
    for typ, label in (
        ("PERSON", "People"),
        ("ORG", "Organisations"),
        ("PLACE", "Places"),
        ("GROUP", "Groups"),
    ):
        ents = sorted((e for e in a.entities if e.type == typ), key=lambda e: -len(e.mentions))
        if ents:
            lines.append(f"{label}: " + ", ".join(f"{e.name} ({len(e.mentions)})" for e in ents))
    coded = [x for x in a.actors if x.get("actor_code") and x["type"] != "PLACE"]
    if coded:
        lines.append("Actors: " + ", ".join(f"{x['name']} {x['actor_code']}" for x in coded))
    if a.figures:
        lines.append("Figures:")
        for f in a.figures:
            value = human_number(f.value) + (
                f"–{human_number(f.value_max)}" if f.value_max is not None else ""
            )
            qual = f"{f.qualifier} " if f.qualifier else ""
            measure = f"  [{f.measure}]" if f.measure else ""
            lines.append(f"  {f.text!r:40} = {qual}{value} {f.unit}{measure}")
    if a.quotes:
        lines.append(f"Quotes ({len(a.quotes)}):")
        for q in a.quotes:
            who = q.speaker or "(no speaker)"
            via = f" via {', '.join(q.via)}" if q.via else ""
            text = " ".join(q.text.split())
            text = text if len(text) <= _QUOTE_PREVIEW else text[: _QUOTE_PREVIEW - 1] + "…"
            lines.append(f"  {who}{via} [{q.kind}]: {text}")
    if a.events:
        lines.append(f"Events ({len(a.events)}):")
        for e in a.events:
            who = " → ".join(
                (e[k] or {}).get("actor_code") or (e[k] or {}).get("name") or "?"
                for k in ("source", "target")
                if e[k] or k == "source"
            )
            where = ", ".join(x for x in (e["date"], (e["location"] or {}).get("name")) if x)
            flags = " (negated)" if e["negated"] else ""
            n = len(e.get("mentions") or ())
            lines.append(
                f"  {e['code']} {e['plover'] or '-'} {who}: {e['text']}"
                + (f" [{where}]" if where else "")
                + flags
                + (f" ({n} mentions)" if n > 1 else "")
            )
    if a.citations:
        cited = dict.fromkeys(f"{c.source} ({c.kind})" for c in a.citations)
        lines.append("Cited sources: " + ", ".join(cited))
    return "\n".join(lines) + "\n"


# Characters of a quote shown in the text summary.
_QUOTE_PREVIEW = 90


def human_number(x: float) -> str:
    """1.5e9 -> "1.5 billion", 150000 -> "150,000"."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= scale:
            return f"{x / scale:,.6g} {word}"
    return f"{x:,.6g}" if x != int(x) else f"{int(x):,}"


# -- ingest -------------------------------------------------------------------------------


def _is_ray_address(value: str) -> bool:
    """local, auto, a URL (ray://host:10001) or host:port; not an input file."""
    import re

    return value in ("local", "auto") or "://" in value or bool(re.fullmatch(r"[\w.-]+:\d+", value))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--since", help="Skip feed items published before this day (YYYY-MM-DD); not fetched."
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    help="Processes for the NLP step (setting workers; 0 = one per core, 1 = one process).",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    metavar="[ADDRESS]",
    help="Run the NLP step with Ray Data: a local instance of --workers CPUs, or the cluster "
    "at ADDRESS (auto, ray://host:10001); needs pip install 'newsgraph[ray]'.",
)
@click.option(
    "--ray-output",
    metavar="DIR",
    help="Folder for the Parquet files of --ray (setting ray_output; default: a temporary one).",
)
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    quiet: bool,
    since: str | None,
    workers: int | None,
    ray_address: str | None,
    ray_output: str | None,
) -> None:
    """Analyse articles and store them (already stored articles are skipped).

    INPUTS are files, directories (recursively), JSONL files, WARC archives (.warc,
    .warc.gz), RSS/Atom feed files, http(s) URLs of feeds or pages, or - for stdin.
    """
    from datetime import date

    from newsgraph.scale.local import run_ingest

    if ray_address is not None and not _is_ray_address(ray_address):
        # `--ray corpus.jsonl`: the option took an input as its address
        inputs, ray_address = (ray_address, *inputs), "local"
    dates: dict[str, Any] = {"since": since}
    _check_dates(dates)  # normalises it to YYYY-MM-DD
    settings = _settings(db=db, workers=workers, ray_output=ray_output)
    report = run_ingest(
        inputs,
        settings,
        progress=not quiet,
        on_failure=lambda f: _error(f"{f.input_name}: {f.reason}"),
        command="ingest " + " ".join(inputs),
        since=date.fromisoformat(dates["since"]) if dates["since"] else None,
        ray=ray_address,
    )
    c = report.counts
    older = f", {report.older} older than --since" if since else ""
    click.echo(
        f"stored {report.stored} article(s), skipped {report.skipped} already stored{older}, "
        f"{report.failed} failed, in {report.seconds:.1f} s "
        f"({report.stored / max(report.seconds, 1e-9):.2f} articles/s)",
        err=False,
    )
    click.echo(
        f"{settings.db} now holds {c['articles']} articles, {c['entities']} entities, "
        f"{c['mentions']} mentions, {c['figures']} figures, {c['quotes']} quotes, "
        f"{c['citations']} citations, {c['events']} events, {c['failures']} failures"
    )
    if report.interrupted:
        _error("interrupted: what was stored stays; run the same command again to resume")
        sys.exit(130)
    sys.exit(EXIT_FAILURES if report.failed else EXIT_OK)


# -- reading the store --------------------------------------------------------------------


def _open(db: str | None) -> Any:
    from newsgraph.store.db import open_store

    return open_store(_settings(db=db).db, read_only=True)


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True
)
def stats(db: str | None, fmt: str) -> None:
    """Row counts of every table."""
    with _open(db) as store:
        counts = store.counts()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        emit([{"table": k, "rows": v} for k, v in counts.items()], "table")


@cli.command()
@db_option
@click.option("--source", help="Outlet name contains.")
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published on or before (YYYY-MM-DD).")
@click.option("--q", help="Title contains.")
@click.option("--story", help="Only the copies of this story (a story id or any copy's id).")
@output_options
def articles(db: str | None, fmt: str, **filters: Any) -> None:
    """List stored articles, newest first."""
    from newsgraph.store import queries

    _check_dates(filters)
    with _open(db) as store:
        emit(queries.articles(store, **filters), fmt)


@cli.command()
@db_option
@click.option(
    "--type", "type_", type=click.Choice(["PERSON", "ORG", "PLACE", "GROUP"], case_sensitive=False)
)
@click.option("--name", help="Name contains.")
@click.option("--article", help="Only this article id.")
@output_options
def entities(db: str | None, fmt: str, type_: str | None, **filters: Any) -> None:
    """List entities across articles, most mentioned first."""
    from newsgraph.store import queries

    with _open(db) as store:
        emit(queries.entities(store, type=type_, **filters), fmt)


@cli.command()
@db_option
@click.option("--unit", help="Unit: an ISO 4217 code (USD), percent, or a noun (person, year).")
@click.option("--q", help="Measure or sentence contains.")
@click.option("--article", help="Only this article id.")
@all_copies_option
@output_options
def figures(db: str | None, fmt: str, **filters: Any) -> None:
    """List figures (money, percentages, counts, durations) with their sentence."""
    from newsgraph.store import queries

    with _open(db) as store:
        emit(queries.figures(store, **filters), fmt)


@cli.command()
@db_option
@click.option("--speaker", help="Speaker's name (or the mention quoted) contains.")
@click.option("--about", help="Quote text contains.")
@click.option("--via", help="Relayed by (an outlet or body) contains.")
@click.option(
    "--kind", type=click.Choice(["direct", "partial", "indirect", "mixed"], case_sensitive=False)
)
@click.option("--article", help="Only this article id.")
@click.option("--since", help="Article published on or after (YYYY-MM-DD).")
@click.option("--until", help="Article published on or before (YYYY-MM-DD).")
@all_copies_option
@output_options
def quotes(db: str | None, fmt: str, **filters: Any) -> None:
    """List quotes with speaker, cue and relays, newest articles first."""
    from newsgraph.store import queries

    _check_dates(filters)
    with _open(db) as store:
        emit(queries.quotes(store, **filters), fmt)


@cli.command()
@db_option
@click.option("--source", help="Source name contains.")
@click.option(
    "--kind",
    type=click.Choice(
        ["media", "government", "organisation", "person", "anonymous", "document"],
        case_sensitive=False,
    ),
)
@click.option("--article", help="Only this article id.")
@output_options
def citations(db: str | None, fmt: str, **filters: Any) -> None:
    """List the sources articles rely on ("according to ...", "citing ...")."""
    from newsgraph.store import queries

    with _open(db) as store:
        emit(queries.citations(store, **filters), fmt)


@cli.command()
@db_option
@click.option("--name", help="Name or alias contains.")
@click.option(
    "--type", "type_", type=click.Choice(["PERSON", "ORG", "PLACE", "GROUP"], case_sensitive=False)
)
@click.option("--country", help="ISO 3166 alpha-3 country (or IGO, NGO).")
@click.option("--code", help="Actor code starts with (RUS, RUSGOV, IGO).")
@click.option(
    "--roles", is_flag=True, help="List the roles articles give the matching actors, dated."
)
@output_options
def actors(db: str | None, fmt: str, type_: str | None, roles: bool, **filters: Any) -> None:
    """List canonical actors across articles (spellings merged), most mentioned first."""
    from newsgraph.store import queries

    with _open(db) as store:
        if not roles:
            emit(queries.actors(store, type=type_, **filters), fmt)
            return
        limit, offset = filters.pop("limit"), filters.pop("offset")
        found = queries.actors(store, type=type_, **filters, limit=1000)
        ids = [a["id"] for a in found]
        emit(queries.actor_roles(store, actor_ids=ids, limit=limit, offset=offset), fmt)


@cli.command()
@db_option
@click.option(
    "--actor",
    help="Actor code in capitals (RUSGOV, BLR: code starts with) or a name of either side.",
)
@click.option("--code", help="CAMEO code or its start (04: every consultation).")
@click.option("--country", help="ISO 3166 alpha-3 code of either side or of the place.")
@click.option("--since", help="Event day on or after (YYYY-MM-DD).")
@click.option("--until", help="Event day on or before (YYYY-MM-DD).")
@click.option("--article", help="Only events this article reports.")
@click.option("--negated", is_flag=True, help="Also list acts the text denies.")
@click.option("--mentions", "event_id", help="List the reports of this event id instead.")
@all_copies_option
@output_options
def events(db: str | None, fmt: str, negated: bool, event_id: str | None, **filters: Any) -> None:
    """List coded events, one row per happening with its counts of mentions, sources and
    articles, latest first."""
    from newsgraph.store import queries

    code = filters.get("code")
    if code and not (code.isdigit() and 2 <= len(code) <= 4):
        raise click.BadParameter(
            f"{code!r} is not a CAMEO code (2 to 4 digits)", param_hint="--code"
        )
    country = filters.get("country")
    if country and not (len(country) == 3 and country.isalpha()):
        raise click.BadParameter(f"{country!r} is not an ISO alpha-3 code", param_hint="--country")
    _check_dates(filters)
    with _open(db) as store:
        if event_id:
            emit(queries.event_mentions(store, event_id), fmt)
            return
        emit(queries.events(store, negated=None if negated else False, **filters), fmt)


@cli.command()
@click.argument("table", type=click.Choice(list(EXPORT_TABLES)))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="csv",
    show_default=True,
    help="gdelt-tsv: the events table in GDELT 2.0's column order (see the README).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="File to write [default: stdout]."
)
def export(table: str, db: str | None, fmt: str, output: str | None) -> None:
    """Export a whole table (csv, jsonl, parquet; events also as gdelt-tsv)."""
    from newsgraph.store.export import export as run_export

    with _open(db) as store:
        n = run_export(store, table, fmt, output)
    if output:
        click.echo(f"wrote {n} {table} rows to {output}", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allow-write",
    is_flag=True,
    help="Turn on POST /api/analyze and /api/ingest (they need the api_token setting).",
)
def serve(db: str | None, host: str, port: int, allow_write: bool) -> None:
    """Serve the JSON API (/api, OpenAPI at /openapi.json) and the web explorer."""
    from newsgraph.serve.app import AppConfig, create_app, require_web

    require_web()
    import uvicorn

    settings = _settings(db=db)
    if allow_write and not settings.api_token:
        raise SettingsError("--allow-write needs a token: set NEWSGRAPH_API_TOKEN")
    if not allow_write:
        _open(db).close()  # a missing database is one clear error, before the server starts
    config = AppConfig(
        db=settings.db,
        allow_write=allow_write,
        token=settings.api_token or None,
        max_body_bytes=settings.max_input_bytes,
        settings=settings,
    )
    click.echo(f"newsgraph explorer on http://{host}:{port}/ (API at /api, docs at /docs)")
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


@cli.command()
@db_option
@output_options
def failures(db: str | None, fmt: str, **page: Any) -> None:
    """List inputs that failed, with the reason."""
    from newsgraph.store import queries

    with _open(db) as store:
        emit(queries.failures(store, **page), fmt)


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
def report(db: str | None, limit: int) -> None:
    """A readable summary of the store: counts, and what each latest article holds."""
    from newsgraph.store import queries

    with _open(db) as store:
        counts = store.counts()
        click.echo(
            f"{counts['articles']} articles · {counts['entities']} entities · "
            f"{counts['figures']} figures · {counts['quotes']} quotes · "
            f"{counts['citations']} citations · {counts['events']} events "
            f"({counts['event_mentions']} reports) · {counts['actors']} actors · "
            f"{counts['removed']} junk pieces removed · {counts['failures']} failures\n"
        )
        for row in queries.articles(store, limit=limit):
            analysis = queries.load_analysis(store, row["id"])
            if analysis is not None:
                click.echo(render_text(analysis))


@cli.command(name="settings")
def settings_cmd() -> None:
    """Every setting, its current value and its environment variable."""
    current = _settings()
    emit(
        [
            {
                "setting": name,
                "env": f"NEWSGRAPH_{name.upper()}",
                "value": getattr(current, name),
                "default": default,
                "help": help_,
            }
            for name, default, help_ in describe()
        ],
        "table",
    )


# -- eval ---------------------------------------------------------------------------------


@cli.group(name="eval")
def eval_group() -> None:
    """Score newsgraph against gold development data (kept outside the repository)."""


@eval_group.command(name="quotes")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Output of `newsgraph analyze --format jsonl` to score [default: analyse every "
    "primary gold article now].",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--threshold",
    "thresholds",
    type=click.FloatRange(0, 1, max_open=True),
    multiple=True,
    help="Overlap a match must exceed; repeat for several [default: 0.3 and 0.8].",
)
def eval_quotes(
    gold: str, predictions: str | None, fmt: str, thresholds: tuple[float, ...]
) -> None:
    """Quote P/R/F1 per kind and speaker accuracy against GOLD.jsonl (GenderGapTracker protocol).

    GOLD.jsonl is in the format of ../shared/data/quotes (its README describes the scoring).
    """
    from newsgraph.evaluate.quotes import DEFAULT_THRESHOLDS, format_report, run_eval_quotes

    if predictions is None:
        click.echo("analysing every gold article with the model ...", err=True)
    scores = run_eval_quotes(
        gold,
        predictions,
        _settings(),
        thresholds=sorted(thresholds) or DEFAULT_THRESHOLDS,
        on_failure=lambda f: _error(f"{f.input_name}: {f.reason}"),
    )
    if fmt == "json":
        click.echo(json.dumps(scores.to_dict(), indent=2))
    else:
        click.echo(format_report(scores), nl=False)
    sys.exit(EXIT_FAILURES if scores.analysis_failures else EXIT_OK)


@eval_group.command(name="events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Output of `newsgraph analyze --format jsonl` to score [default: analyse every gold "
    "sentence now].",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def eval_events(gold: str, predictions: str | None, fmt: str) -> None:
    """Event P/R/F1 (strict, relaxed, PLOVER and diagnostics) against GOLD.jsonl.

    GOLD.jsonl is in the format of ../shared/data/events (its README describes the scoring).
    """
    from newsgraph.evaluate.events import format_report, run_eval_events

    if predictions is None:
        click.echo("analysing every gold sentence with the model ...", err=True)
    scores = run_eval_events(
        gold,
        predictions,
        _settings(),
        on_failure=lambda f: _error(f"{f.input_name}: {f.reason}"),
    )
    if fmt == "json":
        click.echo(json.dumps(scores.to_dict(), indent=2))
    else:
        click.echo(format_report(scores), nl=False)
    sys.exit(EXIT_FAILURES if scores.analysis_failures else EXIT_OK)


def _check_dates(filters: dict[str, Any]) -> None:
    from newsgraph.ingest.article import normalise_date

    for key in ("since", "until"):
        if filters.get(key) and normalise_date(filters[key]) is None:
            raise click.BadParameter(
                f"{filters[key]!r} is not a date (YYYY-MM-DD)", param_hint=f"--{key}"
            )
        if filters.get(key):
            filters[key] = normalise_date(filters[key])


def main(argv: list[str] | None = None) -> None:
    """Console entry point: turns newsgraph errors into a one-line message and an exit code."""
    try:
        cli.main(args=argv, prog_name="newsgraph", standalone_mode=False)
    except click.exceptions.Abort:
        _error("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except SettingsError as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    except NewsgraphError as exc:
        _error(str(exc))
        sys.exit(EXIT_FAILURES)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as exc:
        if os.environ.get("NEWSGRAPH_DEBUG"):
            raise
        _error(
            f"internal error: {exc.__class__.__name__}: {exc} (set NEWSGRAPH_DEBUG=1 for the traceback)"
        )
        sys.exit(EXIT_FAILURES)


__all__ = ["cli", "main"]
