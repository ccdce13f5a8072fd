"""The ``policykg`` command: each command opens the graph, calls one library function and
formats the result (rich for people, ``--json`` for programs)."""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from policykg.errors import PolicyKGError
from policykg.graph.store import open_graph

console = Console(soft_wrap=False)
err_console = Console(stderr=True, soft_wrap=True)


def db_option(f: Callable) -> Callable:
    """The ``--db`` option every command shares (env POLICYKG_DB)."""
    return click.option(
        "--db",
        envvar="POLICYKG_DB",
        default="policykg.db",
        show_default=True,
        help="Graph file (embedded) or bolt://, neo4j://, neo4j+s:// URI (credentials from NEO4J_USER/NEO4J_PASSWORD).",
    )(f)


def json_option(f: Callable) -> Callable:
    """The ``--json`` option: stable JSON instead of tables."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (stable; see README) instead of tables."
    )(f)


def output_options(
    rows: str, json_help: str = "Print JSON (stable; see README) instead of tables."
) -> Callable[[Callable], Callable]:
    """The output family of every command that prints rows: ``--json`` (stable shapes, see the
    README) and ``--csv`` (a header, then ``rows``), one or the other. The command receives
    ``as_json`` and ``as_csv``. (sqlite-utils' output options are the model.)"""

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("as_json") and kwargs.get("as_csv"):
                raise click.UsageError("give --json or --csv, not both")
            return f(*args, **kwargs)

        wrapper = click.option(
            "--csv", "as_csv", is_flag=True, help=f"Print CSV instead of tables: {rows}."
        )(wrapper)
        return click.option("--json", "as_json", is_flag=True, help=json_help)(wrapper)

    return decorate


def filter_options(f: Callable) -> Callable:
    """``--since/--until/--issuer/--region``, handed to the command as one ``filters`` argument
    (a :class:`policykg.queries.filters.DocFilter`)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from policykg.queries.filters import DocFilter

        kwargs["filters"] = DocFilter(
            kwargs.pop("since"), kwargs.pop("until"), kwargs.pop("issuer"), kwargs.pop("region")
        )
        return f(*args, **kwargs)

    for name, help_ in reversed(
        (
            (
                "--since",
                "Only documents dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD; 成文日期, else published).",
            ),
            ("--until", "Only documents dated on or before this (YYYY, YYYY-MM or YYYY-MM-DD)."),
            (
                "--issuer",
                "Only documents whose issuer contains this, or an agency with this alias.",
            ),
            (
                "--region",
                "Only documents located in this region (name or code) or a region inside it.",
            ),
        )
    ):
        wrapper = click.option(name, default=None, metavar="TEXT", help=help_)(wrapper)
    return wrapper


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list | tuple | set):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def emit_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    """CSV on stdout: ``columns`` as the header, one line per row (lists joined with "; ")."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])


def say_none(what: str) -> None:
    """An empty result, said in words instead of an empty table."""
    console.print(escape(what))


def _matching(filters: Any) -> str:
    return f" ({filters.describe()})" if filters else ""


def handle_errors(f: Callable) -> Callable:
    """Every error a user can cause becomes one line on stderr, never a traceback.

    Exit codes: 2 for a ``PolicyKGError`` or a file that cannot be read or written (named),
    130 for Ctrl-C, 3 for anything else (a bug: ``POLICYKG_DEBUG=1`` shows the traceback)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except PolicyKGError as e:
            _fail(str(e), 2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors: click prints them (exit 2)
        except OSError as e:
            where = e.filename if e.filename is not None else ""
            what = e.strerror or type(e).__name__
            _fail(f"{where}: {what}" if where else f"{what} ({e})", 2)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as e:  # noqa: BLE001 - the last line of defence: a message, not a traceback
            if os.environ.get("POLICYKG_DEBUG"):
                raise
            _fail(
                f"unexpected {type(e).__name__}: {e} (a bug in policykg: please report it with "
                "the command; POLICYKG_DEBUG=1 shows the traceback)",
                3,
            )

    return wrapper


def _fail(message: str, code: int) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    sys.exit(code)


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented UTF-8 JSON on stdout."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def main() -> None:
    """policykg: a knowledge graph of Chinese government policy documents.

    \b
    Example:
      policykg ingest examples/notices
      policykg trace 渝府办发〔2020〕118号 --direction in
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Extraction worker processes (default: all cores).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="Write one JSON line per failed file here.",
)
@click.option(
    "--rehash",
    is_flag=True,
    help="Read and hash every file, not only those whose size, mtime or inode changed "
    "(for file systems or copies whose mtimes cannot be trusted).",
)
@output_options("one row per file: path, outcome, problem")
@handle_errors
def ingest(
    paths: tuple[str, ...],
    db: str,
    workers: int | None,
    report_path: str | None,
    rehash: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Ingest files and folders (txt, md, html, xlsx, xls, et, docx, pdf; UTF-8 or GBK) into the graph.

    Unchanged files are skipped: a file whose size, mtime and inode are those recorded is not
    read; a file whose bytes hash as before is not extracted (--rehash: hash every file). A
    changed file replaces its own facts. Bad files
    are reported and skipped; the exit code is 1 if any file failed, was of an unsupported type
    (.doc, .wps, .ofd …) or was a second file of one document. Ctrl-C stops at once: what
    was committed stays (it is counted), the rest is not written; exit code 130.

    \b
    Example:
      policykg ingest examples/notices --db policykg.db --report errors.jsonl
    """
    from rich.progress import Progress

    from policykg.graph import cypher
    from policykg.graph.ingest import ingest as run_ingest
    from policykg.queries.stats import stats as graph_stats

    started = time.monotonic()
    try:
        with open_graph(db) as g:
            before = {r["path"]: r["sha256"] for r in g.run(cypher.INGESTED_DOCUMENTS)}
            try:
                with Progress(
                    console=err_console, transient=True, disable=as_json or as_csv
                ) as bar:
                    task = bar.add_task("ingesting", total=None)

                    def progress(done: int, total: int) -> None:
                        bar.update(task, completed=done, total=total)

                    report = run_ingest(g, paths, workers=workers, progress=progress, rehash=rehash)
            except KeyboardInterrupt:
                _interrupted(g, db, before, time.monotonic() - started)
            stats = graph_stats(g)
    except KeyboardInterrupt:  # before the ingest began, or after it ended
        err_console.print(
            "[yellow]interrupted[/]: nothing was being written. Run the same ingest again "
            "to make sure (committed files are skipped as unchanged)."
        )
        sys.exit(130)
    elapsed = time.monotonic() - started
    outcomes = ingest_outcomes(report)
    problems = report.problems() if hasattr(report, "problems") else report.failed
    if report_path:
        with open(report_path, "w", encoding="utf-8") as fh:
            for f in problems:  # failed, unsupported type, duplicate document
                fh.write(json.dumps(f.to_json(), ensure_ascii=False) + "\n")
    if as_json:
        emit_json(
            {
                **report.to_json(),
                "stats": stats,
                "elapsed_s": round(elapsed, 3),
                "files": outcomes,
            }
        )
    elif as_csv:
        emit_csv(ingest_rows(report), ["path", "outcome", "problem"])
    else:
        err_console.print(ingest_summary(outcomes, elapsed, db, stats))
        for row in ingest_rows(report):
            if row.get("problem"):
                color = "red" if row["outcome"] == "failed" else "yellow"
                err_console.print(
                    f"[{color}]{escape(row['outcome'])}[/] {escape(row['path'])}: "
                    f"{escape(row['problem'])}"
                )
        if report.recovered:
            err_console.print(f"[yellow]recovered[/] {escape(str(report.recovered))}")
    if not report.ok:  # a file failed, was of an unsupported type, or duplicated another
        sys.exit(1)


WARNING_FIELDS = ("warnings",)  # report fields that count warnings, not files


def ingest_outcomes(report: Any) -> dict[str, int]:
    """Files per outcome: every list the ingest report carries (added, updated, unchanged,
    failed, and any outcome a later report adds), and ``warnings`` when the report has them."""
    out: dict[str, int] = {}
    fields = dataclasses.fields(report) if dataclasses.is_dataclass(report) else ()
    for f in fields:
        value = getattr(report, f.name)
        if isinstance(value, list | tuple | set | dict):
            out[f.name] = len(value)
        elif f.name in WARNING_FIELDS and isinstance(value, int):
            out[f.name] = value
    return out


def ingest_rows(report: Any) -> list[dict[str, Any]]:
    """One row per file named in the report: path, outcome, problem (failures)."""
    rows: list[dict[str, Any]] = []
    for f in dataclasses.fields(report):
        if f.name in WARNING_FIELDS:
            continue
        value = getattr(report, f.name)
        if not isinstance(value, list | tuple):
            continue
        for item in value:
            if isinstance(item, str):
                rows.append({"path": item, "outcome": f.name})
            else:
                rows.append(
                    {
                        "path": getattr(item, "path", str(item)),
                        "outcome": f.name,
                        "problem": getattr(item, "problem", None),
                    }
                )
    return rows


def ingest_summary(outcomes: dict[str, int], elapsed: float, db: str, stats: dict) -> str:
    """``5 files in 1.2 s: added 5, updated 0, unchanged 0, failed 0; 0 warnings → …``."""
    files = {k: n for k, n in outcomes.items() if k not in WARNING_FIELDS}
    total = sum(files.values())
    if total == 0:
        head = f"no files to ingest (no supported file in the paths given), {elapsed:.1f} s"
    else:
        parts = ", ".join(f"{k} {n}" for k, n in files.items())
        head = f"{total} file{'s' if total != 1 else ''} in {elapsed:.1f} s: {parts}"
    for k in WARNING_FIELDS:
        if k in outcomes:
            head += f"; {outcomes[k]} {k}"
    docs = stats["documents"]
    return (
        f"{escape(head)} → {escape(db)}: {docs['ingested']} documents ingested, "
        f"{docs['cited_only']} cited only"
    )


def _interrupted(g: Any, db: str, before: dict[str, Any], elapsed: float) -> None:
    """Ctrl-C during an ingest: say how many files were committed, exit 130, no traceback."""
    from policykg.graph import cypher

    old = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
    try:
        after = {r["path"]: r["sha256"] for r in g.run(cypher.INGESTED_DOCUMENTS)}
        committed = sum(1 for p, sha in after.items() if before.get(p) != sha)
        what = f"{committed} file{'s' if committed != 1 else ''} committed to {db}"
    except Exception:  # noqa: BLE001 - the message must come out whatever the backend says
        what = f"could not read back what was committed to {db}"
    err_console.print(
        f"[yellow]interrupted[/] after {elapsed:.1f} s: {escape(what)}; files not yet committed "
        "were not written. Run the same ingest again to finish (committed files are skipped "
        "as unchanged)."
    )
    signal.signal(signal.SIGINT, old)
    sys.exit(130)


EXTRACT_COLUMNS = [
    "path",
    "doc_type",
    "title",
    "doc_number",
    "issuer",
    "date",
    "published",
    "region",
    "plan_year",
    "cites",
    "figures",
    "projects",
    "warnings",
]


@main.command()
@click.argument("paths", nargs=-1, required=True)
@output_options(
    "one row per file: " + ", ".join(EXTRACT_COLUMNS),
    json_help="One JSON object per file, one per line (the extraction interface).",
)
@handle_errors
def extract(paths: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Extract metadata, citations, figures, projects and agencies from files (no database).

    \b
    Example:
      policykg extract examples/notices/001_4d24b685d0f94245.txt --json
    """
    from policykg.errors import LoadError
    from policykg.graph.ingest import IngestReport, iter_files
    from policykg.loaders.extract import extract_file

    rep = IngestReport()
    failed = False
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(EXTRACT_COLUMNS)
    seen = 0
    for path in iter_files(paths, rep):
        seen += 1
        try:
            ex = extract_file(path)
        except LoadError as e:
            failed = True
            err_console.print(f"[red]failed[/] {escape(e.path)}: {escape(e.problem)}")
            continue
        if as_json:
            click.echo(json.dumps(ex.to_json(), ensure_ascii=False))
        elif as_csv:
            obj = ex.to_json()
            counts = {k: len(obj.get(k) or []) for k in ("cites", "figures", "projects")}
            w.writerow([_cell({**obj, **counts}.get(c)) for c in EXTRACT_COLUMNS])
        else:
            t = Table(title=escape(path), show_header=False)
            for k in ("title", "doc_number", "doc_type", "issuer", "date", "region", "plan_year"):
                t.add_row(k, escape(str(getattr(ex, k))))
            t.add_row(
                "cites",
                "\n".join(escape(f"{c.doc_number or ''} 《{c.title or ''}》") for c in ex.cites),
            )
            t.add_row("figures", "\n".join(escape(f"{f.category} {f.count}") for f in ex.figures))
            t.add_row("projects", str(len(ex.projects)))
            console.print(t)
    for f in rep.failed:
        failed = True
        err_console.print(f"[red]failed[/] {escape(f.path)}: {escape(f.problem)}")
    if not seen and not rep.failed:
        err_console.print("no supported files in the paths given")
    if failed:
        sys.exit(1)


@main.command()
@db_option
@output_options("one row per label and edge type: kind, name, count")
@handle_errors
def stats(db: str, as_json: bool, as_csv: bool) -> None:
    """Node and edge counts by label and type.

    \b
    Example:
      policykg stats --db policykg.db
    """
    from policykg.queries.stats import stats as graph_stats

    with open_graph(db, read_only=True) as g:
        s = graph_stats(g)
    if as_json:
        emit_json(s)
        return
    rows = [{"kind": "node", "name": k, "count": n} for k, n in s["nodes"].items()]
    rows += [{"kind": "edge", "name": k, "count": n} for k, n in s["edges"].items()]
    rows.append({"kind": "documents", "name": "ingested", "count": s["documents"]["ingested"]})
    rows.append({"kind": "documents", "name": "cited_only", "count": s["documents"]["cited_only"]})
    if as_csv:
        emit_csv(rows, ["kind", "name", "count"])
        return
    if not any(s["nodes"].values()):
        say_none(f"no documents in {db} yet: policykg ingest FOLDER --db {db}")
        return
    t = Table("kind", "name", "count")
    for label, n in s["nodes"].items():
        t.add_row("node", label, str(n))
    for et, n in s["edges"].items():
        t.add_row("edge", et, str(n))
    t.add_row("", "ingested documents", str(s["documents"]["ingested"]))
    t.add_row("", "cited-only documents", str(s["documents"]["cited_only"]))
    console.print(t)


def _doc_label(info: Any) -> str:
    if info is None:
        return "?"
    state = "" if info.ingested else " [dim](cited only, not in the corpus)[/]"
    if info.doc_number:
        title = escape(info.title or "(title unknown)")
        return f"[bold]{escape(info.doc_number)}[/] {title}{state}"
    return f"{escape(info.label)}{state}"


TRACE_COLUMNS = [
    "depth",
    "direction",
    "from",
    "to",
    "title",
    "doc_number",
    "sentence",
    "start",
    "end",
    "from_id",
    "to_id",
]


def trace_rows(t: Any) -> list[dict[str, Any]]:
    """One row per hop: depth, direction, from → to (labels: 文号, else title and path), the
    title and 文号 of the document reached, the evidence sentence and its span, the ids."""
    rows = []
    for h in t.hops:
        frm, to = (h.citing, h.cited) if h.direction == "out" else (h.cited, h.citing)
        reached = t.documents.get(to)
        rows.append(
            {
                "depth": h.depth,
                "direction": h.direction,
                "from": t.documents[frm].label if frm in t.documents else frm,
                "to": reached.label if reached else to,
                "title": reached.title if reached else h.cited_title,
                "doc_number": reached.doc_number if reached else None,
                "sentence": h.sentence.strip(),
                "start": h.start,
                "end": h.end,
                "from_id": frm,
                "to_id": to,
            }
        )
    return rows


@main.command()
@click.argument("doc")
@click.option(
    "--direction",
    type=click.Choice(["out", "in", "both"]),
    default="in",
    show_default=True,
    help="in: what cites DOC; out: what DOC cites.",
)
@click.option("--depth", type=click.IntRange(1, 20), default=1, show_default=True)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=500,
    show_default=True,
    help="At most this many hops, nearest first; 0: all (a document cited 50,000 times is slow).",
)
@filter_options
@db_option
@output_options("one row per hop: " + ", ".join(TRACE_COLUMNS))
@handle_errors
def trace(
    doc: str,
    direction: str,
    depth: int,
    limit: int,
    filters: Any,
    db: str,
    as_json: bool,
    as_csv: bool,
) -> None:
    """The citation tree of a document, each hop with its evidence sentence.

    DOC is a 文号 in any bracket form (〔〕 [] () （） 【】) or a title. The filters apply to the
    documents reached: one that fails them is left out with what hangs below it.

    \b
    Example:
      policykg trace "渝府办发[2020]118号" --direction in
      policykg trace 渝府办发〔2020〕118号 --since 2022 --region 重庆市 --csv > citers.csv
    """
    from policykg.queries.citations import trace as trace_of

    with open_graph(db, read_only=True) as g:
        t = trace_of(g, doc, direction=direction, depth=depth, limit=limit, filters=filters)
    if as_json:
        emit_json(t.to_json())
        return
    if as_csv:
        emit_csv(trace_rows(t), TRACE_COLUMNS)
        return
    root = t.documents.get(t.root)
    name = root.label if root else t.root
    if not t.hops:
        said = {
            "in": f"no document cites {name}",
            "out": f"{name} cites no document",
            "both": f"no citations to or from {name}",
        }[direction]
        say_none(said + _matching(filters) + (" in the graph" if not filters else ""))
        if t.filtered_out:
            say_none(f"({t.filtered_out} hops to documents outside the filters left out)")
        return
    tree = Tree(_doc_label(root))
    for d in ("out", "in") if direction == "both" else (direction,):
        branch = (
            tree.add("cites →" if d == "out" else "cited by ←") if direction == "both" else tree
        )
        _grow(branch, t, t.root, d, {t.root})
    console.print(tree)
    if t.filtered_out:
        console.print(
            f"[dim]{t.filtered_out} hops to documents outside the filters "
            f"({escape(filters.describe())}) left out.[/]"
        )
    if t.truncated:
        direct = ", ".join(
            f"{'cited by' if d == 'in' else 'cites'} {n:,} directly" for d, n in t.direct.items()
        )
        console.print(
            f"[yellow]Showing the first {len(t.hops):,} hops (nearest levels first); the document "
            f"is {direct}. Use --limit 0 for all of them, --json or --csv to save them.[/]"
        )


