"""Load the graph into FalkorDB, a property-graph database queried with Cypher.

The property graph (the same shape as ``kg export --format neo4j``):

* one node per entity, labels ``Entity`` and its class (``Person``, ``Country`` ...),
  properties ``iri``, ``name``, ``altNames`` (a list) and ``wikidata`` (a Q-id, when known);
* one relationship per asserted entity-to-entity fact, its type the ontology property in
  Neo4j's style (``metWith`` -> ``MET_WITH``), with the lists ``statements`` (the RDF
  statements' IRIs), ``evidence`` (their sentences), ``articles`` (article IRIs),
  ``titles`` and ``dates`` (the event's date, else the article's), aligned item by item,
  and ``factuality = 'asserted'``. Negated and hedged statements stay in RDF.

Writes are idempotent: nodes are merged on ``iri``, relationships on their two ends and
type, and a relationship's lists only gain the statements they do not hold yet. Loading
twice changes nothing; loading a store that has grown adds only what is new. Nothing is
ever deleted. All values travel as query parameters in ``UNWIND $rows`` batches; labels
and relationship types, which Cypher cannot take as parameters, are checked against the
ontology's classes and properties before they enter a query.

The client is PyPI ``falkordb`` (the optional extra ``falkordb``), imported when used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.neo4j import rel_type

BATCH = 500  # rows per UNWIND query
ENTITY_CLASSES = ("Person", "Country", "Organization", "Place", "Treaty", "Event", "Vote", "ArmedConflict")
DIP = "https://w3id.org/kg-diplomacy/ontology#"
WIKIDATA = "http://www.wikidata.org/entity/"
_NAME = re.compile(r"[A-Z][A-Za-z]*")
_TYPE = re.compile(r"[A-Z][A-Z_]*")


@dataclass
class PropertyGraph:
    """Nodes and relationships ready for Cypher, as parameter rows."""

    nodes: dict[str, list[dict]] = field(default_factory=dict)  # label -> rows
    rels: dict[str, list[dict]] = field(default_factory=dict)  # type -> rows

    @property
    def n_nodes(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def n_rels(self) -> int:
        return sum(len(v) for v in self.rels.values())


@dataclass
class FalkorReport:
    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0


def ontology_properties() -> set[str]:
    """The local names of the ontology's object properties (the allowed relationship types)."""
    from rdflib import OWL, RDF, Graph

    from kg.settings import ontology_dir

    onto = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    return {str(p)[len(DIP):] for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(DIP)}


_Q_ENTITIES = """SELECT DISTINCT ?e ?c WHERE { VALUES ?c { %s } ?e a ?c }"""
_Q_LABELS = """SELECT DISTINCT ?e ?l WHERE { VALUES ?c { %s } ?e a ?c ; rdfs:label ?l }"""
_Q_ALTS = """SELECT DISTINCT ?e ?l WHERE { VALUES ?c { %s } ?e a ?c ;
             <http://www.w3.org/2004/02/skos/core#altLabel> ?l }"""
_Q_SAME = """SELECT DISTINCT ?e ?w WHERE { VALUES ?c { %s } ?e a ?c ; <http://www.w3.org/2002/07/owl#sameAs> ?w }"""
_Q_FACTS = """SELECT DISTINCT ?st ?s ?p ?o ?text ?art ?title ?edate ?adate WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; dip:factuality dip:Asserted .
  FILTER(isIRI(?o))
  ?s ?p ?o .
  OPTIONAL { ?st dip:evidence/dip:sentenceText ?text }
  OPTIONAL { ?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?art .
             OPTIONAL { ?art <http://purl.org/dc/terms/title> ?title }
             OPTIONAL { ?art <http://purl.org/dc/terms/date> ?adate } }
  OPTIONAL { ?st dip:eventDate ?edate }
}"""


def property_graph(select: Callable[[str], list[list[str | None]]]) -> PropertyGraph:
    """The property graph of an RDF graph, from ``select(sparql) -> rows`` (string cells)
    over the merged graph of a store or graph file (see :func:`select_for`)."""
    classes = " ".join(f"dip:{c}" for c in ENTITY_CLASSES)
    labels: dict[str, set[str]] = {}
    for e, c in select(_Q_ENTITIES % classes):
        labels.setdefault(e, set()).add(c[len(DIP):])
    names: dict[str, set[str]] = {}
    for e, label in select(_Q_LABELS % classes):
        names.setdefault(e, set()).add(label)
    alts: dict[str, set[str]] = {}
    for e, label in select(_Q_ALTS % classes):
        alts.setdefault(e, set()).add(label)
    wikidata: dict[str, str] = {}
    for e, w in select(_Q_SAME % classes):
        if w.startswith(WIKIDATA):
            wikidata[e] = min(wikidata.get(e, w[len(WIKIDATA):]), w[len(WIKIDATA):])
    pg = PropertyGraph()
    for iri in sorted(labels):
        own = sorted(names.get(iri, ())) or [iri.rsplit("/", 1)[-1]]
        # one name per node (the first in sort order, so every load picks the same);
        # the others are alternative names
        node_labels = ":".join(sorted(labels[iri]))
        pg.nodes.setdefault(node_labels, []).append({
            "iri": iri, "name": own[0], "altNames": sorted((alts.get(iri, set()) | set(own[1:])) - {own[0]}),
            "wikidata": wikidata.get(iri)})
    allowed = ontology_properties()
    facts: dict[tuple[str, str, str], dict[str, dict]] = {}
    for st, s, p, o, text, art, title, edate, adate in select(_Q_FACTS):
        if s not in labels or o not in labels or not p.startswith(DIP):
            continue
        prop = p[len(DIP):]
        if prop not in allowed:
            raise KgError(f"{p}: not a property of the ontology; it cannot become a relationship type")
        ev = facts.setdefault((s, prop, o), {})
        if st not in ev:  # one statement, one evidence item (a second title or date is ignored)
            ev[st] = {"text": text or "", "art": art or "", "title": title or "", "date": edate or adate or ""}
    for (s, prop, o), ev in sorted(facts.items()):
        keys = sorted(ev)
        pg.rels.setdefault(rel_type(prop), []).append({
            "s": s, "o": o, "keys": keys, "evidence": [ev[k]["text"] for k in keys],
            "articles": [ev[k]["art"] for k in keys], "titles": [ev[k]["title"] for k in keys],
            "dates": [ev[k]["date"] for k in keys]})
    return pg


