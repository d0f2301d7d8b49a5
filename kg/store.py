"""The persistent graph: an embedded Oxigraph store in a folder.

Layout (one Oxigraph database):

* each article is one **named graph**, its IRI derived from the SHA-256 of the article's
  normalised text; it holds exactly the triples ``kg build`` writes for that article;
* the **default graph is the merged graph**: the set union of the article graphs, each
  triple once, however many articles state it. An entity's type, labels and sameAs are in
  it once, not once per article that mentions the entity, so queries (which run on the
  default graph) join over the same triples as on a graph file of the same articles;
* a small **index graph** (``…/id/store/index``) maps each article graph to the article's
  identity: its URL when known, else the full path of its source (or an explicit id).

Adding an article whose graph exists changes nothing. Adding a new text of a known
identity replaces the old graph; triples of the merged graph are removed only when no
other article still states them (reference counting by look-up, per triple). Many new
articles at once go through Oxigraph's bulk loader (:meth:`KgStore.add_articles`).

Safety: one writer at a time (an advisory lock file, ``kg-writer.lock`` in the folder,
holding the writer's PID; readers share it). Every change is either one Oxigraph
transaction or a bulk load framed by a journal entry: a build killed at any point leaves
a store that opens, and the next writer (or reader) finishes or undoes the interrupted
load, so running the same build again ends equal to a clean build.

rdflib users get the same store as an rdflib Dataset (``KgStore.dataset()``, through
oxrdflib); kg itself talks to pyoxigraph directly, which is much faster.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import KgError
from kg.ingest import Article
from kg.iri import article_iri
from kg.namespace import RESOURCE_IRI

#: Named graphs whose IRI starts with this are articles; everything else is kg's bookkeeping.
ARTICLE_PREFIX = f"{RESOURCE_IRI}article/"
_META = f"{RESOURCE_IRI}store/"
INDEX_GRAPH = f"{_META}index"
JOURNAL_GRAPH = f"{_META}journal"
_IDENTITY = f"{_META}identity"
_PENDING = f"{_META}pending"
_REBUILD = f"{_META}rebuildDefaultGraph"
_VERSION = f"{_META}formatVersion"
FORMAT_VERSION = "2"
LOCK_NAME = "kg-writer.lock"
#: New articles in one add_articles call from which the bulk loader is used.
BULK_MIN = 2


def _ox_term(t):
    import pyoxigraph as ox

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"cannot store {t!r}")


def _rdf_term(t):
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value if t.datatype else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return Literal(t.value, datatype=URIRef(dt) if dt else None)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    return None


def iri_ref(iri: str) -> str:
    """``<iri>`` for a SPARQL text, refusing anything that could end the IRI early.

    Graph and entity IRIs come from kg.iri and from stores and files users hand us; a
    ``>`` or a space in one would let text after it run as SPARQL."""
    bad = set('<>"{}|^`\\ \t\r\n')
    if not iri or any(c in bad or ord(c) < 0x20 for c in iri):
        raise KgError(f"not a valid IRI for a query: {iri!r}")
    return f"<{iri}>"


def identity_of(article: Article, explicit: str | None = None) -> str | None:
    """What makes two texts versions of one article: an explicit id, else the URL, else
    the full path of the source file (plus the line for JSON Lines); never the base name.
    Text read from stdin without URL or id has no identity: it replaces nothing."""
    if explicit:
        return explicit
    if article.url:
        return article.url
    src = article.source
    if not src or src == "<stdin>":
        return None
    head, sep, tail = src.rpartition(":")
    if sep and tail.isdigit() and head and Path(head).is_file():
        return f"file://{Path(head).resolve()}:{tail}"
    return f"file://{Path(src).resolve()}"


@dataclass
class AddReport:
    """What :meth:`KgStore.add_articles` did, article by article."""

    added: list[str] = field(default_factory=list)  # article graph IRIs
    unchanged: list[str] = field(default_factory=list)
    #: (new graph, identity, old graphs it replaced)
    replaced: list[tuple[str, str, list[str]]] = field(default_factory=list)
    bulk: bool = False

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "replaced": len(self.replaced), "unchanged": len(self.unchanged)}


class StoreInUse(KgError):
    """Another process holds the store."""


class KgStore:
    """A folder holding an Oxigraph database of articles' named graphs and their union.

    ``KgStore(path)`` opens (creating if needed) for writing and holds the writer lock
    until :meth:`close` (or garbage collection); ``KgStore(path, read_only=True)`` opens an
    existing store for queries, shared with other readers. Both raise
    :class:`StoreInUse` ("store is in use by PID n") at once when the other kind holds it.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._lock_fh = None
        if read_only and not self.path.is_dir():
            raise KgError(f"{self.path}: no such store")
        ours = (self.path / LOCK_NAME).exists()  # kg has opened this folder before
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock(shared=read_only)
        if read_only and not (self.path / "CURRENT").exists():
            # a folder with kg's lock file but no database is a store whose first build was
            # killed before Oxigraph finished creating it: it opens as an empty store
            if not ours:
                self._unlock()
                raise KgError(f"{self.path}: no such store")
            self._unlock()
            KgStore(self.path).close()
            self._lock(shared=True)
        self.ox = self._open()
        if self._needs_repair():
            if read_only:
                # an interrupted build: finish it now, as the next writer would
                self.close()
                self.read_only = False
                self._lock(shared=False)
                self.ox = self._open()
                self.repair()
                self.close()
                self.read_only = True
                self._lock(shared=True)
                self.ox = self._open()
            else:
                self.repair()

    # ------------------------------------------------------------ opening and locking

    def _lock(self, shared: bool) -> None:
        import fcntl

        fh = open(self.path / LOCK_NAME, "a+")  # noqa: SIM115 - held for the store's life
        try:
            fcntl.flock(fh, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:
            readers = False
            if not shared:  # held by readers (shared) or by a writer?
                try:
                    fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    readers = True
                except OSError:
                    pass
            fh.seek(0)
            pid = fh.read().strip() or "?"
            fh.close()
            who = "readers (queries or exports)" if readers else f"PID {pid}"
            raise StoreInUse(f"{self.path}: store is in use by {who}; try again when it has finished") from None
        if not shared:
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
        self._lock_fh = fh

    def _open(self):
        import pyoxigraph as ox

        try:
            if self.read_only:
                try:
                    return ox.Store.read_only(str(self.path))
                except (OSError, RuntimeError):
                    # a first build killed while Oxigraph created its files: opening it for
                    # writing completes them (if no one else holds it)
                    self._unlock()
                    KgStore(self.path).close()
                    self._lock(shared=True)
                    return ox.Store.read_only(str(self.path))
            return ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            self._unlock()
            raise KgError(f"{self.path}: cannot open the store ({exc})") from exc

    def _unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()  # closing releases the flock
            self._lock_fh = None

    def close(self) -> None:
        """Flush, release the database and the lock (the object is unusable after)."""
        if getattr(self, "ox", None) is not None:
            if not self.read_only:
                with contextlib.suppress(OSError):
                    self.ox.flush()
            self.ox = None
        self._unlock()

    def __enter__(self) -> KgStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        with contextlib.suppress(Exception):
            self.close()

    # ------------------------------------------------------------ crash safety

    def _meta(self, pred: str) -> list:
        import pyoxigraph as ox

        return list(self.ox.quads_for_pattern(None, ox.NamedNode(pred), None, ox.NamedNode(JOURNAL_GRAPH)))

    def _needs_repair(self) -> bool:
        import pyoxigraph as ox

        if self._meta(_PENDING) or self._meta(_REBUILD):
            return True
        # a store written before the merged default graph existed
        versioned = self._meta(_VERSION)
        return not versioned and any(
            g.value.startswith(ARTICLE_PREFIX) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def repair(self) -> None:
        """Undo an interrupted bulk load and rebuild the merged default graph.

        Idempotent: the journal entries are removed only once everything is done, so a
        repair killed half-way is simply done again by the next opener."""
        import pyoxigraph as ox

        jg = ox.NamedNode(JOURNAL_GRAPH)
        marker = ox.Quad(ox.NamedNode(_META), ox.NamedNode(_REBUILD), ox.Literal("true"), jg)
        self.ox.add(marker)
        for q in self._meta(_PENDING):
            g = q.subject
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)
            self.ox.update(f"DELETE WHERE {{ GRAPH {iri_ref(INDEX_GRAPH)} {{ {iri_ref(g.value)} ?p ?o }} }}")
            self.ox.remove(q)
        self.ox.clear_graph(ox.DefaultGraph())
        self.ox.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in self.ox.quads_for_pattern(None, None, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ARTICLE_PREFIX))
        self._set_version()
        self.ox.remove(marker)
        self.ox.flush()

    def _set_version(self) -> None:
        import pyoxigraph as ox

        jg = ox.NamedNode(JOURNAL_GRAPH)
        for q in self._meta(_VERSION):
            self.ox.remove(q)
        self.ox.add(ox.Quad(ox.NamedNode(_META), ox.NamedNode(_VERSION), ox.Literal(FORMAT_VERSION), jg))

    # ------------------------------------------------------------ writing

    def _writable(self) -> None:
        if self.read_only or self.ox is None:
            raise KgError(f"{self.path}: the store is open read-only")

    def add_article(self, article: Article, g, *, identity: str | None = None) -> str:
        """Store one article's graph; returns "added", "unchanged" or "replaced"."""
        rep = self.add_articles([(article, g)], identities={article.content_hash: identity} if identity else None)
        return "unchanged" if rep.unchanged else "replaced" if rep.replaced else "added"

    def add_articles(self, items: Iterable[tuple[Article, object]], *,
                     identities: dict[str, str] | None = None) -> AddReport:
        """Add many articles at once; the bulk entry point for pipelines.

        ``items`` yields ``(article, triples)`` where ``triples`` is an rdflib Graph (or any
        iterable of rdflib triples) or the article's N-Quads / N-Triples as ``bytes`` (the
        graph names in the bytes are ignored: each article gets its own named graph, so a
        Dask worker can ship ``article_triples(...)`` serialised as N-Triples). The items are
        consumed once; hold at most a batch in memory (a few hundred articles) per call.

        For each article: if its graph exists, nothing changes ("unchanged", also for a
        second copy within the batch); if the store holds another text of the same identity
        (:func:`identity_of`, or ``identities[content_hash]``), that old graph is removed in
        the same step and the article is "replaced"; otherwise it is "added". New articles
        are written with Oxigraph's bulk loader when there are at least :data:`BULK_MIN` of
        them, framed by a journal entry so an interrupted load is undone on the next open;
        replacements each run as one transaction. Returns an :class:`AddReport`."""
        import pyoxigraph as ox

        self._writable()
        identities = identities or {}
        report = AddReport()
        fresh: list[tuple[str, str | None, list]] = []
        seen: set[str] = set()
        for article, triples in items:
            name = str(article_iri(article.content_hash))
            if name in seen or self.ox.contains_named_graph(ox.NamedNode(name)):
                report.unchanged.append(name)
                continue
            seen.add(name)
            ident = identities.get(article.content_hash) or identity_of(article)
            quads = self._quads(name, triples)
            old = self._graphs_of(ident, keep=name) if ident else []
            if old:
                self._replace(name, ident, quads, old)
                report.replaced.append((name, ident, old))
            else:
                fresh.append((name, ident, quads))
        if len(fresh) >= BULK_MIN:
            self._bulk_add(fresh)
            report.bulk = True
        else:
            for name, ident, quads in fresh:
                self.ox.extend(self._with_union_and_index(name, ident, quads))
        report.added.extend(name for name, _, _ in fresh)
        if fresh or report.replaced:
            self._ensure_version()
        return report

    def _ensure_version(self) -> None:
        if not self._meta(_VERSION):
            self._set_version()

    @staticmethod
    def _quads(name: str, triples) -> list:
        import pyoxigraph as ox

        gname = ox.NamedNode(name)
        if isinstance(triples, bytes | bytearray):
            return [ox.Quad(q.subject, q.predicate, q.object, gname)
                    for q in ox.parse(bytes(triples), ox.RdfFormat.N_QUADS)]
        return [ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), gname) for s, p, o in triples]

    @staticmethod
    def _with_union_and_index(name: str, ident: str | None, quads: list) -> list:
        import pyoxigraph as ox

        out = list(quads)
        out.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
        if ident:
            out.append(ox.Quad(ox.NamedNode(name), ox.NamedNode(_IDENTITY), ox.Literal(ident),
                               ox.NamedNode(INDEX_GRAPH)))
        return out

    def _bulk_add(self, fresh: list) -> None:
        import pyoxigraph as ox

        jg = ox.NamedNode(JOURNAL_GRAPH)
        journal = [ox.Quad(ox.NamedNode(name), ox.NamedNode(_PENDING), ox.Literal("true"), jg)
                   for name, _, _ in fresh]
        self.ox.extend(journal)  # one transaction: from here on a crash is undone on open
        self.ox.bulk_extend(q for name, ident, quads in fresh for q in self._with_union_and_index(name, ident, quads))
        self.ox.flush()
        self.ox.update(f"DELETE WHERE {{ GRAPH {iri_ref(JOURNAL_GRAPH)} {{ ?g {iri_ref(_PENDING)} ?o }} }}")

    def _replace(self, name: str, ident: str, quads: list, old: list[str]) -> None:
        """Remove the old versions and add the new one in one transaction."""
        from kg.query import sparql_str

        ops = []
        for o in old:
            ref = iri_ref(o)
            # a merged triple goes only if no other article (but the one being replaced) states it
            ops.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {ref} {{ ?s ?p ?o }} "
                       f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {ref}) }} }}")
            ops.append(f"DROP SILENT GRAPH {ref}")
            ops.append(f"DELETE WHERE {{ GRAPH {iri_ref(INDEX_GRAPH)} {{ {ref} ?p ?o }} }}")
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        ops.append(f"INSERT DATA {{ {body}\n GRAPH {iri_ref(name)} {{ {body} }}\n"
                   f" GRAPH {iri_ref(INDEX_GRAPH)} {{ {iri_ref(name)} {iri_ref(_IDENTITY)} {sparql_str(ident)} }} }}")
        self.ox.update(" ;\n".join(ops))  # one SPARQL update request is one transaction

    def remove_article(self, name: str) -> bool:
        """Remove one article graph (and the merged triples only it stated)."""
        import pyoxigraph as ox

        self._writable()
        if not self.ox.contains_named_graph(ox.NamedNode(name)):
            return False
        ref = iri_ref(name)
        self.ox.update(
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {ref} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {ref}) }} }} ;\n"
            f"DROP SILENT GRAPH {ref} ;\n"
            f"DELETE WHERE {{ GRAPH {iri_ref(INDEX_GRAPH)} {{ {ref} ?p ?o }} }}")
        return True

    def _graphs_of(self, ident: str, keep: str) -> list[str]:
        """Graphs of other texts with the same identity."""
        import pyoxigraph as ox

        found = self.ox.quads_for_pattern(None, ox.NamedNode(_IDENTITY), ox.Literal(ident), ox.NamedNode(INDEX_GRAPH))
        return sorted(q.subject.value for q in found if q.subject.value != keep)

    def identity(self, name: str) -> str | None:
        """The identity (URL or path) the store knows an article graph by."""
        import pyoxigraph as ox

        for q in self.ox.quads_for_pattern(ox.NamedNode(name), ox.NamedNode(_IDENTITY), None, ox.NamedNode(INDEX_GRAPH)):
            return q.object.value
        return None

    def flush(self) -> None:
        if not self.read_only:
            self.ox.flush()

    # ------------------------------------------------------------ reading

    def graphs(self) -> list[str]:
        """The article graphs' IRIs, sorted."""
        import pyoxigraph as ox

        return sorted(g.value for g in self.ox.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value.startswith(ARTICLE_PREFIX))

    def __contains__(self, name: str) -> bool:
        import pyoxigraph as ox

        return self.ox.contains_named_graph(ox.NamedNode(name))

    def __len__(self) -> int:
        """Quads in the article graphs (the merged graph and the index not counted)."""
        return sum(1 for _ in self._article_quads())

    def triple_count(self) -> int:
        """Triples of the merged graph (each once)."""
        import pyoxigraph as ox

        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def _article_quads(self):
        import pyoxigraph as ox

        for q in self.ox.quads_for_pattern(None, None, None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value.startswith(ARTICLE_PREFIX):
                yield q

    def quads(self) -> Iterator[tuple]:
        """(s, p, o, graph) of every article graph, as rdflib terms."""
        for q in self._article_quads():
            yield (_rdf_term(q.subject), _rdf_term(q.predicate), _rdf_term(q.object), URIRef(q.graph_name.value))

    def graph(self, name: str) -> Graph:
        import pyoxigraph as ox

        g = Graph(identifier=URIRef(name))
        for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            g.add((_rdf_term(q.subject), _rdf_term(q.predicate), _rdf_term(q.object)))
        return g

    def triples(self) -> Iterator:
        """The merged graph's triples as pyoxigraph terms (each triple once)."""
        import pyoxigraph as ox

        for q in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield q.triple

    def union(self) -> Graph:
        """The merged graph (all articles) as an in-memory rdflib Graph, kg prefixes bound."""
        from kg.graph import bind_prefixes

        g = Graph()
        bind_prefixes(g)
        for t in self.triples():
            g.add((_rdf_term(t.subject), _rdf_term(t.predicate), _rdf_term(t.object)))
        return g

    def query(self, sparql: str, **kw):
        """Run SPARQL on the merged graph (pyoxigraph results). Use kg.query.run_query for
        rows with kg's prefixes predeclared."""
        from kg.query import ox_query

        return ox_query(self.ox, sparql, **kw)

    def dump(self, fh, fmt: str) -> None:
        """Stream the article graphs to an open binary file as N-Quads or TriG."""
        import pyoxigraph as ox

        from kg.graph import PREFIXES

        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in formats:
            raise KgError(f"a store exports as {' or '.join(formats)} (named graphs kept); got {fmt!r}")
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt == "trig" else None
        ox.serialize(self._article_quads(), fh, formats[fmt], prefixes=prefixes)

    def dataset(self):
        """The store as an rdflib Dataset (via oxrdflib), for rdflib users."""
        from oxrdflib.store import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.ox), default_union=False)


def add_all(store: KgStore, items: Iterable[tuple[Article, Graph]]) -> dict[str, int]:
    return store.add_articles(items).counts()
