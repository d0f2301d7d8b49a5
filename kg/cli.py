"""The ``kg`` command line: a thin layer over the library. It parses arguments, shows
progress on stderr, and turns library errors into one clear line and an exit code.

Exit codes: 0 success; 1 some input could not be read (the rest was built);
2 usage error or nothing could be done.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kg import __version__
from kg.errors import KgError

EXIT_OK, EXIT_SOME_INPUT_FAILED, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _article_progress(total: int, show: bool):
    """A build_graph progress callback: "read N/TOTAL articles (R/s)" on stderr, ten lines
    in all, or one line redrawn in place on a terminal."""
    t0 = time.monotonic()
    tty = sys.stderr.isatty()

    def progress(n: int, article) -> None:
        step = max(1, total // (50 if tty else 10))
        if show and (n == total or n % step == 0):
            rate = n / max(1e-9, time.monotonic() - t0)
            line = f"  read {n}/{total} articles ({rate:.1f}/s)"
            if tty:
                print("\r" + line, end="" if n < total else "\n", file=sys.stderr, flush=True)
            else:
                print(line, file=sys.stderr, flush=True)

    return progress


def cmd_build(args: argparse.Namespace) -> int:
    from kg.export import write_rdf
    from kg.ingest import read_inputs
    from kg.pipeline import build_graph

    articles, problems = read_inputs(args.inputs)
    for p in problems:
        _err(f"skipped {p}")
    if not articles:
        _err("no readable article among the inputs; nothing was written")
        return EXIT_ERROR
    if args.store:
        return _build_into_store(args, articles, problems)
    out = Path(args.out or "output")
    total = len(articles)
    progress = _article_progress(total, show=not args.quiet and total > 1)
    result = build_graph(articles, progress=progress, n_process=args.workers)
    for p in result.failed:
        _err(f"skipped {p}")
    problems = problems + result.failed
    g = result.graph
    write_rdf(g, out / "graph.ttl", "ttl")
    if not (args.no_html and args.quiet):
        _report_graph(out / "graph.ttl", None if args.no_html else out / "graph.html", args.quiet,
                      len(result.articles))
    if not args.quiet:
        print(f"Wrote {out / 'graph.ttl'}" + ("" if args.no_html else f" and {out / 'graph.html'}"))
    return EXIT_SOME_INPUT_FAILED if problems else EXIT_OK


def _report_graph(source, html_path, quiet: bool, read: int | None = None) -> None:
    """The explorer and the summary of a built graph, both from one view of it (the file
    just written, or the store): the counts are kg.analyze's, the same `kg analyze` prints."""
    from kg.analyze import format_counts, graph_counts, network_view

    view = network_view(source)
    if html_path is not None:
        from kg.html import write_html

        write_html(view, html_path)
    if not quiet:
        if read is not None:
            print(f"Read {read} article{'s' if read != 1 else ''}.")
        print("The graph" + (" (the whole store)" if read is None else "") + ":")
        for line in format_counts(graph_counts(view)):
            print("  " + line)


