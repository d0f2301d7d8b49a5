"""The sample article, end to end: the facts a reader takes from it are in the graph,
each with the sentence it was read from."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import RDF, RDFS, Dataset, Literal

from kg.cli import main
from kg.namespace import DIP, SYMMETRIC
from tests.conftest import ROOT, SAMPLE

QUERY = """
SELECT ?evidence WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      dip:factuality dip:Asserted ; dip:evidence/dip:sentenceText ?evidence .
  ?s rdfs:label|skos:altLabel ?sl . ?o rdfs:label|skos:altLabel ?ol .
  FILTER(?sl = ?subj && ?ol = ?obj)
}"""


def evidence(g, subj: str, prop, obj: str) -> list[str]:
    from rdflib.namespace import SKOS

    rows = g.query(QUERY, initNs={"dip": DIP._NS, "rdf": RDF, "rdfs": RDFS, "skos": SKOS},
                   initBindings={"p": prop, "subj": Literal(subj), "obj": Literal(obj)})
    return sorted(str(r[0]) for r in rows)


def asserted(g, subj: str, prop, obj: str) -> bool:
    def nodes(label):
        from rdflib.namespace import SKOS

        return set(g.subjects(RDFS.label, Literal(label))) | set(g.subjects(SKOS.altLabel, Literal(label)))

    symmetric = str(prop).rsplit("#", 1)[-1] in SYMMETRIC
    return any((s, prop, o) in g or (symmetric and (o, prop, s) in g)
               for s in nodes(subj) for o in nodes(obj))


@pytest.mark.parametrize("subj, prop, obj, words", [
    ("Antony Blinken", DIP.metWith, "Sergey Lavrov", "encounter between Lavrov"),
    ("Russia", DIP.suspended, "New START", None),
    ("India", DIP.abstainedFrom, "UN vote", "chose to abstain in that vote"),
    ("China", DIP.abstainedFrom, "UN vote", "chose to abstain in that vote"),
    ("Russia", DIP.invaded, "Ukraine", "invasion of Ukraine"),
    ("Annalena Baerbock", DIP.officialOf, "Germany", "German Foreign Minister Annalena Baerbock"),
])
def test_sample_facts_with_evidence(sample_graph, subj, prop, obj, words):
    if prop == DIP.suspended:
        # "Putin's Suspension Of New START": the suspending actor is Putin (of Russia)
        ev = evidence(sample_graph, "Vladimir Putin", prop, obj) + evidence(sample_graph, subj, prop, obj)
        assert any("Suspension Of New START" in e for e in ev), ev
        return
    assert asserted(sample_graph, subj, prop, obj)
    ev = evidence(sample_graph, subj, prop, obj) or evidence(sample_graph, obj, prop, subj)
    assert ev and any(words in e for e in ev), ev


@pytest.mark.parametrize("subj, prop, obj", [
    ("China", DIP.supports, "Russia"),  # only feared: "China may decide to supply Russia with arms"
    ("Antony Blinken", DIP.negotiatedWith, "Sergey Lavrov"),  # "there were no negotiations"
    ("Ukraine", DIP.invaded, "Russia"),
    ("India", DIP.votedFor, "UN vote"),
])
def test_sample_does_not_assert_what_the_text_denies_or_hedges(sample_graph, subj, prop, obj):
    assert not asserted(sample_graph, subj, prop, obj)


def test_hedged_statement_is_kept_but_not_asserted(sample_graph):
    rows = list(sample_graph.query("""
        SELECT ?cue WHERE { ?st rdf:predicate dip:supports ; dip:factuality dip:Hedged ; dip:cue ?cue }""",
        initNs={"dip": DIP._NS, "rdf": RDF}))
    assert rows, "the feared arms supply should be kept as a hedged statement"


def test_quotation_has_its_speaker(sample_graph):
    said = [str(o) for s in sample_graph.subjects(RDFS.label, Literal("Maria Zakharova"))
            for o in sample_graph.objects(s, DIP.said)]
    assert any("There were neither talks nor a meeting" in q for q in said)


def test_graph_reparses_and_has_prefixes(sample_out):
    text = (sample_out / "graph.ttl").read_text(encoding="utf-8")
    assert text.startswith("@prefix")
    assert len(Dataset().parse(data=text, format="turtle")) > 100


def test_same_input_gives_byte_identical_output(tmp_path, sample_out):
    assert main(["build", str(SAMPLE), "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (sample_out / "graph.ttl").read_bytes()
    assert (tmp_path / "graph.html").read_bytes() == (sample_out / "graph.html").read_bytes()


def test_graph_does_not_depend_on_input_order(tmp_path):
    other = ROOT / "tests" / "data" / "articles" / "call_readout.txt"
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(SAMPLE), str(other), "--out", str(a), "--quiet"]) == 0
    assert main(["build", str(other), str(SAMPLE), "--out", str(b), "--quiet"]) == 0
    assert (a / "graph.ttl").read_bytes() == (b / "graph.ttl").read_bytes()


def test_console_script_runs(tmp_path):
    exe = ROOT / ".venv" / "bin" / "kg"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]
    r = subprocess.run([*cmd, "build", str(SAMPLE), "--out", str(tmp_path)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Read 1 article" in r.stdout and "metWith" in r.stdout
    assert (tmp_path / "graph.ttl").exists() and (tmp_path / "graph.html").exists()
