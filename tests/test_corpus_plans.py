"""Plans are not facts, on real text: the first 300 releases of the shared corpus.

Travel announcements say "will travel", "will meet"; once, most asserted metWith triples
of the corpus came from such sentences. A planned engagement is a dip:Planned statement
(the ready query ``upcoming`` lists them), never a plain triple."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph

from kg.namespace import DIP

PLAN = re.compile(r"\bwill (?:also )?(?:travel|meet|visit)\b")


@pytest.fixture(scope="module")
def graph(corpus300) -> Graph:
    return Graph().parse(corpus300.graph)


@pytest.mark.slow
def test_planned_engagements_are_kept_as_plans(graph):
    planned = set(graph.subjects(DIP.factuality, DIP.Planned))
    assert len(planned) >= 50, len(planned)
    # every planned statement is a statement, and none of them is a plain triple
    for st in planned:
        assert (st, RDF.type, RDF.Statement) in graph
        s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        if graph.value(st, DIP.trigger) is not None and (s, p, o) in graph:
            # the same triple may be asserted by another sentence of the corpus; not by this one alone
            asserted = [x for x in graph.subjects(RDF.subject, s)
                        if graph.value(x, RDF.predicate) == p and graph.value(x, RDF.object) == o
                        and graph.value(x, DIP.factuality) == DIP.Asserted]
            assert asserted, f"{s} {p} {o} is asserted though only planned"


@pytest.mark.slow
def test_will_meet_and_will_travel_are_not_asserted(graph):
    fact_of = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        if graph.value(st, RDF.predicate) not in (DIP.metWith, DIP.visited):
            continue
        text = str(graph.value(graph.value(st, DIP.evidence), DIP.sentenceText) or "")
        trigger = str(graph.value(st, DIP.trigger) or "").lower()
        if PLAN.search(text) and trigger in ("meet", "travel", "visit") and not re.search(r"\b(met|traveled|visited)\b", text):
            fact_of[st] = graph.value(st, DIP.factuality)
    assert len(fact_of) >= 30, len(fact_of)
    asserted = [st for st, f in fact_of.items() if f == DIP.Asserted]
    assert len(asserted) <= len(fact_of) // 10, asserted[:5]