def _grow(branch: Tree, t: Any, node: str, direction: str, seen: set[str]) -> None:
    for hop in t.children(node, direction):
        other = hop.cited if direction == "out" else hop.citing
        label = _doc_label(t.documents.get(other))
        source = t.documents.get(hop.citing)
        # the citing document is the node above or this one: name it only by a short 文号
        where = f"{escape(source.doc_number)} " if source and source.doc_number else ""
        sub = branch.add(
            f"{label}\n[italic]“{escape(hop.sentence.strip())}”[/] [dim]({where}@{hop.start}-{hop.end})[/]"
        )
        if other not in seen:
            _grow(sub, t, other, direction, seen | {other})


def _yuan(v: float | None) -> str:
    if v is None:
        return ""
    if v >= 1e12:
        return f"{v / 1e12:g}万亿"
    if v >= 1e8:
        return f"{v / 1e8:g}亿"
    return f"{v:,.0f}"


LINEAGE_COLUMNS = [
    "year",
    "document",
    "label",
    "title",
    "date",
    "category",
    "count",
    "total",
    "annual",
]


@main.command()
@click.argument("doc_or_series")
@db_option
@output_options("one row per year: " + ", ".join(LINEAGE_COLUMNS) + " (the headline figure)")
@handle_errors
def lineage(doc_or_series: str, db: str, as_json: bool, as_csv: bool) -> None:
    """The successor-year chain of a recurring notice with key figures by year; gaps named.

    \b
    Example:
      policykg lineage 渝府办发〔2024〕33号
    """
    from policykg.queries.lineage import lineage as lineage_of

    with open_graph(db, read_only=True) as g:
        lin = lineage_of(g, doc_or_series)
    if as_json:
        emit_json(lin.to_json())
        return
    if as_csv:
        emit_csv(
            (
                {
                    "year": y.year,
                    "document": y.document,
                    "label": y.label,
                    "title": y.title,
                    "date": y.date,
                    **{
                        k: (y.headline or {}).get(k)
                        for k in ("category", "count", "total", "annual")
                    },
                }
                for y in lin.years
            ),
            LINEAGE_COLUMNS,
        )
        return
    t = Table(title=escape(lin.series))
    t.add_column("year")
    short = all(len(y.label or y.document) <= 24 for y in lin.years)  # 文号s: keep on one line
    t.add_column("document", no_wrap=short, min_width=20 if short else None)
    for name in ("category", "projects", "total investment", "annual plan"):
        t.add_column(name)
    for y in lin.years:
        h = y.headline or {}
        t.add_row(
            str(y.year),
            escape(y.label or y.document),
            escape(h.get("category") or ""),
            str(h.get("count") or ""),
            _yuan(h.get("total")),
            _yuan(h.get("annual")),
        )
    console.print(t)
    if lin.missing_years:
        console.print(f"missing years: {', '.join(map(str, lin.missing_years))}")


