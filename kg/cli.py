"""The ``kg`` command line: a thin layer over the library. It parses arguments, shows
progress on stderr, and turns library errors into one clear line and an exit code.

Exit codes: 0 success; 1 some input could not be read (the rest was built);
2 usage error or nothing could be done.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

from kg import __version__
from kg.errors import KgError
from kg.progress import progress

EXIT_OK, EXIT_SOME_INPUT_FAILED, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


class _Inputs:
    """The articles of the inputs, read lazily; each unreadable input is reported as it
    comes (one line naming it) and remembered for the exit code."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.problems: list = []
        self.count = 0

    def __iter__(self):
        from kg.ingest import InputProblem, iter_inputs

        for item in iter_inputs(self.paths):
            if isinstance(item, InputProblem):
                self.problems.append(item)
                _err(f"skipped {item}")
            else:
                self.count += 1
                yield item


def _report_build(result, inputs: _Inputs, quiet: bool) -> list:
    """One line per article that failed or was a duplicate; all the problems."""
    for p in result.failed:
        _err(f"skipped {p}")
    for dup, first in result.duplicates:
        _err(f"note: {dup.source} has the same text as {first}; read once")
    if result.duplicates and not quiet:
        n = len(result.duplicates)
        print(f"{n} duplicate{'s' if n != 1 else ''} in the inputs, each read once.")
    return inputs.problems + result.failed


def cmd_build(args: argparse.Namespace) -> int:
    from kg.export import write_rdf
    from kg.ingest import count_inputs
    from kg.pipeline import build_graph

    if args.dask and args.workers != 1:
        raise KgError("--dask and --workers exclude each other (the cluster's workers do the reading)")
    inputs = _Inputs(args.inputs)
    stream = iter(inputs)
    first = next(stream, None)  # inputs are read lazily; but with none readable, touch nothing
    if first is None:
        _err("no readable article among the inputs; nothing was written")
        return EXIT_ERROR
    articles = itertools.chain([first], stream)
    if args.store:
        return _build_into_store(args, inputs, articles)
    out = Path(args.out or "output")
    total = count_inputs(args.inputs)
    with progress(total, desc="read", unit="article", quiet=args.quiet or total == 1) as bar:
        result = build_graph(articles, progress=lambda n, a: bar(n + len(inputs.problems)),
                             n_process=args.workers, dask=args.dask)
    problems = _report_build(result, inputs, args.quiet)
    g = result.graph
    write_rdf(g, out / "graph.ttl", "ttl")
    if not (args.no_html and args.quiet):
        _report_graph(out / "graph.ttl", None if args.no_html else out / "graph.html", args.quiet, result.read)
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
        counts = graph_counts(view)
        for line in format_counts(counts):
            print("  " + line)
        if counts["statements_by_factuality"].get("Planned"):
            print("  (planned engagements: kg query upcoming)")


def _build_into_store(args: argparse.Namespace, inputs: _Inputs, articles) -> int:
    from kg.ingest import count_inputs
    from kg.iri import article_iri
    from kg.pipeline import build_graph
    from kg.store import AddReport, KgStore

    identities = None
    if args.id:
        articles = list(articles)
        if len(articles) != 1:
            raise KgError(f"--id names one article; the inputs hold {len(articles)}")
        identities = {articles[0].content_hash: args.id}
    store = KgStore(args.store)  # takes the writer lock now: a second build stops at once
    report = AddReport()
    batch: list = []

    def write() -> None:
        rep = store.add_articles(batch, identities=identities)
        for k in ("added", "unchanged", "replaced"):
            getattr(report, k).extend(getattr(rep, k))
        batch.clear()

    def sink(article, triples) -> None:
        # new articles go to the store in batches, through Oxigraph's bulk loader; triples
        # are a Graph, or N-Triples bytes from a worker process
        batch.append((article, triples))
        if len(batch) >= STORE_BATCH:
            write()

    def known(article) -> bool:
        # already in the store: not parsed at all
        name = str(article_iri(article.content_hash))
        if name in store:
            report.unchanged.append(name)
            return True
        return False

    total = count_inputs(args.inputs)
    with progress(total, desc="read", unit="article", quiet=args.quiet or total == 1) as bar:
        result = build_graph(articles, progress=lambda n, a: bar(n + len(inputs.problems)),
                             n_process=args.workers, sink=sink, known=known, dask=args.dask)
    write()
    store.flush()
    problems = _report_build(result, inputs, args.quiet)
    if not args.quiet:
        for _new, ident, old in report.replaced:
            print(f"Replaced {ident}: its earlier text ({', '.join(o.rsplit('/', 1)[-1] for o in old)}) "
                  f"gave way to the new one")
        c = report.counts()
        print(f"Store {args.store}: {c['added']} added, {c['replaced']} replaced, "
              f"{c['unchanged']} unchanged; {len(store.graphs())} articles, {len(store):,} quads.")
    if args.out:
        from kg.export import write_rdf

        write_rdf(store.union(), Path(args.out) / "graph.ttl", "ttl")
    if not (args.quiet and (args.no_html or not args.out)):
        _report_graph(store, None if args.no_html or not args.out else Path(args.out) / "graph.html", args.quiet)
    store.close()
    return EXIT_SOME_INPUT_FAILED if problems else EXIT_OK


