"""Every graph kg build makes conforms to the SHACL shapes; a broken one does not."""

from __future__ import annotations

from rdflib import Dataset, Literal, URIRef

from kg.cli import main
from kg.namespace import DIP
from kg.validate import validate


def test_sample_graph_conforms(sample_out, capsys):
    assert main(["validate", "--graph", str(sample_out / "graph.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_own_articles_conform(tmp_path):
    from tests.conftest import ROOT

    assert main(["build", str(ROOT / "eval" / "dev"), "--out", str(tmp_path), "--quiet", "--no-html"]) == 0
    assert validate(Dataset(default_union=True).parse(tmp_path / "graph.ttl")) == []


def test_violations_are_reported(sample_out, tmp_path, capsys):
    g = Dataset(default_union=True).parse(sample_out / "graph.ttl")
    st = next(g.subjects(DIP.factuality, DIP.Asserted))
    g.remove((st, DIP.evidence, None))
    g.add((URIRef("https://w3id.org/kg-diplomacy/id/person/nobody"), DIP.memberOf, Literal("not an org")))
    bad = tmp_path / "bad.ttl"
    bad.write_text(g.serialize(format="turtle"))
    assert main(["validate", "--graph", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "every statement keeps its evidence sentence" in out
    assert "one is a member of an organisation" in out