@main.command()
@click.argument("name")
@db_option
@output_options("one row per step (project) or per project led and duty (agency)")
@handle_errors
def responsible(name: str, db: str, as_json: bool, as_csv: bool) -> None:
    """Who answers for a project (lead unit → parents → government → region), or what an agency leads and must do.

    \b
    Example:
      policykg responsible 九龙坡博世氢材料发动机
    """
    from policykg.queries.responsibility import ProjectChain
    from policykg.queries.responsibility import responsible as responsible_for

    with open_graph(db, read_only=True) as g:
        r = responsible_for(g, name)
    if as_json:
        emit_json(r.to_json())
        return
    if isinstance(r, ProjectChain):
        row_text = ((r.evidence or {}).get("sentence") or "").replace("\t", " │ ")
        steps: list[dict[str, str | None]] = [
            {"step": "lead unit (as written)", "who": r.lead_as_written, "evidence": row_text}
        ]
        for i, a in enumerate(r.agencies):
            steps.append(
                {
                    "step": "lead unit" if i == 0 else "part of",
                    "who": a["id"],
                    "evidence": a.get("evidence"),
                }
            )
        if r.regions:
            steps.append(
                {
                    "step": "region",
                    "who": " ⊂ ".join(x["name"] for x in r.regions),
                    "evidence": "GB/T 2260",
                }
            )
        for x in r.listed_in:
            steps.append(
                {
                    "step": f"listed in ({x['year']})",
                    "who": x.get("label"),
                    "evidence": x["sentence"],
                }
            )
        if as_csv:
            emit_csv(steps, ["step", "who", "evidence"])
            return
        t = Table("step", "who / where", "evidence", title=escape(r.name))
        for s in steps:
            if (s["step"] or "").startswith("listed in"):
                continue
            t.add_row(s["step"], escape(s["who"] or ""), escape(s["evidence"] or ""))
        console.print(t)
        if not r.agencies:
            say_none("no lead unit recorded for this project")
        return
    if as_csv:
        rows = [
            {"kind": "leads", "year": p["year"], "what": p["name"], "document": p["source_label"]}
            for p in r.projects
        ]
        rows += [
            {"kind": "duty", "year": x["year"], "what": x["sentence"], "document": x["label"]}
            for x in r.duties
        ]
        emit_csv(rows, ["kind", "year", "what", "document"])
        return
    if r.projects:
        t = Table("year", "project led", "source", title=escape(r.name))
        for p in r.projects:
            t.add_row(str(p["year"]), escape(p["name"]), escape(p["source_label"]))
        console.print(t)
    else:
        say_none(f"no projects led by {r.name}")
    if r.duties:
        d = Table("year", "document", "duty", title="duties assigned")
        for x in r.duties:
            d.add_row(str(x["year"]), escape(x["label"]), escape(x["sentence"]))
        console.print(d)
    else:
        say_none(f"no duties assigned to {r.name}")