#: Articles handed to the store at once (the bulk loader's unit) while a build streams.
STORE_BATCH = 200


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import format_result, open_graph, run_query

    params = {}
    for p in args.param or []:
        name, sep, value = p.partition("=")
        if not sep or not name:
            raise KgError(f"--param takes NAME=VALUE, got {p!r}")
        params[name] = value
    if args.store:
        from kg.store import KgStore

        source = KgStore(args.store, read_only=True)
    else:
        source = open_graph(args.graph)
    try:
        result = run_query(source, args.query, params, limit=args.limit, offset=args.offset)
    finally:
        source.close()
    sys.stdout.write(format_result(result, args.format))
    from kg.query import page_size, query_text

    size = page_size(query_text(args.query))
    if size is not None and result.rows:
        size = size if args.limit is None else args.limit
        start = args.offset or 0
        sys.stdout.flush()  # the note after the table, not inside it
        print(f"(one page: up to {size} statements or paths from offset {start}; "
              f"next page: --offset {start + size}; longer pages: --limit N)", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import atomic_open, export, load_graph

    if args.format == "html":
        from kg.html import write_html

        source = _graph_source(args)
        try:
            write_html(source, args.out)
        finally:
            source.close()
    elif args.store:
        from kg.store import KgStore

        store = KgStore(args.store, read_only=True)
        if args.format in ("nq", "trig"):
            with progress(len(store), desc="export", unit="quad", quiet=args.quiet) as bar, \
                    atomic_open(args.out, "wb") as fh:
                store.dump(_LineCounter(fh, bar), args.format)  # streamed, named graphs kept
        else:
            export(store.union(), args.format, args.out)
    else:
        export(load_graph(args.graph), args.format, args.out)
    if not args.quiet:
        print(f"Wrote {args.out} ({args.format})")
    return EXIT_OK


class _LineCounter:
    """A binary file that reports the lines written through it to a progress display
    (a line is a quad in N-Quads; near enough one in TriG)."""

    def __init__(self, fh, bar):
        self.fh, self.bar, self.lines = fh, bar, 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        self.bar(min(self.lines, self.bar.total or self.lines))
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


def _graph_source(args: argparse.Namespace):
    """What analyze and the explorer read: the store (--store, as a reader) or the graph file
    (--graph), both in Oxigraph (kg.query.open_graph)."""
    from kg.query import open_graph

    return open_graph(args.store or args.graph)


def cmd_analyze(args: argparse.Namespace) -> int:
    from kg.analyze import analyze, format_analysis

    source = _graph_source(args)
    try:
        report = analyze(source, top=args.top, path=tuple(args.path) if args.path else None)
    finally:
        source.close()
    sys.stdout.write(format_analysis(report, args.format))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from kg.evaluate import evaluate, format_report, gold_pairs

    total = len(gold_pairs(args.gold_dir))
    with progress(total, desc="scored", unit="article", quiet=args.quiet or args.json) as bar:
        report = evaluate(args.gold_dir, progress=bar, out=args.out)
    for a in report.articles:
        if a.problem:
            _err(f"{a.name} scored as an empty graph: {a.problem}")
    if args.json:
        print(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
    else:
        print(format_report(report, articles=not args.quiet), end="")
    return EXIT_SOME_INPUT_FAILED if any(a.problem for a in report.articles) else EXIT_OK


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
    if args.falkordb:
        clash = [o for o, v in (("--endpoint", args.endpoint), ("--gsp", args.gsp), ("--update", args.update),
                                ("--query", args.query_url), ("--resume", args.resume),
                                ("--sparql-update", args.sparql_update), ("--user", args.user)) if v]
        if clash:
            raise KgError(f"--falkordb loads into FalkorDB; {', '.join(clash)} belong to SPARQL servers")
        return _load_falkordb(args)
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
    if args.query_url:
        ep.query = args.query_url
    ep.retries = args.retries
    if not (ep.gsp or ep.update):
        raise KgError("give --endpoint BASE, or --gsp URL and/or --update URL (or --falkordb URL)")
    if args.store:
        from kg.store import KgStore

        store = KgStore(args.store, read_only=True)  # a reader: builds and other readers may share it
        total = len(store.graphs())
        graphs = graphs_of_store(store)
    else:
        from kg.export import load_graph

        graphs = graphs_of_file(load_graph(args.graph))
        total = len(graphs)
    with progress(total, desc="load", unit="graph", quiet=args.quiet) as bar:
        report = load(graphs, ep, batch=args.batch, progress=bar, use_update=args.sparql_update,
                      resume=args.resume)
    for name, why in report.failed:
        _err(f"not loaded: {name}: {why}")
    missing = total - len(report.loaded) - len(report.skipped)
    # the summary is printed even with -q (its help promises it): one line on stdout
    print(f"Loaded {len(report.loaded)} of {total} graphs ({report.triples:,} triples) by {report.method}"
          + (f"; {len(report.skipped)} already on the server, skipped" if report.skipped else "")
          + (f"; {report.retries} transient failure{'s' if report.retries != 1 else ''} retried"
             if report.retries else "")
          + (f"; {missing} not loaded, nothing changed locally (--resume goes on from there)"
             if missing else "") + ".")
    if not report.failed:
        return EXIT_OK
    return EXIT_SOME_INPUT_FAILED if report.loaded or report.skipped else EXIT_ERROR


def _load_falkordb(args: argparse.Namespace) -> int:
    from kg.falkor import connect, load_falkordb, property_graph, select_for
    from kg.query import open_graph

    graph = connect(args.falkordb, args.falkordb_graph)
    source = open_graph(args.store or args.graph)
    try:
        pg = property_graph(select_for(source))
    finally:
        source.close()
    with progress(pg.n_nodes + pg.n_rels, desc="load", unit="row", quiet=args.quiet) as bar:
        r = load_falkordb(pg, graph, progress=bar)
    # the summary is printed even with -q, as for a SPARQL server
    print(f"Loaded {r.nodes:,} nodes and {r.relationships:,} relationships into FalkorDB graph "
          f"'{args.falkordb_graph}' at {args.falkordb}: {r.nodes_created:,} nodes and "
          f"{r.relationships_created:,} relationships new, {r.properties_set:,} properties set.")
    return EXIT_OK


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
                    "(.jsonl or .jsonl.gz, one {title, date, url, text} object a line), or - for stdin;\n"
                    "also a saved web page (.html: its article only), a web archive (.warc, .warc.gz:\n"
                    "one article per page) or a saved RSS/Atom feed (one article per entry).\n"
                    "Unreadable inputs are reported and skipped; the exit code is then 1.",
        epilog="Examples:\n  kg build examples/g20_new_delhi.txt --out output\n"
               "  kg build news/ more.jsonl.gz --out build\n  cat article.txt | kg build - --out output\n"
               "  kg build page.html crawl.warc.gz world.rss --out web\n"
               "  kg build more/*.txt --store kgstore     # grow a persistent graph\n"
               "  kg build corpus.jsonl.gz --store kgstore --dask local:4   # 4 worker processes\n"
               "  kg build corpus.jsonl.gz --store kgstore --dask tcp://10.0.0.5:8786")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders, JSON Lines files, or -")
    b.add_argument("--out", "-o", default=None, metavar="DIR",
                   help="output folder for graph.ttl and graph.html (default: output, or none with --store)")
    b.add_argument("--store", "-s", metavar="DIR",
                   help="add the articles to a persistent store (one named graph each; re-adding is a no-op)")
    b.add_argument("--no-html", action="store_true", help="write graph.ttl only")
    b.add_argument("--id", metavar="ID",
                   help="with --store and one input: the article's identity (default: its URL, else its full path);"
                        " a new text with the same identity replaces the old one")
    b.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes that parse and read articles on this machine (default: 1)")
    b.add_argument("--dask", metavar="CLUSTER",
                   help="read the articles on a Dask cluster: local:N (N worker processes here) or a "
                        "scheduler address tcp://HOST:PORT (needs pip install 'kg[dask]')")
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
                   help="bind the variable $NAME to the string VALUE, as an RDF term (repeatable), e.g. "
                        "--param name='Antony Blinken'; other $variables stay variables")
    q.add_argument("--format", "-f", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    q.add_argument("--limit", type=int, metavar="N",
                   help="at most N rows (appended as LIMIT); for a paged ready query (about_entity, "
                        "article_statements, path_between) a page of N items, default 50")
    q.add_argument("--offset", type=int, metavar="N",
                   help="skip the first N rows (appended as OFFSET); for a paged ready query, N items")
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

    ev = sub.add_parser(
        "eval", formatter_class=_Formatter, help="score kg against annotated articles",
        description="Build each NAME.txt of GOLD_DIR on its own (as 'kg build NAME.txt' would) and score\n"
                    "it against NAME.gold.json (entities with type and labels; relations with\n"
                    "alternatives, optional ones and negatives: the format of the shared evaluation\n"
                    "README). Labels are compared normalised, types closed over rdfs:subClassOf and\n"
                    "properties over rdfs:subPropertyOf, symmetric properties either way round.\n\n"
                    "Prints, per article, relation P/R/F1 with every missed relation and every false\n"
                    "positive, entities not found, wrongly typed or split (one entity, several nodes),\n"
                    "stray typed nodes and negated or hedged statements asserted as facts; then P/R/F1\n"
                    "per property; last, one summary line: P, R, F1 (micro-averaged), entity recall,\n"
                    "entities typed right, splits, negatives asserted, stray named nodes.\n"
                    "Exit code 1 when an article could not be built (it scores as an empty graph).",
        epilog="Examples:\n  kg eval ../shared/eval/dev\n  kg eval my_gold/ --json > score.json\n"
               "  kg eval my_gold/ -q          # the property table and the summary line only")
    ev.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of NAME.txt + NAME.gold.json pairs")
    ev.add_argument("--json", action="store_true", help="print everything as JSON (summary, properties, articles)")
    ev.add_argument("--out", "-o", metavar="DIR", help="keep each article's graph as DIR/NAME/graph.ttl")
    ev.add_argument("--quiet", "-q", action="store_true", help="no per-article lines and no progress")
    ev.set_defaults(func=cmd_eval)

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
                    "the password is read from KG_ENDPOINT_PASSWORD (basic or digest auth). Transient\n"
                    "failures are retried with backoff; --resume skips graphs the server already holds.\n"
                    "With --falkordb, loads a property graph into FalkorDB instead (one node per entity,\n"
                    "one relationship per asserted fact; loading twice changes nothing).",
        epilog="Examples:\n  kg load --store kgstore --endpoint http://127.0.0.1:7878        # Oxigraph\n"
               "  kg load --graph graph.trig --gsp http://localhost:3030/ds/data \\\n"
               "          --update http://localhost:3030/ds/update                  # Fuseki\n"
               "  kg load --store kgstore --endpoint http://127.0.0.1:7878 --resume  # after a failure\n"
               "  kg load --store kgstore --falkordb redis://127.0.0.1:6379          # FalkorDB (Cypher)")
    src = ld.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", "-s", metavar="DIR", help="a kg store")
    src.add_argument("--graph", "-g", metavar="FILE", help="a graph file")
    ld.add_argument("--endpoint", metavar="BASE", help="server base URL, Oxigraph layout (BASE/store, BASE/update)")
    ld.add_argument("--gsp", metavar="URL", help="Graph Store Protocol endpoint")
    ld.add_argument("--update", metavar="URL", help="SPARQL Update endpoint")
    ld.add_argument("--falkordb", metavar="URL",
                    help="load into FalkorDB instead (redis://HOST:PORT): a property graph for Cypher")
    ld.add_argument("--falkordb-graph", default="kg", metavar="NAME", help="FalkorDB graph name (default: kg)")
    ld.add_argument("--query", dest="query_url", metavar="URL",
                    help="SPARQL query endpoint (read back by --resume when there is no --gsp)")
    ld.add_argument("--sparql-update", action="store_true", help="use SPARQL Update only")
    ld.add_argument("--resume", action="store_true",
                    help="skip graphs the server already holds identically (go on after a failed load)")
    ld.add_argument("--retries", type=int, default=4, metavar="N",
                    help="retries of a transient failure (dropped connection, 503), with backoff (default: 4)")
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
