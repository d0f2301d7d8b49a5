"""SPARQL over a graph file, and the ready queries shipped in ``ontology/queries``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.errors import QueryError
from kg.namespace import DIP
from kg.settings import ontology_dir

OUTPUT_FORMATS = ("table", "csv", "json")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[str | None]]


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


_PARAM = __import__("re").compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def sparql_str(value: str) -> str:
    """A SPARQL string literal holding ``value`` exactly."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def bind_params(text: str, params: dict[str, str]) -> str:
    """Put ``--param name=value`` into a query: every ``$name`` becomes a SPARQL string."""
    def sub(m):
        name = m.group(1)
        if name not in params:
            raise QueryError(f"the query needs --param {name}=VALUE")
        return sparql_str(params[name])

    return _PARAM.sub(sub, text)


def _cell(v) -> str | None:
    if v is None:
        return None
    return str(v)


def run_query(g: Graph, query: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL (SELECT, ASK, CONSTRUCT or DESCRIBE) with the kg prefixes predeclared."""
    text = bind_params(query_text(query), params or {})
    try:
        res = g.query(text, initNs={"dip": DIP._NS, "rdf": RDF, "rdfs": RDFS})
    except Exception as exc:  # pyparsing and rdflib raise assorted exception types
        raise QueryError(f"cannot run query: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    if res.type == "ASK":
        return QueryResult(["ask"], [[str(bool(res.askAnswer)).lower()]])
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted([[_cell(s), _cell(p), _cell(o)] for s, p, o in res.graph])
        return QueryResult(["subject", "predicate", "object"], rows)
    cols = [str(v) for v in res.vars]
    return QueryResult(cols, [[_cell(row[c]) for c in cols] for row in res])


def run_store_query(store, query: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL on a store's union graph, with the kg prefixes predeclared."""
    text = bind_params(query_text(query), params or {})
    prefixes = (f"PREFIX dip: <{DIP._NS}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n")
    res = store.query(prefixes + text)
    if isinstance(res, bool):
        return QueryResult(["ask"], [[str(res).lower()]])
    if hasattr(res, "variables"):
        cols = [v.value for v in res.variables]
        rows = []
        for sol in res:
            rows.append([None if sol[c] is None else sol[c].value for c in cols])
        return QueryResult(cols, rows)
    rows = sorted([[t.subject.value, t.predicate.value, t.object.value] for t in res])
    return QueryResult(["subject", "predicate", "object"], rows)


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


__all__ = ["OUTPUT_FORMATS", "QueryResult", "format_result", "query_text", "ready_queries", "run_query"]