WANTED_COLUMNS = ["rank", "cited_by", "doc_number", "title", "label", "titles_as_cited", "id"]


@main.command()
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@filter_options
@db_option
@output_options("one row per document: " + ", ".join(WANTED_COLUMNS))
@handle_errors
def wanted(limit: int, filters: Any, db: str, as_json: bool, as_csv: bool) -> None:
    """Documents cited but not in the corpus, ranked by how many documents cite them.

    The filters choose the citing documents that count (what notices of a region, an issuer or
    a period cite that the corpus lacks).

    \b
    Example:
      policykg wanted --limit 20
      policykg wanted --region 重庆市 --since 2021
    """
    from policykg.queries.citations import wanted as most_wanted

    with open_graph(db, read_only=True) as g:
        rows = most_wanted(g, limit=limit, filters=filters)
    if as_json:
        emit_json([r.to_json() for r in rows])
        return
    if as_csv:
        emit_csv(
            ({"rank": i, **r.to_json()} for i, r in enumerate(rows, 1)),
            WANTED_COLUMNS,
        )
        return
    if not rows:
        say_none("no cited documents missing from the corpus" + _matching(filters))
        return
    t = Table("rank", "cited by", "文号", "title as cited")
    for i, r in enumerate(rows, 1):
        t.add_row(
            str(i),
            str(r.cited_by),
            escape(r.doc_number or ""),
            escape(" / ".join(r.titles_as_cited) or (r.title or "")),
        )
    console.print(t)
    if rows.more:
        console.print(f"[dim]… and {rows.more} more (--limit {rows.total} shows them all)[/]")


