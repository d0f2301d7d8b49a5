"""The persistent graph: an embedded Oxigraph store in a folder.

Each article is one named graph, its IRI derived from the SHA-256 of the article's
normalised text. Adding an article whose graph exists changes nothing; adding an edited
version of an article (same URL, or same source file name, other text) replaces the old
graph. Entities have the same IRIs in every article, so the union of the named graphs is
the merged graph ("one Blinken across the corpus"). Queries run on that union.

rdflib users get the same store as an rdflib Dataset (``KgStore.dataset()``, through
oxrdflib); kg itself talks to pyoxigraph directly, which is much faster for bulk loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import KgError
from kg.ingest import Article
from kg.iri import article_iri
from kg.namespace import DIP, SCHEMA
from kg.query import sparql_str


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


class KgStore:
    """A folder holding an Oxigraph database of articles' named graphs."""

    def __init__(self, path: str | Path):
        import pyoxigraph as ox

        self.path = Path(path)
        try:
            self.ox = ox.Store(str(self.path))
        except OSError as exc:
            raise KgError(f"{self.path}: cannot open the store ({exc}); is another kg using it?") from exc

    # ------------------------------------------------------------ writing

    def add_article(self, article: Article, g: Graph) -> str:
        """Store one article's graph; returns "added", "unchanged" or "replaced"."""
        import pyoxigraph as ox

        name = ox.NamedNode(str(article_iri(article.content_hash)))
        if self.ox.contains_named_graph(name):
            return "unchanged"
        old = self._older_versions(article, str(name))
        for o in old:
            self.ox.remove_graph(ox.NamedNode(o))
        self.ox.extend(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), name) for s, p, o in g)
        return "replaced" if old else "added"

    def _older_versions(self, article: Article, keep: str) -> list[str]:
        """Graphs of earlier texts of the same article (same URL, else same file name)."""
        if article.url:
            q = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a <{SCHEMA.url}> ?u FILTER(STR(?u) = {sparql_str(article.url)}) }} }}'
        else:
            src = article.source.rsplit("/", 1)[-1]
            q = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a <{DIP.sourcePath}> {sparql_str(src)} }} }}'
        return sorted(r["g"].value for r in self.ox.query(q) if r["g"].value != keep)

    def flush(self) -> None:
        self.ox.flush()

    # ------------------------------------------------------------ reading

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def __len__(self) -> int:
        return len(self.ox)

    def quads(self) -> Iterator[tuple]:
        for q in self.ox.quads_for_pattern(None, None, None, None):
            yield (_rdf_term(q.subject), _rdf_term(q.predicate), _rdf_term(q.object),
                   URIRef(q.graph_name.value) if hasattr(q.graph_name, "value") else None)

    def graph(self, name: str) -> Graph:
        import pyoxigraph as ox

        g = Graph(identifier=URIRef(name))
        for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            g.add((_rdf_term(q.subject), _rdf_term(q.predicate), _rdf_term(q.object)))
        return g

    def union(self) -> Graph:
        """The merged graph (all articles) as an in-memory rdflib Graph."""
        g = Graph()
        for s, p, o, _ in self.quads():
            g.add((s, p, o))
        return g

    def query(self, sparql: str):
        """Run SPARQL on the union of the articles' graphs (pyoxigraph results)."""
        try:
            return self.ox.query(sparql, use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError) as exc:
            from kg.errors import QueryError

            raise QueryError(f"cannot run query: {exc}") from exc

    def dump(self, fh, fmt: str) -> None:
        """Stream the store to an open binary file as N-Quads or TriG (graphs kept)."""
        import pyoxigraph as ox

        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in formats:
            raise KgError(f"a store exports as {' or '.join(formats)} (named graphs kept); got {fmt!r}")
        self.ox.dump(fh, formats[fmt])

    def dataset(self):
        """The store as an rdflib Dataset (via oxrdflib), for rdflib users."""
        from oxrdflib.store import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)


def add_all(store: KgStore, items: Iterable[tuple[Article, Graph]]) -> dict[str, int]:
    counts = {"added": 0, "unchanged": 0, "replaced": 0}
    for article, g in items:
        counts[store.add_article(article, g)] += 1
    store.flush()
    return counts