def _build_into_store(args: argparse.Namespace, articles, problems) -> int:
    from kg.iri import article_iri
    from kg.pipeline import build_graph
    from kg.store import KgStore

    store = KgStore(args.store)
    known = set(store.graphs())
    todo = [a for a in articles if str(article_iri(a.content_hash)) not in known]
    counts = {"added": 0, "unchanged": len(articles) - len(todo), "replaced": 0}

    def sink(article, g) -> None:
        counts[store.add_article(article, g)] += 1

    progress = _article_progress(len(todo), show=not args.quiet)
    result = build_graph(todo, progress=progress, n_process=args.workers, sink=sink)
    store.flush()
    for p in result.failed:
        _err(f"skipped {p}")
    problems = problems + result.failed
    if not args.quiet:
        print(f"Store {args.store}: {counts['added']} added, {counts['replaced']} replaced, "
              f"{counts['unchanged']} unchanged; {len(store.graphs())} articles, {len(store):,} quads.")
    if args.out:
        from kg.export import write_rdf

        write_rdf(store.union(), Path(args.out) / "graph.ttl", "ttl")
    if not (args.quiet and (args.no_html or not args.out)):
        _report_graph(store, None if args.no_html or not args.out else Path(args.out) / "graph.html", args.quiet)
    return EXIT_SOME_INPUT_FAILED if problems else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.export import load_graph
    from kg.query import format_result, run_query, run_store_query

    params = {}
    for p in args.param or []:
        name, sep, value = p.partition("=")
        if not sep or not name:
            raise KgError(f"--param takes NAME=VALUE, got {p!r}")
        params[name] = value
    if args.store:
        from kg.store import KgStore

        result = run_store_query(KgStore(args.store), args.query, params)
    else:
        result = run_query(load_graph(args.graph), args.query, params)
    sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import atomic_open, export, load_graph

    if args.format == "html":
        from kg.html import write_html

        write_html(_graph_source(args), args.out)
    elif args.store:
        from kg.store import KgStore

        store = KgStore(args.store)
        if args.format in ("nq", "trig"):
            with atomic_open(args.out, "wb") as fh:
                store.dump(fh, args.format)  # streamed, named graphs kept
        else:
            export(store.union(), args.format, args.out)
    else:
        export(load_graph(args.graph), args.format, args.out)
    if not args.quiet:
        print(f"Wrote {args.out} ({args.format})")
    return EXIT_OK


def _graph_source(args: argparse.Namespace):
    """What analyze and the explorer read: the store (--store) or the graph file (--graph),
    both through Oxigraph."""
    from kg.analyze import oxigraph_of

    if getattr(args, "store", None):
        from kg.store import KgStore

        return oxigraph_of(KgStore(args.store))
    return oxigraph_of(args.graph)


def cmd_analyze(args: argparse.Namespace) -> int:
    from kg.analyze import analyze, format_analysis

    report = analyze(_graph_source(args), top=args.top, path=tuple(args.path) if args.path else None)
    sys.stdout.write(format_analysis(report, args.format))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.export import load_graph
    from kg.validate import validate

    violations = validate(load_graph(args.graph))
    for v in violations[: args.max]:
        print(f"{v.severity}: {v.focus}\n  {v.path or '(node)'}: {v.message}")
    if len(violations) > args.max:
        print(f"... and {len(violations) - args.max} more")
    if violations:
        print(f"{args.graph}: {len(violations)} violation{'s' if len(violations) != 1 else ''} of ontology/shapes.ttl")
        return EXIT_SOME_INPUT_FAILED
    print(f"{args.graph}: conforms to ontology/shapes.ttl")
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    import os

    from kg.load import Endpoint, graphs_of_file, graphs_of_store, load

    password = os.environ.get("KG_ENDPOINT_PASSWORD") if args.user else None
    if args.endpoint:
        ep = Endpoint.from_base(args.endpoint, user=args.user, password=password)
    else:
        ep = Endpoint(gsp=args.gsp, update=args.update, user=args.user, password=password)
    if args.gsp:
        ep.gsp = args.gsp
    if args.update:
        ep.update = args.update
    if not (ep.gsp or ep.update):
        raise KgError("give --endpoint BASE, or --gsp URL and/or --update URL")
    if args.store:
        from kg.store import KgStore

        store = KgStore(args.store)
        graphs = list(graphs_of_store(store))
    else:
        from kg.export import load_graph

        graphs = graphs_of_file(load_graph(args.graph))
    total = len(graphs)

    def progress(n: int, name, size: int) -> None:
        if not args.quiet:
            print(f"  [{n}/{total}] {name or '(default graph)'}: {size:,} triples", file=sys.stderr, flush=True)

    report = load(graphs, ep, batch=args.batch, progress=progress, use_update=args.sparql_update)
    for name, why in report.failed:
        _err(f"not loaded: {name}: {why}")
    missing = total - len(report.loaded)
    if not args.quiet or report.failed:
        print(f"Loaded {len(report.loaded)} of {total} graphs ({report.triples:,} triples) by {report.method}"
              + (f"; {missing} not loaded, nothing changed locally" if missing else "") + ".")
    if not report.failed:
        return EXIT_OK
    return EXIT_SOME_INPUT_FAILED if report.loaded else EXIT_ERROR


