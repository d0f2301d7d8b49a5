"""The one module that builds triples.

Graph model (see README, "The graph"):

* an entity is one node, typed from the ontology, with ``rdfs:label`` (its canonical name),
  ``skos:altLabel`` (other names used) and ``owl:sameAs`` its Wikidata item when known;
* an asserted relation is a plain triple ``subject dip:prop object``;
* every relation, asserted or not, is also an ``rdf:Statement`` node with its
  factuality, the evidence sentence, the rule, the trigger word and a confidence. A
  negated, hedged or planned relation exists only as such a statement, never as a plain
  triple; a planned one ("will meet on Monday") carries the date it is planned for;
* each article's triples live in a named graph, the article's own IRI.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.ingest import Article
from kg.iri import article_iri, entity_iri, sentence_iri, statement_iri
from kg.namespace import CLASS_OF, DIP, SCHEMA, SYMMETRIC

if TYPE_CHECKING:  # kg.resolve loads spaCy; reading or exporting a graph needs none of it
    from kg.resolve import Resolution

FACTUALITY = {"asserted": DIP.Asserted, "negated": DIP.Negated, "hedged": DIP.Hedged, "planned": DIP.Planned}
WIKIDATA = "http://www.wikidata.org/entity/"

PREFIXES = {
    "dip": DIP._NS, "kgr": URIRef("https://w3id.org/kg-diplomacy/id/"), "skos": SKOS, "prov": PROV,
    "dcterms": DCTERMS, "owl": OWL, "schema": SCHEMA, "wd": URIRef(WIKIDATA),
}


def bind_prefixes(g: Graph | Dataset) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)


_PROPS: dict[str, URIRef] = {}


def prop_iri(name: str) -> URIRef:
    # DefinedNamespace attribute access is slow; the set of properties is small
    if name not in _PROPS:
        _PROPS[name] = DIP[name]
    return _PROPS[name]


def node_iri(key: str) -> URIRef:
    kind, _, rest = key.partition(":")
    return entity_iri(kind.lower(), rest)


def article_triples(article: Article, res: Resolution, sentences: list[str]) -> Graph:
    """The triples of one article, as a Graph (its named graph in a Dataset)."""
    # rdflib's context-free store: adding a triple costs a quarter of the default Memory
    # store's, and one article's graph needs no contexts
    g = Graph(store="SimpleMemory")
    h = article.content_hash
    art = article_iri(h)
    g.add((art, RDF.type, DIP.Article))
    g.add((art, DIP.contentHash, Literal(h)))
    if article.title:
        g.add((art, DCTERMS.title, Literal(article.title)))
    if article.date:
        g.add((art, DCTERMS.date, Literal(article.date, datatype=XSD.date)))
    if article.url:
        g.add((art, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    g.add((art, DIP.sourcePath, Literal(article.source.rsplit("/", 1)[-1])))

    for key in sorted(res.entities):
        e = res.entities[key]
        n = node_iri(key)
        g.add((n, RDF.type, CLASS_OF.get(e.cls, DIP.Event)))
        g.add((n, RDFS.label, Literal(e.label)))
        for alt in sorted(e.alt_labels - {e.label}):
            g.add((n, SKOS.altLabel, Literal(alt)))
        if e.wikidata:
            g.add((n, OWL.sameAs, URIRef(WIKIDATA + e.wikidata)))

    for s in res.statements:
        prop = prop_iri(s.prop)
        subj = node_iri(s.subj)
        obj = node_iri(s.obj) if s.obj else Literal(s.literal)
        if s.prop in SYMMETRIC and isinstance(obj, URIRef) and str(obj) < str(subj):
            subj, obj = obj, subj
        if s.factuality == "asserted":
            g.add((subj, prop, obj))
        st = statement_iri(h, str(subj), s.prop, str(obj), str(s.sent), s.factuality)
        sent = sentence_iri(h, s.sent)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, subj))
        g.add((st, RDF.predicate, prop))
        g.add((st, RDF.object, obj))
        g.add((st, DIP.factuality, FACTUALITY[s.factuality]))
        g.add((st, DIP.evidence, sent))
        g.add((st, PROV.wasDerivedFrom, art))
        g.add((st, DIP.rule, Literal(s.rule)))
        g.add((st, DIP.trigger, Literal(s.trigger)))
        g.add((st, DIP.confidence, Literal(Decimal(str(round(s.confidence, 2))), datatype=XSD.decimal)))
        if s.cue:
            g.add((st, DIP.cue, Literal(s.cue)))
        for a in s.attributed_to:
            g.add((st, DIP.attributedTo, node_iri(a)))
        if s.when or s.where:
            _event_details(g, st, s, subj, obj, article, res)
        if 0 <= s.sent < len(sentences):
            g.add((sent, RDF.type, DIP.Sentence))
            g.add((sent, DIP.sentenceText, Literal(sentences[s.sent])))
            g.add((sent, DIP.sentenceIndex, Literal(s.sent)))
            g.add((sent, DIP.inArticle, art))
    return g


#: What the event of a symmetric relation is called in its node's label.
EVENT_NOUN = {"metWith": "meeting", "spokeWith": "call", "consultedWith": "consultation",
              "negotiatedWith": "negotiations", "agreedWith": "agreement"}


def _event_details(g: Graph, st: URIRef, s, subj, obj, article: Article, res: Resolution) -> None:
    """Date and place on the statement, and on the event itself: a meeting or call gets a
    dip:Meeting node with its participants; a vote's own node gets them."""
    from kg.dates import resolve_date

    date_lit = None
    if s.when:
        iso = resolve_date(s.when, article.date, future=s.factuality == "planned")
        if iso and len(iso) == 10:
            date_lit = Literal(iso, datatype=XSD.date)
        elif iso and len(iso) == 7:
            date_lit = Literal(iso, datatype=XSD.gYearMonth)
        elif iso:
            date_lit = Literal(iso, datatype=XSD.gYear)
        else:
            date_lit = Literal(s.when)
    place = node_iri(s.where) if s.where else None
    targets = [st]
    if s.prop in SYMMETRIC and s.factuality == "asserted" and isinstance(obj, URIRef):
        ev = URIRef(str(st).replace("/statement/", "/event/"))
        names = sorted(res.entities[k].label for k in (s.subj, s.obj))
        g.add((ev, RDF.type, DIP.Meeting))
        g.add((ev, RDFS.label, Literal(f"{EVENT_NOUN[s.prop]}: {' and '.join(names)}")))
        g.add((ev, DIP.participant, subj))
        g.add((ev, DIP.participant, obj))
        g.add((ev, PROV.wasDerivedFrom, article_iri(article.content_hash)))
        targets.append(ev)
    elif s.prop in ("votedFor", "votedAgainst", "abstainedFrom") and isinstance(obj, URIRef):
        targets.append(obj)
    for t in targets:
        if date_lit is not None:
            g.add((t, DIP.eventDate, date_lit))
        if place is not None:
            g.add((t, DIP.eventPlace, place))


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All articles' triples merged into one graph (entities shared across articles)."""
    g = Graph(store="SimpleMemory")  # no contexts needed; adds cost a quarter of Memory's
    bind_prefixes(g)
    for ctx in ds.graphs():
        for t in ctx:
            g.add(t)
    return g
