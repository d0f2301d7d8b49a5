"""Push graphs into a running SPARQL 1.1 server, named graphs kept.

For each named graph: the Graph Store HTTP Protocol first (``PUT`` the first batch, which
replaces the graph, then ``POST`` the rest), so loading twice leaves the server as
loading once. A server without the protocol gets SPARQL Update instead (``DROP SILENT
GRAPH``, then ``INSERT DATA`` batches small enough for Virtuoso's limit). Nothing is
changed locally; a failure is reported with what did and did not arrive.

One HTTP client (httpx) serves the whole load, so connections are kept alive. A transient
failure (a refused or dropped connection, a timeout, HTTP 429/502/503/504) is retried
with exponential backoff; as each graph is replaced whole from its first request, a
retried graph is loaded again from its start and never ends up half-duplicated. With
``resume=True`` a graph the server already holds identically (same triples) is skipped,
so a load that stopped half-way goes on where it stopped.

Graph names enter SPARQL only through :func:`sparql_iri`, which refuses anything that is
not an absolute IRI that SPARQL can quote (no ``<>"{}|^`\\``, spaces or control
characters), so a graph name cannot change the meaning of an update.

Endpoints, by default Oxigraph's layout under ``--endpoint BASE``: ``BASE/store`` (graph
store), ``BASE/update`` and ``BASE/query``; Fuseki and others take ``--gsp``, ``--update``
and ``--query`` URLs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef

from kg.errors import KgError

BATCH = 1000  # triples per request (Virtuoso refuses larger INSERT DATA requests)
RETRIES = 4  # further attempts after a transient failure
BACKOFF = 0.25  # seconds before the first retry; doubled before each next one
TRANSIENT_STATUS = {429, 502, 503, 504}

# SPARQL 1.1 IRIREF: ([^<>"{}|^`\]-[#x00-#x20])*, and an absolute IRI has a scheme.
_IRIREF = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20\x7f]*')


def sparql_iri(name: str) -> str:
    """``<name>`` for SPARQL text, or a KgError when ``name`` is not an IRI SPARQL can hold."""
    if not isinstance(name, str) or not _IRIREF.fullmatch(name):
        raise KgError(f"not a graph IRI that SPARQL can hold: {name!r} (an absolute IRI without "
                      "spaces, control characters or any of <>\"{}|^`\\)")
    return f"<{name}>"


@dataclass
class Endpoint:
    """Where a server takes graphs. Holds one HTTP client for all requests (keep-alive)."""

    gsp: str | None
    update: str | None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    query: str | None = None
    retries: int = RETRIES
    backoff: float = BACKOFF
    _client: object = field(default=None, repr=False)
    _auth: object = field(default=None, repr=False)

    @classmethod
    def from_base(cls, base: str, **kw) -> Endpoint:
        base = base.rstrip("/")
        return cls(gsp=f"{base}/store", update=f"{base}/update", query=f"{base}/query", **kw)

    @property
    def client(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self.timeout, follow_redirects=True)
            if self.user:
                # the server's challenge decides: digest (Virtuoso's -auth endpoints) first,
                # basic when the server asks for it (see _send)
                self._auth = httpx.DigestAuth(self.user, self.password or "")
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already on the server (resume)
    triples: int = 0
    method: str = "graph store"
    retries: int = 0  # transient failures that a retry got past


class _NoGsp(Exception):
    pass


class _Transient(Exception):
    pass


def _send(ep: Endpoint, method: str, url: str, body: bytes | None, headers: dict[str, str]):
    import httpx

    client = ep.client
    try:
        resp = client.request(method, url, content=body, headers=headers, auth=ep._auth)
        if resp.status_code == 401 and ep.user and \
                resp.headers.get("www-authenticate", "").lower().startswith("basic"):
            ep._auth = httpx.BasicAuth(ep.user, ep.password or "")
            resp = client.request(method, url, content=body, headers=headers, auth=ep._auth)
    except httpx.TransportError as exc:  # refused, dropped, timed out
        raise _Transient(f"cannot reach {url}: {exc or type(exc).__name__} (is the server running?)") from exc
    if resp.status_code in TRANSIENT_STATUS:
        raise _Transient(f"{url}: the server is unavailable (HTTP {resp.status_code})")
    return resp


def _request(ep: Endpoint, method: str, url: str, body: bytes, ctype: str) -> None:
    resp = _send(ep, method, url, body, {"Content-Type": ctype})
    if resp.status_code >= 400:
        detail = resp.text[:300].strip().replace("\n", " ")
        if resp.status_code in (404, 405, 415, 501) and url.startswith(ep.gsp or "\0") \
                and ctype == "application/n-triples":
            raise _NoGsp(f"HTTP {resp.status_code}")
        raise KgError(f"{url}: the server refused the request "
                      f"(HTTP {resp.status_code}: {detail or resp.reason_phrase})")


def _batches(g: Graph, size: int) -> Iterable[Graph]:
    triples = sorted(g, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    for i in range(0, max(1, len(triples)), size):
        b = Graph()
        for t in triples[i:i + size]:
            b.add(t)
        yield b


def _nt(g: Graph) -> bytes:
    return g.serialize(format="nt", encoding="utf-8")


def _gsp_target(ep: Endpoint, name: str | None) -> str:
    import urllib.parse

    return f"{ep.gsp}?{'graph=' + urllib.parse.quote(name, safe='') if name else 'default'}"


def _load_gsp(ep: Endpoint, name: str | None, g: Graph, size: int) -> None:
    target = _gsp_target(ep, name)
    for i, b in enumerate(_batches(g, size)):
        _request(ep, "PUT" if i == 0 else "POST", target, _nt(b), "application/n-triples")


def _load_update(ep: Endpoint, name: str | None, g: Graph, size: int) -> None:
    if not ep.update:
        raise KgError("the server has no graph store endpoint and no --update URL was given")
    where = f"GRAPH {sparql_iri(name)}" if name else "DEFAULT"
    _request(ep, "POST", ep.update, f"DROP SILENT {where}".encode(), "application/sparql-update")
    for b in _batches(g, size):
        body = _nt(b).decode("utf-8")
        wrap = (f"INSERT DATA {{ GRAPH {sparql_iri(name)} {{\n{body}}} }}" if name
                else f"INSERT DATA {{\n{body}}}")
        _request(ep, "POST", ep.update, wrap.encode("utf-8"), "application/sparql-update")


def server_graph(ep: Endpoint, name: str | None) -> Graph | None:
    """The server's copy of one graph (None when it has none), by the graph store
    protocol, else by a CONSTRUCT on the query endpoint."""
    accept = {"Accept": "application/n-triples"}
    if ep.gsp:
        resp = _send(ep, "GET", _gsp_target(ep, name), None, accept)
    elif ep.query:
        where = f"GRAPH {sparql_iri(name)} {{ ?s ?p ?o }}" if name else "?s ?p ?o"
        resp = _send(ep, "POST", ep.query, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}".encode(),
                     {**accept, "Content-Type": "application/sparql-query"})
    else:
        raise KgError("--resume reads the server's graphs: give --endpoint, --gsp or --query")
    if resp.status_code == 404:
        return None
    if resp.status_code >= 400:
        raise KgError(f"{resp.request.url}: cannot read a graph back (HTTP {resp.status_code})")
    try:
        return Graph().parse(data=resp.text, format="nt")
    except Exception as exc:  # rdflib raises assorted parser errors
        raise KgError(f"{resp.request.url}: the server's answer is not N-Triples ({exc})") from exc


def _same(local: Graph, remote: Graph | None) -> bool:
    if remote is None or len(remote) != len(local):
        return False
    if any(isinstance(x, BNode) for t in local for x in t):
        from rdflib.compare import isomorphic

        return isomorphic(local, remote)
    return set(local) == set(remote)


def _with_retries(ep: Endpoint, report: LoadReport, action: Callable[[], None]) -> None:
    delay = ep.backoff
    for attempt in range(ep.retries + 1):
        try:
            action()
            return
        except _Transient as exc:
            if attempt == ep.retries:
                raise KgError(f"{exc}; gave up after {ep.retries + 1} attempts") from exc
            report.retries += 1
            time.sleep(delay)
            delay *= 2


def load(graphs: Iterable[tuple[str | None, Graph]], ep: Endpoint, *, batch: int = BATCH,
         progress: Callable[[int, str | None, int], None] | None = None, use_update: bool = False,
         resume: bool = False) -> LoadReport:
    """Load (name, graph) pairs; ``None`` is the default graph. Transient failures are
    retried (``ep.retries`` times, with backoff); the load stops at the first failure that
    persists (the server is down or refuses), reporting what arrived. With ``resume``,
    graphs the server already holds identically are skipped."""
    report = LoadReport(method="SPARQL update" if use_update or not ep.gsp else "graph store")
    try:
        for n, (name, g) in enumerate(graphs, 1):
            label = name or "(default graph)"
            try:
                if name is not None:
                    sparql_iri(name)  # refuse a name SPARQL cannot hold before sending anything
                if resume:
                    held: list[Graph | None] = []
                    _with_retries(ep, report, lambda name=name, held=held: held.append(server_graph(ep, name)))
                    if _same(g, held[0]):
                        report.skipped.append(label)
                        if progress:
                            progress(n, name, len(g))
                        continue

                def one(name=name, g=g) -> None:
                    if report.method == "graph store":
                        try:
                            _load_gsp(ep, name, g, batch)
                            return
                        except _NoGsp:
                            report.method = "SPARQL update"
                    _load_update(ep, name, g, batch)

                _with_retries(ep, report, one)
            except KgError as exc:
                report.failed.append((label, str(exc)))
                break
            report.loaded.append(label)
            report.triples += len(g)
            if progress:
                progress(n, name, len(g))
    finally:
        ep.close()
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
