"""The ``policykg`` command: each command opens the graph, calls one library function and
formats the result (rich for people, ``--json`` for programs)."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
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
    return click.option(
        "--db",
        envvar="POLICYKG_DB",
        default="policykg.db",
        show_default=True,
        help="Graph file (embedded) or bolt://, neo4j://, neo4j+s:// URI (credentials from NEO4J_USER/NEO4J_PASSWORD).",
    )(f)


def json_option(f: Callable) -> Callable:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (stable; see README) instead of tables."
    )(f)


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
    help="Extraction processes (default: all cores, for 64+ files).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="Write one JSON line per failed file here.",
)
@json_option
@handle_errors
def ingest(
    paths: tuple[str, ...], db: str, workers: int | None, report_path: str | None, as_json: bool
) -> None:
    """Ingest files and folders (txt, html, xlsx, xls, et, docx; UTF-8 or GBK) into the graph.

    Unchanged files (same sha256) are skipped; a changed file replaces its own facts. Bad files
    are reported and skipped; the exit code is 1 if any file failed.

    \b
    Example:
      policykg ingest examples/notices --db policykg.db --report errors.jsonl
    """
    from rich.progress import Progress

    from policykg.graph.ingest import ingest as run_ingest

    with open_graph(db) as g:
        with Progress(console=err_console, transient=True, disable=as_json) as bar:
            task = bar.add_task("ingesting", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = run_ingest(g, paths, workers=workers, progress=progress)
        stats = g.stats()
    if report_path:
        with open(report_path, "w", encoding="utf-8") as fh:
            for f in report.failed:
                fh.write(json.dumps(f.to_json(), ensure_ascii=False) + "\n")
    if as_json:
        emit_json({**report.to_json(), "stats": stats})
    else:
        err_console.print(
            f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
            f"failed {len(report.failed)} → {escape(db)}: {stats['documents']['ingested']} documents ingested, "
            f"{stats['documents']['cited_only']} cited only"
        )
        for f in report.failed:
            err_console.print(f"[red]failed[/] {escape(f.path)}: {escape(f.problem)}")
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per file, one per line (the extraction interface).",
)
@handle_errors
def extract(paths: tuple[str, ...], as_json: bool) -> None:
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
    for path in iter_files(paths, rep):
        try:
            ex = extract_file(path)
        except LoadError as e:
            failed = True
            err_console.print(f"[red]failed[/] {escape(e.path)}: {escape(e.problem)}")
            continue
        if as_json:
            click.echo(json.dumps(ex.to_json(), ensure_ascii=False))
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
    if failed:
        sys.exit(1)


@main.command()
@db_option
@json_option
@handle_errors
def stats(db: str, as_json: bool) -> None:
    """Node and edge counts by label and type.

    \b
    Example:
      policykg stats --db policykg.db
    """
    with open_graph(db, read_only=True) as g:
        s = g.stats()
    if as_json:
        emit_json(s)
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
    title = escape(info.title or "(title unknown)")
    num = escape(info.doc_number or "")
    state = "" if info.ingested else " [dim](cited only, not in the corpus)[/]"
    return f"[bold]{num}[/] {title}{state}"


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
@db_option
@json_option
@handle_errors
def trace(doc: str, direction: str, depth: int, limit: int, db: str, as_json: bool) -> None:
    """The citation tree of a document, each hop with its evidence sentence.

    DOC is a 文号 in any bracket form (〔〕 [] () （） 【】) or a title.

    \b
    Example:
      policykg trace "渝府办发[2020]118号" --direction in
    """
    with open_graph(db, read_only=True) as g:
        t = g.trace(doc, direction=direction, depth=depth, limit=limit)
    if as_json:
        emit_json(t.to_json())
        return
    tree = Tree(_doc_label(t.documents.get(t.root)))
    for d in ("out", "in") if direction == "both" else (direction,):
        branch = (
            tree.add("cites →" if d == "out" else "cited by ←") if direction == "both" else tree
        )
        _grow(branch, t, t.root, d, {t.root})
    console.print(tree)
    if t.truncated:
        direct = ", ".join(
            f"{'cited by' if d == 'in' else 'cites'} {n:,} directly" for d, n in t.direct.items()
        )
        console.print(
            f"[yellow]Showing the first {len(t.hops):,} hops (nearest levels first); the document "
            f"is {direct}. Use --limit 0 for all of them, --json to save them.[/]"
        )


def _grow(branch: Tree, t: Any, node: str, direction: str, seen: set[str]) -> None:
    for hop in t.children(node, direction):
        other = hop.cited if direction == "out" else hop.citing
        label = _doc_label(t.documents.get(other))
        sub = branch.add(
            f"{label}\n[italic]“{escape(hop.sentence.strip())}”[/] [dim]({escape(hop.citing)} @{hop.start}-{hop.end})[/]"
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


@main.command()
@click.argument("doc_or_series")
@db_option
@json_option
@handle_errors
def lineage(doc_or_series: str, db: str, as_json: bool) -> None:
    """The successor-year chain of a recurring notice with key figures by year; gaps named.

    \b
    Example:
      policykg lineage 渝府办发〔2024〕33号
    """
    with open_graph(db, read_only=True) as g:
        lin = g.lineage(doc_or_series)
    if as_json:
        emit_json(lin.to_json())
        return
    t = Table(title=escape(lin.series))
    t.add_column("year")
    t.add_column("document", no_wrap=True, min_width=20)
    for name in ("category", "projects", "total investment", "annual plan"):
        t.add_column(name)
    for y in lin.years:
        h = y.headline or {}
        t.add_row(
            str(y.year),
            escape(y.document),
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
@json_option
@handle_errors
def responsible(name: str, db: str, as_json: bool) -> None:
    """Who answers for a project (lead unit → parents → government → region), or what an agency leads and must do.

    \b
    Example:
      policykg responsible 九龙坡博世氢材料发动机
    """
    from policykg.queries.responsibility import ProjectChain

    with open_graph(db, read_only=True) as g:
        r = g.responsible(name)
    if as_json:
        emit_json(r.to_json())
        return
    if isinstance(r, ProjectChain):
        t = Table("step", "who / where", "evidence", title=escape(r.name))
        row_text = ((r.evidence or {}).get("sentence") or "").replace("\t", " │ ")
        t.add_row("lead unit (as written)", escape(r.lead_as_written or ""), escape(row_text))
        for i, a in enumerate(r.agencies):
            t.add_row(
                "lead unit" if i == 0 else "part of",
                escape(a["id"]),
                escape(a.get("evidence") or ""),
            )
        if r.regions:
            t.add_row("region", " ⊂ ".join(escape(x["name"]) for x in r.regions), "GB/T 2260")
        console.print(t)
        return
    t = Table("year", "project led", "source", title=escape(r.name))
    for p in r.projects:
        t.add_row(str(p["year"]), escape(p["name"]), escape(p["source"]))
    console.print(t)
    d = Table("year", "document", "duty", title="duties assigned")
    for x in r.duties:
        d.add_row(str(x["year"]), escape(x["document"]), escape(x["sentence"]))
    console.print(d)


@main.command()
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@db_option
@json_option
@handle_errors
def wanted(limit: int, db: str, as_json: bool) -> None:
    """Documents cited but not in the corpus, ranked by how many documents cite them.

    \b
    Example:
      policykg wanted --limit 20
    """
    with open_graph(db, read_only=True) as g:
        rows = g.wanted(limit=limit)
    if as_json:
        emit_json([r.__dict__ for r in rows])
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


@main.command()
@click.option("--strict", is_flag=True, help="Exit 1 when a severe check fails.")
@db_option
@json_option
@handle_errors
def validate(strict: bool, db: str, as_json: bool) -> None:
    """Integrity checks: dates, 文号 years, issuers vs 机关代字, self-cites, figure sums, unresolved names.

    \b
    Example:
      policykg validate --strict
    """
    with open_graph(db, read_only=True) as g:
        v = g.validate()
    if as_json:
        emit_json(v.to_json())
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
    help="Allow the query to change the graph (default: read-only, enforced by the engine).",
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
    FROM, ATTACH, INSTALL …): no file is read or written outside the graph.

    \b
    Example:
      policykg cypher "MATCH (d:Document)<-[:CITES]-(x) WHERE d.doc_number = \\$n RETURN x.title" -p n=渝府办发〔2020〕118号
    """
    import csv

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
    else:
        t = Table(*(rows[0].keys() if rows else ["(no rows)"]))
        for r in rows:
            t.add_row(*(escape(str(v)) for v in r.values()))
        console.print(t)
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

    with open_graph(db, read_only=True) as g:
        message = export_graph(g, fmt, out, subgraph=subgraph, depth=depth)
    console.print(escape(message or f"wrote {out}"))


@main.command()
@click.argument("doc", required=False)
@click.option("-o", "--output", "out", default="graph.html", show_default=True, type=click.Path())
@click.option("--depth", type=click.IntRange(1, 10), default=2, show_default=True)
@db_option
@handle_errors
def view(doc: str | None, out: str, depth: int, db: str) -> None:
    """Write one self-contained HTML file (no network) showing the citation graph.

    \b
    Example:
      policykg view 渝府办发〔2020〕118号 -o graph.html
    """
    from policykg.export import export_graph

    with open_graph(db, read_only=True) as g:
        export_graph(g, "html", out, subgraph=doc, depth=depth)
    console.print(f"wrote {escape(out)}")


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
