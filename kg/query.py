"""SPARQL over a graph, and the ready queries shipped in ``ontology/queries``.

Every query runs on Oxigraph (pyoxigraph): a store folder (kg.store.KgStore) or a graph
file parsed by Oxigraph's own parser into an in-memory store (:class:`GraphFile`). Both
are *graph sources* with the same surface, opened by :func:`open_graph`, so a ready query
returns the same rows on ``--store DIR`` and on a graph file of the same articles.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.errors import GraphFileError, KgError, QueryError
from kg.namespace import DIP
from kg.settings import ontology_dir

OUTPUT_FORMATS = ("table", "csv", "json")

#: Prefixes every query may use without declaring them.
PREFIXES = {"dip": str(DIP._NS), "rdf": str(RDF), "rdfs": str(RDFS)}


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[str | None]]


class GraphSource(Protocol):
    """What kg reads a graph from: a store folder or a graph file, both in Oxigraph.

    ``ox`` is the pyoxigraph Store whose *default graph is the merged graph* (every
    article's triples, each once); article graphs, when known, are named graphs."""

    ox: object

    def triples(self) -> Iterator: ...
    def union(self) -> Graph: ...
    def graphs(self) -> list[str]: ...
    def close(self) -> None: ...


def ready_queries() -> dict[str, Path]:
    """Name -> file of every ready query (``kg query who_met_whom``)."""
    folder = ontology_dir() / "queries"
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def query_text(query: str) -> str:
    """QUERY is SPARQL text, a path to a .rq file, or the name of a ready query."""
    ready = ready_queries()
    if query in ready:
        return ready[query].read_text(encoding="utf-8")
    p = Path(query)
    if query.endswith(".rq"):
        if not p.is_file():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    if not any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        names = ", ".join(ready)
        raise QueryError(f"{query!r} is neither SPARQL, a .rq file nor a ready query ({names})")
    return query


_VARIABLE = re.compile(r"[$?]([A-Za-z_][A-Za-z0-9_]*)")
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def sparql_str(value: str) -> str:
    """A SPARQL string literal holding ``value`` exactly."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def query_parameters(query: str) -> list[str]:
    """The parameters a ready query takes: its ``$name`` variables (ready queries write
    parameters with ``$`` and every other variable with ``?``). Other queries declare none:
    in them ``$x`` is an ordinary SPARQL variable, bound only by an explicit ``--param x=``."""
    if query not in ready_queries():
        return []
    return sorted(set(_DOLLAR.findall(query_text(query))))


def check_params(query: str, text: str, params: dict[str, str] | None) -> dict[str, str]:
    """Check ``--param name=value`` against the query: a ready query's parameter left out,
    or a param naming no variable of the query, is a QueryError."""
    params = params or {}
    missing = [n for n in query_parameters(query) if n not in params]
    if missing:
        raise QueryError(f"the query needs --param {missing[0]}=VALUE")
    variables = set(_VARIABLE.findall(_STRINGS_AND_IRIS.sub(" ", text)))
    for name in params:
        if name not in variables:
            raise QueryError(f"--param {name}: the query has no variable ${name}")
    return params


_WHERE_GROUP = re.compile(r"(?<![?$\w])WHERE\s*\{", re.IGNORECASE)


def bind_values(text: str, params: dict[str, str]) -> str:
    """Bind each ``name`` to the string literal ``value`` with a VALUES block opening every
    WHERE group of the query, subqueries' included: ``WHERE { VALUES (?name) { ("value") } ...``.

    The value travels as an RDF term (serialised by pyoxigraph), never pasted where
    ``$name`` stood, so no value can change the query and every other variable, ``$var``
    included, stays a variable. The ready queries use their parameters inside subqueries
    with LIMIT (which make Oxigraph answer by look-ups around the named entity): a VALUES
    block opening each group binds the parameter there as a constant, as substitution
    would, where one joined outside them would leave them unbound and scanning the whole
    store. (pyoxigraph's own ``substitutions`` accept only variables the outer SELECT
    projects.)"""
    if not params:
        return text
    import pyoxigraph as ox

    text = _expand_construct_where(text)
    masked = _STRINGS_AND_IRIS.sub(lambda m: " " * len(m.group()), text)
    cuts = [m.end() for m in _WHERE_GROUP.finditer(masked)]
    if not cuts and masked.find("{") >= 0:  # WHERE is optional before a SELECT/ASK group
        cuts = [masked.find("{") + 1]
    if not cuts:
        raise QueryError("--param needs a query with a WHERE { ... } group")
    names = " ".join(f"?{n}" for n in params)
    block = f" VALUES ({names}) {{ ({' '.join(str(ox.Literal(v)) for v in params.values())}) }}"
    out, last = [], 0
    for at in cuts:
        out += [text[last:at], block]
        last = at
    return "".join(out) + text[last:]


_CONSTRUCT_WHERE = re.compile(r"\bCONSTRUCT\s+WHERE\s*\{", re.IGNORECASE)


def _expand_construct_where(text: str) -> str:
    """``CONSTRUCT WHERE { P }`` (the short form, whose pattern is also its template) as
    ``CONSTRUCT { P } WHERE { P }``, so a VALUES block can open the WHERE group without
    landing in the template."""
    masked = _STRINGS_AND_IRIS.sub(lambda m: " " * len(m.group()), text)
    m = _CONSTRUCT_WHERE.search(masked)
    if not m:
        return text
    depth, end = 1, None
    for i in range(m.end(), len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            end = i
            break
    if end is None:
        return text  # unbalanced: let the SPARQL parser say where
    body = text[m.end():end]
    return f"{text[:m.start()]}CONSTRUCT {{{body}}} WHERE {{{body}}}{text[end + 1:]}"


_HAS_SLICE = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)
#: A paged query's page: ``LIMIT n }  # page`` closing the subquery that picks the rows'
#: items (statements, paths); --limit/--offset rewrite it, ``n`` is the default page.
_PAGE = re.compile(r"\bLIMIT\s+(\d+)(?:\s+OFFSET\s+\d+)?(?=\s*\}\s*#\s*page\b)", re.IGNORECASE)


def page_size(text: str) -> int | None:
    """The default page of a paged query (a ready query whose subquery marked ``# page``
    picks the items its rows are made of), or None for a query that is not paged."""
    m = _PAGE.search(text)
    return int(m.group(1)) if m else None


def with_slice(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """Apply ``--limit``/``--offset``: to a paged query's page subquery (see :func:`page_size`),
    else appended as LIMIT/OFFSET to a query that has none of its own.

    A paged query answers a page of at most ``limit`` items (default: its own page size)
    after ``offset``, looked up and sorted alone, so a page costs the same however long the
    whole answer is. Its rows are at most the items (identical rows are merged)."""
    if limit is None and offset is None:
        return text
    for name, v in (("limit", limit), ("offset", offset)):
        if v is not None and v < 0:
            raise QueryError(f"--{name} must be 0 or more")
    m = _PAGE.search(text)
    if m:
        size = int(m.group(1)) if limit is None else limit
        return text[:m.start()] + f"LIMIT {size}" + (f" OFFSET {offset}" if offset else "") + text[m.end():]
    body = "\n".join(line for line in text.rstrip().splitlines() if not line.lstrip().startswith("#")).rstrip()
    if _HAS_SLICE.search(body):
        raise QueryError("the query has its own LIMIT/OFFSET; drop --limit/--offset or edit the query")
    return body + ("" if limit is None else f"\nLIMIT {limit}") + ("" if offset is None else f"\nOFFSET {offset}")


def prepare(query: str, params: dict[str, str] | None = None, *, limit: int | None = None,
            offset: int | None = None) -> str:
    """The SPARQL text to run for QUERY (text, .rq file or ready query name), its params
    bound as RDF terms (:func:`bind_values`)."""
    text = query_text(query)
    return with_slice(bind_values(text, check_params(query, text, params)), limit, offset)


_STRINGS_AND_IRIS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_PNAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(text: str) -> list[str]:
    """Prefixes a query uses without declaring them (kg's own are predeclared)."""
    bare = _STRINGS_AND_IRIS.sub(" ", text)
    declared = set(PREFIXES) | {m.group(1) or "" for m in _PREFIX_DECL.finditer(bare)}
    used = []
    for m in _PNAME.finditer(bare):
        name = m.group(1) or ""
        if name not in declared and name not in used:
            used.append(name)
    return used


def _clear(exc: Exception, text: str = "") -> str:
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "Prefix not found" in str(exc):
        missing = undeclared_prefixes(text)
        if missing:
            return (f"Unknown namespace prefix {missing[0]!r} (undeclared prefix {missing[0]}; "
                    f"declare it with PREFIX {missing[0]}: <...>)")
        return "Unknown namespace prefix (a prefix is used without PREFIX)"
    return msg


def ox_query(store, sparql: str, **kw):
    """Run SPARQL on a pyoxigraph Store's default graph with kg's prefixes predeclared;
    errors become a QueryError with one clear line."""
    try:
        return store.query(sparql, prefixes=PREFIXES, **kw)
    except (SyntaxError, ValueError, OSError, TypeError) as exc:
        raise QueryError(f"cannot run query: {_clear(exc, sparql)}") from exc


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def run_query(source, query: str, params: dict[str, str] | None = None, *,
              limit: int | None = None, offset: int | None = None) -> QueryResult:
    """Run SPARQL (SELECT, ASK, CONSTRUCT or DESCRIBE) on a graph source, kg prefixes
    predeclared. ``source`` is a :class:`GraphSource` (a store or :func:`open_graph`), or an
    rdflib Graph/Dataset (copied into Oxigraph first; slow for big graphs)."""
    text = prepare(query, params, limit=limit, offset=offset)
    if isinstance(source, Graph):
        source = GraphFile.from_rdflib(source)
    res = ox_query(source.ox, text)
    try:
        if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":
            return QueryResult(["ask"], [[str(bool(res)).lower()]])
        if hasattr(res, "variables"):
            cols = [v.value for v in res.variables]
            return QueryResult(cols, [[_value(sol[c]) for c in cols] for sol in res])
        rows = sorted([[_value(t.subject), _value(t.predicate), _value(t.object)] for t in res])
    except (OSError, ValueError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"cannot run query: {_clear(exc, text)}") from exc
    return QueryResult(["subject", "predicate", "object"], rows)


def run_store_query(store, query: str, params: dict[str, str] | None = None, **kw) -> QueryResult:
    """Same as :func:`run_query` (kept for callers that name the store case)."""
    return run_query(store, query, params, **kw)


# ------------------------------------------------------------------ graph files

#: Graph file suffix -> pyoxigraph format name
OX_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG",
              ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML", ".xml": "RDF_XML",
              ".owl": "RDF_XML", ".n3": "N3"}


class GraphFile:
    """A graph file parsed by Oxigraph into an in-memory store (same surface as KgStore).

    Named graphs of TriG/N-Quads files stay named graphs and are merged into the default
    graph too, so queries see the merged graph exactly as on a store."""

    def __init__(self, ox_store, path: str | None = None):
        self.ox = ox_store
        self.path = path

    @classmethod
    def load(cls, path: str | Path) -> GraphFile:
        import pyoxigraph as ox

        p = Path(path)
        if not p.is_file():
            raise GraphFileError(f"{p}: no such graph file")
        fmt = OX_FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise GraphFileError(f"{p}: unknown graph format {p.suffix!r} (use {', '.join(sorted(OX_FORMATS))})")
        store = ox.Store()
        try:
            store.bulk_load(path=str(p), format=getattr(ox.RdfFormat, fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise GraphFileError(f"{p}: cannot parse as {fmt.lower().replace('_', '-')}: {str(exc).splitlines()[0]}") from exc
        if any(True for _ in store.named_graphs()):
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return cls(store, str(p))

    @classmethod
    def from_rdflib(cls, g: Graph) -> GraphFile:
        import pyoxigraph as ox

        from kg.store import _ox_term

        store = ox.Store()
        # triples(), not iteration: a Dataset iterates quads; its triples are the merged graph
        store.extend(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.DefaultGraph())
                     for s, p, o in g.triples((None, None, None)))
        return cls(store)

    def graphs(self) -> list[str]:
        """Named graphs of the file (TriG, N-Quads), sorted; none for Turtle."""
        return sorted(g.value for g in self.ox.named_graphs() if hasattr(g, "value"))

    def triples(self) -> Iterator:
        """The merged graph's triples (pyoxigraph Triples, each once)."""
        import pyoxigraph as ox

        for q in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield q.triple

    def triple_count(self) -> int:
        return sum(1 for _ in self.triples())

    def union(self) -> Graph:
        """The merged graph as an rdflib Graph (kg prefixes bound), for rdflib-only code."""
        from kg.graph import bind_prefixes
        from kg.store import _rdf_term

        g = Graph()
        bind_prefixes(g)
        for t in self.triples():
            g.add((_rdf_term(t.subject), _rdf_term(t.predicate), _rdf_term(t.object)))
        return g

    def query(self, sparql: str, **kw):
        return ox_query(self.ox, sparql, **kw)

    def close(self) -> None:
        self.ox = None


def open_graph(path: str | Path) -> GraphSource:
    """Open a graph source: a kg store folder (read-only, shared with other readers) or a
    graph file (.ttl .nt .nq .trig .jsonld .rdf), parsed by Oxigraph into memory.

    The one entry point for everything that reads a graph (``query``, ``analyze``,
    ``export``, the HTML explorer). What you get, for a store or a file alike:

    * ``source.ox`` — a pyoxigraph Store whose **default graph is the merged graph**: each
      triple once, whatever the number of articles stating it. Run SPARQL on it with
      :func:`run_query` (rows as strings) or :func:`ox_query` (pyoxigraph terms); kg's
      prefixes dip:, rdf:, rdfs: are predeclared. Do not pass use_default_graph_as_union.
    * ``source.triples()`` — the merged graph's pyoxigraph Triples, streamed;
    * ``source.union()`` — the merged graph as an rdflib Graph, prefixes bound (costly on a
      corpus: prefer SPARQL);
    * ``source.graphs()`` — the article (named) graphs' IRIs;
    * ``source.close()`` — release it (a store's reader lock).

    Raises GraphFileError / KgError with one clear line when the path is missing or bad."""
    p = Path(path)
    if p.is_dir():
        from kg.store import KgStore

        return KgStore(p, read_only=True)
    if not p.exists():
        raise GraphFileError(f"{p}: no such graph file or store")
    return GraphFile.load(p)


def format_result(r: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(r.columns, row, strict=True)) for row in r.rows],
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(r.columns)
        w.writerows([["" if c is None else c for c in row] for row in r.rows])
        return buf.getvalue()
    # table: one line per row, columns padded, long cells cut
    cells = [[("" if c is None else c).replace("\n", " ") for c in row] for row in r.rows]
    width = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(r.columns)]

    def line(vals):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "\u2026").ljust(w) for v, w in zip(vals, width, strict=True)).rstrip()

    out = [line(r.columns), line(["-" * w for w in width])] + [line(row) for row in cells]
    out.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


__all__ = ["OUTPUT_FORMATS", "GraphFile", "GraphSource", "KgError", "QueryResult", "format_result",
           "open_graph", "ox_query", "query_text", "ready_queries", "run_query"]