@main.command()
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(1, 100000),
    default=20,
    show_default=True,
    help="At most this many matches, best first (the rest are counted).",
)
@filter_options
@db_option
@output_options(
    "one row per match: rank, score, match, label, doc_number, title, date, issuer, region, ingested, path, id"
)
@handle_errors
def search(text: str, limit: int, filters: Any, db: str, as_json: bool, as_csv: bool) -> None:
    """Find documents by words of a title or a 文号: substring matches first, then fuzzy ones.

    Each match has a score (100: the whole 文号 or title; 80–99: a substring, more for more of
    the field; fuzzy: rapidfuzz similarity, 70 and up). A 文号 whose brackets were lost is
    repaired (渝府办发2020118号 → 渝府办发〔2020〕118号).

    \b
    Example:
      policykg search 重点项目实施
      policykg search 渝府办发2020118号
      policykg search 通知 --region 重庆市 --since 2022 --csv
    """
    from policykg.queries.search import search as search_in

    with open_graph(db, read_only=True) as g:
        res = search_in(g, text, limit=limit, filters=filters)
    if as_json:
        emit_json(res.to_json())
        return
    columns = ["rank", "score", "match", "label", "doc_number", "title", "date", "issuer"]
    columns += ["region", "ingested", "path", "id"]
    if as_csv:
        emit_csv(({"rank": i, **dataclasses.asdict(h)} for i, h in enumerate(res.hits, 1)), columns)
        return
    if not res.hits:
        say_none(f"no document matches {text!r}" + _matching(filters))
        return
    t = Table("rank", "score")
    t.add_column("文号", no_wrap=True)
    t.add_column("title", ratio=3, overflow="fold")
    t.add_column("date", no_wrap=True)
    t.add_column("issuer", ratio=1, overflow="fold")
    t.add_column("in corpus")
    for i, h in enumerate(res.hits, 1):
        t.add_row(
            str(i),
            f"{h.score:g}" + ("" if h.match != "fuzzy" else " ~"),
            escape(h.doc_number or ""),
            escape(h.title or h.label)
            + ("" if h.doc_number or not h.path else f"\n[dim]{escape(h.path)}[/]"),
            escape(h.date or ""),
            escape(h.issuer or ""),
            "yes" if h.ingested else "cited only",
        )
    console.print(t)
    if res.more:
        noun = "match" if res.more == 1 else "matches"
        console.print(f"[dim]… and {res.more} more {noun} (--limit {res.total} shows them all)[/]")


