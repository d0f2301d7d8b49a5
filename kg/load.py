"""Push graphs into a running SPARQL 1.1 server, named graphs kept.

For each named graph: the Graph Store HTTP Protocol first (``PUT`` the first batch, which
replaces the graph, then ``POST`` the rest), so loading twice leaves the server as
loading once. A server without the protocol gets SPARQL Update instead (``DROP SILENT
GRAPH``, then ``INSERT DATA`` batches small enough for Virtuoso's limit). Nothing is
changed locally; a failure is reported with what did and did not arrive.

Endpoints, by default Oxigraph's layout under ``--endpoint BASE``: ``BASE/store`` (graph
store) and ``BASE/update``; Fuseki and others take ``--gsp`` and ``--update`` URLs.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from kg.errors import KgError

BATCH = 1000  # triples per request (Virtuoso refuses larger INSERT DATA requests)


@dataclass
class Endpoint:
    gsp: str | None
    update: str | None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0

    @classmethod
    def from_base(cls, base: str, **kw) -> Endpoint:
        base = base.rstrip("/")
        return cls(gsp=f"{base}/store", update=f"{base}/update", **kw)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    method: str = "graph store"


class _NoGsp(Exception):
    pass


def _request(ep: Endpoint, method: str, url: str, body: bytes, ctype: str) -> None:
    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype})
    opener = urllib.request.build_opener()
    if ep.user:
        # answer the server's challenge, basic or digest (Virtuoso's -auth endpoints want digest)
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, ep.user, ep.password or "")
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(mgr),
                                             urllib.request.HTTPBasicAuthHandler(mgr))
    try:
        with opener.open(req, timeout=ep.timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
        if exc.code in (404, 405, 415, 501) and "/update" not in url and ctype == "application/n-triples":
            raise _NoGsp(f"HTTP {exc.code}") from exc
        raise KgError(f"{url}: the server refused the request (HTTP {exc.code}: {detail or exc.reason})") from exc
    except urllib.error.URLError as exc:
        raise KgError(f"cannot reach {url}: {exc.reason} (is the server running?)") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise KgError(f"cannot reach {url}: {exc}") from exc


def _batches(g: Graph, size: int) -> Iterable[Graph]:
    triples = sorted(g, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    for i in range(0, max(1, len(triples)), size):
        b = Graph()
        for t in triples[i:i + size]:
            b.add(t)
        yield b


def _nt(g: Graph) -> bytes:
    return g.serialize(format="nt", encoding="utf-8")


def _load_gsp(ep: Endpoint, name: str | None, g: Graph, size: int) -> None:
    target = f"{ep.gsp}?{'graph=' + urllib.parse.quote(name, safe='') if name else 'default'}"
    for i, b in enumerate(_batches(g, size)):
        _request(ep, "PUT" if i == 0 else "POST", target, _nt(b), "application/n-triples")


def _load_update(ep: Endpoint, name: str | None, g: Graph, size: int) -> None:
    if not ep.update:
        raise KgError("the server has no graph store endpoint and no --update URL was given")
    where = f"GRAPH <{name}>" if name else "DEFAULT"
    _request(ep, "POST", ep.update, f"DROP SILENT {where}".encode(), "application/sparql-update")
    for b in _batches(g, size):
        body = _nt(b).decode("utf-8")
        wrap = f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}" if name else f"INSERT DATA {{\n{body}}}"
        _request(ep, "POST", ep.update, wrap.encode("utf-8"), "application/sparql-update")


def load(graphs: Iterable[tuple[str | None, Graph]], ep: Endpoint, *, batch: int = BATCH,
         progress: Callable[[int, str | None, int], None] | None = None, use_update: bool = False) -> LoadReport:
    """Load (name, graph) pairs; ``None`` is the default graph. Stops at the first failure
    (the server is down or refuses), reporting what arrived."""
    report = LoadReport(method="SPARQL update" if use_update or not ep.gsp else "graph store")
    for n, (name, g) in enumerate(graphs, 1):
        try:
            if report.method == "graph store":
                try:
                    _load_gsp(ep, name, g, batch)
                except _NoGsp:
                    report.method = "SPARQL update"
                    _load_update(ep, name, g, batch)
            else:
                _load_update(ep, name, g, batch)
        except KgError as exc:
            report.failed.append((name or "(default graph)", str(exc)))
            break
        report.loaded.append(name or "(default graph)")
        report.triples += len(g)
        if progress:
            progress(n, name, len(g))
    return report


def graphs_of_store(store) -> Iterable[tuple[str, Graph]]:
    for name in store.graphs():
        yield name, store.graph(name)


def graphs_of_file(ds) -> list[tuple[str | None, Graph]]:
    """The named graphs of a parsed file (TriG, N-Quads), or its default graph."""
    out: list[tuple[str | None, Graph]] = []
    default = Graph()
    for g in ds.graphs():
        if not len(g):
            continue
        if isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default":
            h = Graph()
            for t in g:
                h.add(t)
            out.append((str(g.identifier), h))
        else:
            for t in g:
                default.add(t)
    if len(default):
        out.insert(0, (None, default))
    return sorted(out, key=lambda x: x[0] or "")
