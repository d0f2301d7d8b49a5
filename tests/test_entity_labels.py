"""Names are names, on real text: the first 300 releases of the shared corpus.

Headlines ("Joey Hood Travels to ...", "Michele J. Sison's Travel to ...") and offices
("Assistant Secretary of State for Consular Affairs Rena Bitter") once leaked into entity
labels; no label of the corpus sample may carry a headline verb, an office fragment, a
line break or a trailing possessive."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Graph

from kg.namespace import DIP

#: verbs of headlines, never part of a name
HEADLINE_VERBS = {"Travels", "Meets", "Visits", "Welcomes", "Condemns", "Announces", "Commending",
                  "Delivers", "Hosts", "Speaks", "Calls"}
#: words that end an office before its holder's name
OFFICE_WORDS = {"Affairs", "Freedom", "Rights", "Security", "Relations", "Issues", "Large"}
CLASSES = ("Person", "Country", "Organization", "Place", "Treaty", "Event")


@pytest.fixture(scope="module")
def labels(corpus300) -> dict[str, set[str]]:
    g = Graph()
    g.parse(corpus300.graph)
    out: dict[str, set[str]] = {c: set() for c in CLASSES}
    for c in CLASSES:
        for node in g.subjects(RDF.type, DIP[c]):
            out[c].update(str(x) for x in g.objects(node, RDFS.label))
    return out


@pytest.mark.slow
def test_no_label_carries_a_headline_verb_a_line_break_or_a_possessive(labels):
    bad = []
    for cls, labs in labels.items():
        for lab in labs:
            words = set(lab.split())
            if "\n" in lab or lab != lab.strip() or re.search(r"['\u2019]s?$", lab) \
                    or (words & HEADLINE_VERBS and cls != "Event"):
                bad.append((cls, lab))
    assert not bad, bad[:20]


@pytest.mark.slow
def test_no_person_carries_an_office(labels):
    persons = labels["Person"]
    bad = [p for p in persons if set(p.split()) & OFFICE_WORDS]
    # nor does any other node hold an office with a person's name after it
    full = {p for p in persons if len(p.split()) >= 2}
    glued = [lab for cls in CLASSES if cls != "Person" for lab in labels[cls]
             if any(lab.endswith(" " + p) and set(lab.split()) & OFFICE_WORDS for p in full)]
    assert not bad and not glued, (bad[:10], glued[:10])


@pytest.mark.slow
def test_common_words_are_not_names(labels):
    assert not labels["Person"] & {"States", "Joint Statement", "Meeting", "Deputy", "Counselor"}


@pytest.mark.slow
@pytest.mark.xfail(reason="a lone 'Partnership' the model tags as a place survives in one release; not traced yet",
                   strict=False)
def test_partnership_is_not_a_place(labels):
    assert "Partnership" not in labels["Place"]


@pytest.mark.slow
def test_planned_engagements_carry_dip_planned(corpus300):
    """"will meet", "will travel to": kept as dip:Planned statements, never asserted."""
    g = Graph()
    g.parse(corpus300.graph)
    planned = set(g.subjects(DIP.factuality, DIP.Planned))
    assert len(planned) >= 20
    asserted_plans = []
    for st in g.subjects(DIP.factuality, DIP.Asserted):
        if g.value(st, RDF.predicate) not in (DIP.metWith, DIP.visited):
            continue
        text = str(g.value(g.value(st, DIP.evidence), DIP.sentenceText) or "")
        if re.search(r"\bwill (meet|travel|visit)\b", text) and not re.search(r"\b(met|traveled|visited)\b", text):
            asserted_plans.append(text)
    assert len(asserted_plans) <= 0.1 * len(planned), asserted_plans[:5]