SHOWN_PER_SECTION = 20  # rows per section in the human view of `show` (JSON/CSV: --limit)


@main.command()
@click.argument("doc")
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=500,
    show_default=True,
    help="At most this many citations, citers, projects and duties each (counts stay full); 0: all.",
)
@db_option
@output_options(
    "one row per fact: section, id, label, doc_number, title, detail, sentence, start, end"
)
@handle_errors
def show(doc: str, limit: int, db: str, as_json: bool, as_csv: bool) -> None:
    """Everything about one document: metadata, what it cites and what cites it, its projects,
    agencies, figures, series (previous and next year), each with its evidence sentence.

    DOC is a 文号 in any bracket form or a title (an unknown one answers with the closest).

    \b
    Example:
      policykg show 渝府办发〔2021〕25号
      policykg show 渝府办发〔2020〕118号 --json
    """
    from policykg.queries.show import show as show_in

    with open_graph(db, read_only=True) as g:
        v = show_in(g, doc, limit=limit)
    if as_json:
        emit_json(v.to_json())
        return
    if as_csv:
        emit_csv(
            v.rows(),
            ["section", "id", "label", "doc_number", "title", "detail", "sentence", "start", "end"],
        )
        return
    _print_show(v)


def _section(title: str, items: list, none: str) -> bool:
    if not items:
        console.print(f"[bold]{escape(title)}[/]: {escape(none)}")
        return False
    return True


def _cut(v: Any, section: str) -> tuple[list, int]:
    """The first rows of a section and how many of all (not only those fetched) are not shown."""
    items = getattr(v, section)
    shown = items[:SHOWN_PER_SECTION]
    return shown, max(0, v.counts[section] - len(shown))


def _more(n: int) -> None:
    if n:
        console.print(f"[dim]… and {n} more (--json or --csv lists them, up to --limit)[/]")