def select_for(source) -> Callable[[str], list[list[str | None]]]:
    """``select(sparql) -> rows`` over a graph source (``kg.query.open_graph``: a store or a
    graph file, whose default graph is the merged graph)."""
    from kg.query import run_query

    return lambda q: run_query(source, q).rows


def _check_label(label: str) -> str:
    parts = label.split(":")
    if not all(_NAME.fullmatch(p) and p in ENTITY_CLASSES for p in parts):
        raise KgError(f"{label!r}: not a class of the ontology; it cannot become a node label")
    return label


def _check_type(rtype: str, allowed_types: set[str]) -> str:
    if not _TYPE.fullmatch(rtype) or rtype not in allowed_types:
        raise KgError(f"{rtype!r}: not a property of the ontology; it cannot become a relationship type")
    return rtype


_NODE_QUERY = """UNWIND $rows AS row
MERGE (n:Entity {iri: row.iri})
SET n:%s, n.name = row.name, n.wikidata = row.wikidata,
    n.altNames = coalesce(n.altNames, []) + [x IN row.altNames WHERE NOT x IN coalesce(n.altNames, [])]"""

_REL_QUERY = """UNWIND $rows AS row
MATCH (a:Entity {iri: row.s}), (b:Entity {iri: row.o})
MERGE (a)-[r:%s]->(b)
ON CREATE SET r.statements = [], r.evidence = [], r.articles = [], r.titles = [], r.dates = [],
              r.factuality = 'asserted'
WITH r, row, [i IN range(0, size(row.keys) - 1) WHERE NOT row.keys[i] IN r.statements] AS new
SET r.statements = r.statements + [i IN new | row.keys[i]],
    r.evidence = r.evidence + [i IN new | row.evidence[i]],
    r.articles = r.articles + [i IN new | row.articles[i]],
    r.titles = r.titles + [i IN new | row.titles[i]],
    r.dates = r.dates + [i IN new | row.dates[i]]"""


def connect(url: str, graph: str):
    """The FalkorDB graph ``graph`` on the server at ``url`` (redis://HOST:PORT)."""
    if not re.fullmatch(r"(redis|rediss|unix)://\S+", url or ""):
        raise KgError(f"--falkordb takes redis://HOST:PORT, got {url!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,200}", graph or ""):
        raise KgError(f"--falkordb-graph: {graph!r} is not a graph name (letters, digits, _ . : -)")
    try:
        from falkordb import FalkorDB
    except ImportError as exc:
        raise KgError("loading into FalkorDB needs the falkordb extra (pip install 'kg[falkordb]')") from exc
    try:
        db = FalkorDB.from_url(url, socket_connect_timeout=10)
        db.connection.ping()
    except Exception as exc:  # redis raises ConnectionError, TimeoutError, AuthenticationError ...
        raise KgError(f"cannot reach FalkorDB at {url}: {exc} (is the server running?)") from exc
    return db.select_graph(graph)


def load_falkordb(pg: PropertyGraph, graph, *, batch: int = BATCH,
                  progress: Callable[[int], None] | None = None) -> FalkorReport:
    """Merge the property graph into a FalkorDB graph (from :func:`connect`)."""
    allowed_types = {rel_type(p) for p in ontology_properties()}
    report = FalkorReport(nodes=pg.n_nodes, relationships=pg.n_rels)
    done = 0

    def run(query: str, rows: list[dict]) -> None:
        nonlocal done
        try:
            res = graph.query(query, {"rows": rows})
        except Exception as exc:  # redis.ResponseError (a refused query), ConnectionError ...
            raise KgError(f"FalkorDB refused or lost a batch: {exc}") from exc
        report.nodes_created += int(res.nodes_created or 0)
        report.relationships_created += int(res.relationships_created or 0)
        report.properties_set += int(res.properties_set or 0)
        done += len(rows)
        if progress:
            progress(done)

    try:
        graph.query("CREATE INDEX FOR (n:Entity) ON (n.iri)")
    except Exception as exc:  # an index made by an earlier load is not an error
        if "already indexed" not in str(exc):
            raise KgError(f"FalkorDB: cannot index the nodes' iri: {exc}") from exc
    for label, rows in sorted(pg.nodes.items()):
        q = _NODE_QUERY % _check_label(label)
        for i in range(0, len(rows), batch):
            run(q, rows[i:i + batch])
    for rtype, rows in sorted(pg.rels.items()):
        q = _REL_QUERY % _check_type(rtype, allowed_types)
        for i in range(0, len(rows), batch):
            run(q, rows[i:i + batch])
    return report


#: Who met or spoke with whom, for FalkorDB, Neo4j and Memgraph alike (README).
WHO_MET_WHOM = """MATCH (a:Entity)-[r:MET_WITH|SPOKE_WITH|CONSULTED_WITH|NEGOTIATED_WITH]->(b:Entity)
UNWIND r.evidence AS evidence
RETURN a.name AS a, type(r) AS relation, b.name AS b, evidence
ORDER BY a, b, relation, evidence"""
