"""The graph seen as a network: entities as nodes, relations as edges with their evidence.
networkx is imported where used."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.namespace import DIP

CLASS_NAMES = {DIP.Person: "Person", DIP.Country: "Country", DIP.Organization: "Organization",
               DIP.Place: "Place", DIP.Treaty: "Treaty", DIP.Event: "Event", DIP.Meeting: "Meeting",
               DIP.Vote: "Vote", DIP.ArmedConflict: "ArmedConflict"}
NOT_RELATIONS = {"jobTitle", "said"}


@dataclass
class Evidence:
    sentence: str
    article: str
    factuality: str
    rule: str


@dataclass
class Edge:
    source: str
    target: str
    prop: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        return any(e.factuality == "Asserted" for e in self.evidence)


@dataclass
class NodeInfo:
    iri: str
    label: str
    cls: str
    alt_labels: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (property, literal) e.g. jobTitle


@dataclass
class NetworkView:
    nodes: dict[str, NodeInfo]
    edges: list[Edge]


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def network_view(g: Graph) -> NetworkView:
    """Entities and relations (asserted, negated and hedged) with evidence, sorted."""
    nodes: dict[str, NodeInfo] = {}
    for s, _, o in g.triples((None, RDF.type, None)):
        if o in CLASS_NAMES and isinstance(s, URIRef):
            label = g.value(s, RDFS.label)
            nodes[str(s)] = NodeInfo(str(s), str(label) if label else _local(s), CLASS_NAMES[o])
    for iri, n in nodes.items():
        from rdflib.namespace import SKOS

        n.alt_labels = sorted(str(x) for x in g.objects(URIRef(iri), SKOS.altLabel))
    titles: dict = {}
    for art in g.subjects(RDF.type, DIP.Article):
        titles[art] = str(g.value(art, DCTERMS.title) or _local(art))
    edges: dict[tuple, Edge] = {}
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s is None or p is None or o is None:
            continue
        prop = _local(p)
        fact = _local(g.value(st, DIP.factuality) or DIP.Asserted)
        sent = g.value(st, DIP.evidence)
        text = str(g.value(sent, DIP.sentenceText) or "") if sent is not None else ""
        art = g.value(st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        ev = Evidence(text, titles.get(art, ""), fact, str(g.value(st, DIP.rule) or ""))
        if isinstance(o, Literal):
            if str(s) in nodes and fact == "Asserted":
                nodes[str(s)].facts.append((prop, str(o)))
            continue
        if str(s) not in nodes or str(o) not in nodes:
            continue
        key = (str(s), prop, str(o))
        edges.setdefault(key, Edge(str(s), str(o), prop)).evidence.append(ev)
    for n in nodes.values():
        n.facts = sorted(set(n.facts))
    out = sorted(edges.values(), key=lambda e: (e.source, e.prop, e.target))
    for e in out:
        e.evidence.sort(key=lambda x: (x.factuality != "Asserted", x.article, x.sentence))
    return NetworkView(dict(sorted(nodes.items())), out)


def to_networkx(g: Graph, *, asserted_only: bool = True):
    """A networkx MultiDiGraph: node attributes label and type, edge attribute relation."""
    import networkx as nx

    view = network_view(g)
    G = nx.MultiDiGraph()
    for iri, n in view.nodes.items():
        G.add_node(iri, label=n.label, type=n.cls)
    for e in view.edges:
        if asserted_only and not e.asserted:
            continue
        G.add_edge(e.source, e.target, key=e.prop, relation=e.prop,
                   evidence=" | ".join(sorted({x.sentence for x in e.evidence if x.factuality == "Asserted"})))
    return G


def relation_counts(view: NetworkView) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for e in view.edges:
        if e.asserted:
            counts[e.prop] += 1
    return dict(sorted(counts.items()))