def _print_show(v: Any) -> None:
    d = v.document
    meta = Table(title=escape(v.label), show_header=False)
    names = {
        "title": "title",
        "doc_number": "文号",
        "doc_type": "type",
        "issuer": "issuer",
        "date": "date (成文日期)",
        "published": "published",
        "region": "region",
        "plan_year": "plan year",
        "path": "path",
    }
    for k, name in names.items():
        meta.add_row(name, escape("" if d.get(k) is None else str(d[k])))
    meta.add_row("in corpus", "yes" if d.get("ingested") else "no (cited only)")
    console.print(meta)
    c = v.counts
    for key, title, none in (
        (
            "cites",
            f"cites {c['cites_documents']} documents ({c['cites']} citations)",
            "no citations",
        ),
        (
            "cited_by",
            f"cited by {c['cited_by_documents']} documents ({c['cited_by']} citations)",
            "no document in the graph cites it",
        ),
    ):
        items = getattr(v, key)
        if not _section(key.replace("_", " "), items, none):
            continue
        shown, more = _cut(v, key)
        t = Table("document", "title", "evidence", title=escape(title))
        for x in shown:
            t.add_row(
                escape(x["doc_number"] or x["label"])
                + ("" if x["ingested"] else " [dim](cited only)[/]")
                + (
                    f" [dim](title only: {x['candidates']} documents of that title, not guessed)[/]"
                    if x.get("status") == "ambiguous-title"
                    else ""
                ),
                escape(x["title"] or ""),
                escape((x["sentence"] or "").strip()),
            )
        console.print(t)
        _more(more)
    if _section("projects", v.projects, "none listed"):
        shown, more = _cut(v, "projects")
        t = Table(
            "seq", "project", "stage", "lead unit", title=f"projects listed ({c['projects']})"
        )
        for p in shown:
            t.add_row(
                str(p["seq"] or ""),
                escape(p["name"]),
                escape(p["stage"] or ""),
                escape(p["lead_unit"] or ""),
            )
        console.print(t)
        _more(more)
    if _section("agencies", v.issuers + v.duties, "none named"):
        t = Table("role", "agency", "as written", "evidence", title="agencies")
        for a in v.issuers:
            role = "issuer (inferred)" if a["inferred"] else "issuer"
            t.add_row(role, escape(a["name"] or a["id"]), "", escape(a["sentence"] or ""))
        shown, more = _cut(v, "duties")
        for a in shown:
            t.add_row(
                "duty",
                escape(a["name"] or a["id"]),
                escape(a["as_written"] or ""),
                escape(a["sentence"] or ""),
            )
        console.print(t)
        _more(more)
    if _section("figures", v.figures, "none"):
        t = Table(
            "category", "count", "total investment", "annual plan", "evidence", title="figures"
        )
        for f in v.figures:
            t.add_row(
                escape(f["category"] or ""),
                str(f["count"] if f["count"] is not None else ""),
                _yuan(f["total"]),
                _yuan(f["annual"]),
                escape((f["sentence"] or "").strip()),
            )
        console.print(t)
    if v.series is None:
        console.print("[bold]series[/]: not part of a yearly series")
    else:
        s = v.series
        prev = s["previous"]
        nxt = s["next"]
        console.print(f"[bold]series[/]: {escape(s['name'] or s['id'])} (year {s['year']})")
        console.print(
            "  previous: "
            + (escape(f"{prev['year']} {prev['label']}") if prev else "none in the graph")
        )
        console.print(
            "  next: " + (escape(f"{nxt['year']} {nxt['label']}") if nxt else "none in the graph")
        )


@main.command()
@click.option("--strict", is_flag=True, help="Exit 1 when a severe check fails.")
@db_option
@output_options("one row per finding: check, subject, message, severe")
@handle_errors
def validate(strict: bool, db: str, as_json: bool, as_csv: bool) -> None:
    """Integrity checks: dates, 文号 years, issuers vs 机关代字, self-cites, figure sums, unresolved names.

    \b
    Example:
      policykg validate --strict
    """
    from policykg.queries.validate import validate as validate_graph

    with open_graph(db, read_only=True) as g:
        v = validate_graph(g)
    if as_json:
        emit_json(v.to_json())
    elif as_csv:
        emit_csv(
            (
                {"check": f.check, "subject": f.subject, "message": f.message, "severe": f.severe}
                for f in v.findings
            ),
            ["check", "subject", "message", "severe"],
        )
    else:
        t = Table("check", "subject", "finding")
        for f in v.findings:
            t.add_row(
                ("[red]" if f.severe else "[yellow]") + f.check + "[/]",
                escape(f.subject),
                escape(f.message),
            )
        console.print(t if v.findings else "all checks passed")
    if strict and v.failed:
        sys.exit(1)


def _parse_param(s: str) -> tuple[str, Any]:
    if "=" not in s:
        raise click.BadParameter(f"{s!r}: write k=v")
    k, v = s.split("=", 1)
    try:
        return k, json.loads(v)
    except json.JSONDecodeError:
        return k, v


TABLE_ROWS = 500  # cypher prints a rich table up to this many rows, plain lines beyond
CELL_CHARS = 300  # longer values are cut in tables and lines (--json/--csv print them whole)