def cmd_queries(args: argparse.Namespace) -> int:
    from kg.query import ready_queries

    for name, path in ready_queries().items():
        first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        print(f"{name:<20} {first}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from kg.export import FORMATS
    from kg.query import OUTPUT_FORMATS

    p = argparse.ArgumentParser(
        prog="kg", formatter_class=_Formatter,
        description="Build a knowledge graph of who did what to whom from diplomacy news, offline.",
        epilog="Example:\n  kg build examples/g20_new_delhi.txt --out output\n"
               "  kg query who_met_whom --graph output/graph.ttl\n\n"
               "Run 'kg COMMAND --help' for the options of a command.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build", formatter_class=_Formatter, help="read articles and write graph.ttl and graph.html",
        description="Read news articles and write DIR/graph.ttl (Turtle) and DIR/graph.html (explorer).\n\n"
                    "INPUT is a .txt file (first line: headline), a folder of them, a JSON Lines file\n"
                    "(.jsonl or .jsonl.gz, one {title, date, url, text} object a line), or - for stdin.\n"
                    "Unreadable inputs are reported and skipped; the exit code is then 1.",
        epilog="Examples:\n  kg build examples/g20_new_delhi.txt --out output\n"
               "  kg build news/ more.jsonl.gz --out build\n  cat article.txt | kg build - --out output\n"
               "  kg build more/*.txt --store kgstore     # grow a persistent graph")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders, JSON Lines files, or -")
    b.add_argument("--out", "-o", default=None, metavar="DIR",
                   help="output folder for graph.ttl and graph.html (default: output, or none with --store)")
    b.add_argument("--store", "-s", metavar="DIR",
                   help="add the articles to a persistent store (one named graph each; re-adding is a no-op)")
    b.add_argument("--no-html", action="store_true", help="write graph.ttl only")
    b.add_argument("--workers", type=int, default=1, metavar="N", help="parser processes (default: 1)")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser(
        "query", formatter_class=_Formatter, help="run SPARQL on a graph file",
        description="Run a SPARQL query on a graph file. QUERY is SPARQL text, a .rq file, or the\n"
                    "name of a ready query (see 'kg queries'). The prefixes dip:, rdf: and rdfs: are\n"
                    "predeclared.",
        epilog="Examples:\n  kg query who_met_whom --graph output/graph.ttl\n"
               "  kg query 'SELECT ?s WHERE { ?s a dip:Person }' --graph output/graph.ttl --format csv\n"
               "  kg query about_entity --param name='Sergey Lavrov' --store kgstore\n"
               "  kg query path_between --param from=India --param to=Ukraine")
    q.add_argument("query", metavar="QUERY")
    q.add_argument("--graph", "-g", default="output/graph.ttl", metavar="FILE",
                   help="graph file: .ttl .nt .nq .trig .jsonld (default: output/graph.ttl)")
    q.add_argument("--store", "-s", metavar="DIR", help="query a store (the union of its articles) instead")
    q.add_argument("--param", "-p", action="append", metavar="NAME=VALUE",
                   help="a value for $NAME in the query (repeatable), e.g. --param name='Antony Blinken'")
    q.add_argument("--format", "-f", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser(
        "export", formatter_class=_Formatter, help="convert a graph file to another format",
        description="Convert a graph file: ttl, nt, nq and trig (named graphs kept), jsonld (with a\n"
                    "context), graphml and gexf (networkx, Gephi), neo4j (a folder: nodes.csv and\n"
                    "relationships.csv for neo4j-admin import, import.cypher for cypher-shell), html (the\n"
                    "explorer, as kg build writes it).",
        epilog="Examples:\n  kg export --graph output/graph.ttl --format graphml --out output/graph.graphml\n"
               "  kg export --graph output/graph.ttl --format neo4j --out output/neo4j\n"
               "  kg export --store kgstore --format html --out kgstore.html   # the explorer for a store")
    e.add_argument("--graph", "-g", default="output/graph.ttl", metavar="FILE", help="graph file to read")
    e.add_argument("--store", "-s", metavar="DIR", help="export a store instead (nq and trig stream it)")
    e.add_argument("--format", "-f", choices=[*FORMATS, "html"], required=True,
                   help="format to write (html: the explorer, also for a whole store)")
    e.add_argument("--out", "-o", required=True, metavar="PATH", help="file (folder for neo4j) to write, atomically")
    e.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    e.set_defaults(func=cmd_export)

    a = sub.add_parser(
        "analyze", formatter_class=_Formatter, help="central actors, communities, paths, timeline",
        description="Analyse the graph with networkx: the most central actors (degree, PageRank),\n"
                    "communities, relation counts by type, a timeline of dated events and, with\n"
                    "--path, the shortest paths between two entities with the sentences along them.",
        epilog="Examples:\n  kg analyze --graph output/graph.ttl\n"
               "  kg analyze --graph output/graph.ttl --path India Ukraine --format markdown\n"
               "  kg analyze --store kgstore --top 20")
    a.add_argument("--graph", "-g", default="output/graph.ttl", metavar="FILE", help="graph file to read")
    a.add_argument("--store", "-s", metavar="DIR", help="analyse a store (the union of its articles) instead")
    a.add_argument("--top", type=int, default=10, metavar="N", help="how many central actors (default: 10)")
    a.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="entities (by name) to connect")
    a.add_argument("--format", "-f", choices=("table", "markdown", "json"), default="table",
                   help="output format (default: table)")
    a.set_defaults(func=cmd_analyze)

    v = sub.add_parser(
        "validate", formatter_class=_Formatter, help="check a graph against the SHACL shapes",
        description="Validate a graph file against ontology/shapes.ttl with pySHACL (RDFS inference\n"
                    "over the ontology). Exit code 0 when it conforms, 1 when it does not.",
        epilog="Example:\n  kg validate --graph output/graph.ttl")
    v.add_argument("--graph", "-g", default="output/graph.ttl", metavar="FILE", help="graph file to check")
    v.add_argument("--max", type=int, default=20, metavar="N", help="violations to print (default: 20)")
    v.set_defaults(func=cmd_validate)

    ld = sub.add_parser(
        "load", formatter_class=_Formatter, help="push a graph or store into a SPARQL 1.1 server",
        description="Load a store (--store) or graph file (--graph; TriG and N-Quads keep named graphs)\n"
                    "into a running SPARQL 1.1 server: Graph Store HTTP Protocol (PUT, then POST per\n"
                    "batch), falling back to SPARQL Update. Loading twice changes nothing. With --user,\n"
                    "the password is read from KG_ENDPOINT_PASSWORD (basic or digest auth).",
        epilog="Examples:\n  kg load --store kgstore --endpoint http://127.0.0.1:7878        # Oxigraph\n"
               "  kg load --graph graph.trig --gsp http://localhost:3030/ds/data \\\n"
               "          --update http://localhost:3030/ds/update                  # Fuseki")
    src = ld.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", "-s", metavar="DIR", help="a kg store")
    src.add_argument("--graph", "-g", metavar="FILE", help="a graph file")
    ld.add_argument("--endpoint", metavar="BASE", help="server base URL, Oxigraph layout (BASE/store, BASE/update)")
    ld.add_argument("--gsp", metavar="URL", help="Graph Store Protocol endpoint")
    ld.add_argument("--update", metavar="URL", help="SPARQL Update endpoint")
    ld.add_argument("--sparql-update", action="store_true", help="use SPARQL Update only")
    ld.add_argument("--user", metavar="NAME", help="user name (password from KG_ENDPOINT_PASSWORD)")
    ld.add_argument("--batch", type=int, default=1000, metavar="N", help="triples per request (default: 1000)")
    ld.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors and the summary")
    ld.set_defaults(func=cmd_load)

    r = sub.add_parser("queries", formatter_class=_Formatter, help="list the ready queries",
                       description="List the ready SPARQL queries shipped in ontology/queries.",
                       epilog="Example:\n  kg queries")
    r.set_defaults(func=cmd_queries)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return args.func(args)
    except KgError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted; outputs already written are complete, the rest were not touched")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
