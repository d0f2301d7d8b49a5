"""IRIs are deterministic and safe whatever the name."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.iri import entity_iri, slug


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