def _short(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


@main.command(name="cypher")
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    help="k=v, passed as a query parameter $k (JSON values allowed).",
)
@click.option(
    "--write",
    is_flag=True,
    help="Allow the query to change the graph (default: only proven reads run, and the engine refuses writes).",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option(
    "--timeout",
    type=click.IntRange(1, 86400),
    default=60,
    show_default=True,
    help="Seconds before the query is interrupted (in the engine / on the server).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=10_000,
    show_default=True,
    help="Print at most this many rows (read lazily; the output says when it cut).",
)
@db_option
@json_option
@handle_errors
def cypher_cmd(
    query: str,
    params: tuple[str, ...],
    write: bool,
    as_csv: bool,
    timeout: int,
    max_rows: int,
    db: str,
    as_json: bool,
) -> None:
    """Run a Cypher query; read-only unless --write. Values go in as parameters, never pasted.

    Without --write only reading statements run (MATCH … RETURN; no CHECKPOINT, COPY, LOAD
    FROM, ATTACH, INSTALL …; on Neo4j no LOAD CSV, SHOW, CALL dbms.* … and the server's plan
    must be a read): no file is read or written outside the graph.

    \b
    Example:
      policykg cypher "MATCH (d:Document)<-[:CITES]-(x) WHERE d.doc_number = \\$n RETURN x.title" -p n=渝府办发〔2020〕118号
    """
    values = dict(_parse_param(p) for p in params)
    with open_graph(db, read_only=not write, timeout_ms=timeout * 1000) as g:
        rows, cut = g.run_capped(query, values, max_rows)
    if as_json:
        emit_json(rows)
    elif as_csv:
        w = csv.writer(sys.stdout)
        if rows:
            w.writerow(rows[0].keys())
            for r in rows:
                w.writerow(r.values())
    elif len(rows) <= TABLE_ROWS:
        t = Table(*(rows[0].keys() if rows else ["(no rows)"]))
        for r in rows:
            t.add_row(*(escape(_short(str(v))) for v in r.values()))
        console.print(t)
    else:  # a rich table of thousands of rows takes minutes to lay out: plain lines
        err_console.print(
            f"[dim]{len(rows):,} rows: tab-separated lines (a table shows at most "
            f"{TABLE_ROWS}; --json or --csv for all values in full)[/]"
        )
        click.echo("\t".join(rows[0].keys()))
        for r in rows:
            click.echo("\t".join(_short(str(v)).replace("\t", " ") for v in r.values()))
    if cut:
        err_console.print(
            f"[yellow]cut at {max_rows:,} rows (--max-rows); the query returned more. "
            "Add LIMIT/SKIP to page, or raise --max-rows.[/]"
        )


@main.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    help="graphml | gexf | cyjs | graphology | rdf | jsonld | csv | neo4j-csv | html",
)
@click.option(
    "--subgraph",
    default=None,
    help="A document (its citation neighbourhood) or a Cypher query returning nodes/edges.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 10),
    default=2,
    show_default=True,
    help="Neighbourhood depth for --subgraph DOC.",
)
@click.argument("out", type=click.Path())
@db_option
@handle_errors
def export(fmt: str, subgraph: str | None, depth: int, out: str, db: str) -> None:
    """Export the graph for network tools (Gephi, Cytoscape, sigma.js, RDF, neo4j-admin).

    \b
    Example:
      policykg export --format gexf graph.gexf
      policykg export --format neo4j-csv import/
    """
    from policykg.export import export_graph
    from policykg.export.progress import stderr_progress

    with stderr_progress(err_console) as step, open_graph(db, read_only=True) as g:
        message = export_graph(g, fmt, out, subgraph=subgraph, depth=depth, progress=step)
    # soft_wrap: never break a line (the neo4j-csv import command must paste into a shell)
    console.print(escape(message or f"wrote {out}"), soft_wrap=True)


@main.command()
@click.argument("doc", required=False)
@click.option("-o", "--output", "out", default="graph.html", show_default=True, type=click.Path())
@click.option("--depth", type=click.IntRange(1, 10), default=2, show_default=True)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default web browser.")
@db_option
@handle_errors
def view(doc: str | None, out: str, depth: int, open_page: bool, db: str) -> None:
    """Write one self-contained HTML file (no network) showing the graph: DOC's citation
    neighbourhood, or the whole graph without DOC.

    \b
    Example:
      policykg view 渝府办发〔2020〕118号 -o graph.html
      policykg view --open
    """
    import webbrowser
    from pathlib import Path

    from policykg.export import export_graph
    from policykg.export.progress import stderr_progress

    with stderr_progress(err_console) as step, open_graph(db, read_only=True) as g:
        message = export_graph(g, "html", out, subgraph=doc, depth=depth, progress=step)
    console.print(escape(message.replace("wrote html to", "wrote")))
    if open_page:
        url = Path(out).resolve().as_uri()
        if not webbrowser.open(url):
            err_console.print(f"no web browser found: open {escape(url)} yourself")


@main.command()
@db_option
@handle_errors
def migrate(db: str) -> None:
    """Rebuild a graph written by another schema version from the source files it records.

    \b
    Example:
      policykg migrate --db policykg.db
    """
    from policykg.graph.migrate import migrate as run_migrate

    message = run_migrate(db)
    console.print(escape(message))


if __name__ == "__main__":  # pragma: no cover
    main()
