"""The ontology file and the code's namespace agree; every term is documented."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.namespace import DIP, ONTOLOGY_IRI
from kg.settings import ontology_dir

CORE_CLASSES = ["Person", "Country", "Organization", "Place", "Treaty", "Event", "Meeting", "Vote",
                "ArmedConflict"]
CORE_PROPERTIES = [
    "consultedWith", "metWith", "spokeWith", "negotiatedWith", "agreedWith", "visited", "hosted",
    "mediated", "urged", "criticized", "condemned", "accused", "warned", "threatened", "rejected",
    "praised", "suspended", "withdrewFrom", "signed", "supports", "sanctioned", "attacked", "invaded",
    "detained", "votedFor", "votedAgainst", "abstainedFrom", "memberOf", "officialOf", "citizenOf",
    "locatedIn", "partOf", "discussed", "jobTitle", "said",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")


def terms(onto: Graph) -> set[str]:
    return {str(s)[len(ONTOLOGY_IRI):] for s in onto.subjects() if str(s).startswith(ONTOLOGY_IRI)}


def test_namespace_matches_ontology(onto):
    declared = {n for n in DIP.__annotations__}
    assert declared == terms(onto)


def test_closed_namespace_rejects_unknown_terms():
    with pytest.raises(AttributeError):
        _ = DIP.metwith  # a typo must not mint a term


@pytest.mark.parametrize("name", CORE_CLASSES)
def test_core_class(onto, name):
    assert (DIP[name], RDF.type, OWL.Class) in onto
    assert (DIP[name], RDFS.label, None) in onto and (DIP[name], RDFS.comment, None) in onto


@pytest.mark.parametrize("name", CORE_PROPERTIES)
def test_core_property(onto, name):
    p = DIP[name]
    assert (p, RDF.type, OWL.ObjectProperty) in onto or (p, RDF.type, OWL.DatatypeProperty) in onto
    assert (p, RDFS.label, None) in onto and (p, RDFS.comment, None) in onto
    assert (p, RDFS.domain, None) in onto


@pytest.mark.parametrize("child, parent", [
    ("metWith", "consultedWith"), ("spokeWith", "consultedWith"), ("condemned", "criticized"),
    ("invaded", "attacked"), ("Meeting", "Event"), ("Vote", "Event"), ("ArmedConflict", "Event"),
])
def test_hierarchy(onto, child, parent):
    rel = RDFS.subClassOf if child[0].isupper() else RDFS.subPropertyOf
    assert (DIP[child], rel, DIP[parent]) in onto


def test_every_term_is_labelled_and_commented(onto):
    for name in terms(onto):
        t = URIRef(ONTOLOGY_IRI + name)
        assert onto.value(t, RDFS.label) is not None, name
        assert onto.value(t, RDFS.comment) is not None, name


def test_aligned_with_standard_vocabularies(onto):
    supers = {str(o) for _, _, o in onto.triples((None, RDFS.subClassOf, None))}
    supers |= {str(o) for _, _, o in onto.triples((None, RDFS.subPropertyOf, None))}
    for ns in ("https://schema.org/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/org#",
               "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/"):
        assert any(s.startswith(ns) for s in supers), ns
