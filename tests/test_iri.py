"""IRIs are deterministic and safe whatever the name."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.iri import entity_iri, local_name, slug


@pytest.mark.parametrize("name, expected", [
    ("Antony Blinken", "antony-blinken"),
    ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("P5+1", "p5-1"),
])
def test_readable_slugs(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name", [
    "Путин", "习近平", "<script>alert(1)</script>", 'a"b\\c\nd', "   ", "", "#/?:@&=+$,",
    "x" * 500, "\u0000\u202e",
])
def test_any_name_gives_a_valid_stable_iri(name):
    iri = entity_iri("person", name)
    assert iri == entity_iri("person", name)
    assert not any(c in str(iri) for c in ' <>"{}|\\^`\n\r\t')
    g = Graph()
    g.add((iri, URIRef("urn:p"), Literal(name)))
    assert len(Graph().parse(data=g.serialize(format="nt"), format="nt")) == 1


def test_distinct_scripts_do_not_collide():
    assert entity_iri("person", "Путин") != entity_iri("person", "习近平")


@pytest.mark.parametrize("name", ["Antony Blinken", "Путин", "#/?:@&=+$,", "a:b/c#d", "x" * 500])
def test_local_name_of_a_minted_iri_is_its_slug(name):
    """analyze and evaluate name nodes by local_name: a minted slug never holds '#', '/' or ':'."""
    assert local_name(entity_iri("person", name)) == slug(name)


@pytest.mark.parametrize("term, expected", [
    ("https://w3id.org/kg-diplomacy/ontology#metWith", "metWith"),
    ("dip:metWith", "metWith"),
    ("http://www.w3.org/2000/01/rdf-schema#label", "label"),
])
def test_local_name(term, expected):
    assert local_name(term) == expected
