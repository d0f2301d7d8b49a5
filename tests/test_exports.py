"""Exports for the tools users already run: Gephi (GEXF) and Neo4j (CSV + Cypher)."""

from __future__ import annotations

import csv
import json
import os
import stat

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.analyze import network_view
from kg.cli import main
from kg.export import FORMATS, atomic_open, write_rdf
from kg.neo4j import NODE_HEADER, REL_HEADER, rel_type
from tests.conftest import SAMPLE


def test_gexf(sample_out, tmp_path):
    out = tmp_path / "g.gexf"
    assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", "gexf", "--out", str(out), "-q"]) == 0
    G = nx.read_gexf(out)
    assert "Antony Blinken" in {d["label"] for _, d in G.nodes(data=True)}


def test_jsonld_has_a_context(sample_out, tmp_path):
    out = tmp_path / "g.jsonld"
    assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", "jsonld", "--out", str(out), "-q"]) == 0
    data = json.loads(out.read_text())
    assert data["@context"]["dip"] == "https://w3id.org/kg-diplomacy/ontology#"


def test_neo4j_csv_headers_and_rows(sample_out, tmp_path):
    out = tmp_path / "neo4j"
    assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", "neo4j", "--out", str(out), "-q"]) == 0
    with (out / "nodes.csv").open() as fh:
        rows = list(csv.reader(fh))
    # neo4j-admin import: an :ID column, typed array columns, a :LABEL column
    assert rows[0] == NODE_HEADER == ["iri:ID", "name", "altNames:string[]", "jobTitles:string[]", ":LABEL"]
    with (out / "relationships.csv").open() as fh:
        rels = list(csv.reader(fh))
    assert rels[0] == REL_HEADER and rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = [r[0] for r in rows[1:]]
    assert len(ids) == len(set(ids))  # IDs are unique
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])  # every relationship joins known nodes
    view = network_view(Dataset(default_union=True).parse(sample_out / "graph.ttl"))
    assert sum(1 for r in rows[1:] if r[4].startswith("Entity;")) == len(view.nodes)
    assert {r[2] for r in rels[1:]} >= {"MET_WITH", "ABSTAINED_FROM", "SAID"}
    blinken = next(r for r in rows[1:] if r[1] == "Antony Blinken")
    assert blinken[4] == "Entity;Person" and "Secretary of State" in blinken[3].split(";")
    met = [r for r in rels[1:] if r[2] == "MET_WITH" and r[3] == "asserted"]
    assert met and all(r[4] for r in met)  # every relationship carries its evidence
    cypher = (out / "import.cypher").read_text()
    assert cypher.count("MERGE") >= 3 and "CREATE CONSTRAINT" in cypher


def test_rel_type_and_escaping():
    from kg.neo4j import cypher_str

    assert rel_type("metWith") == "MET_WITH" and rel_type("abstainedFrom") == "ABSTAINED_FROM"
    assert cypher_str("it's a \\ \"test\"\n") == "'it\\'s a \\\\ \"test\"\\n'"


@pytest.fixture
def umask():
    """Run a test under a chosen umask and restore the process's own afterwards."""
    saved = os.umask(0o022)
    yield os.umask
    os.umask(saved)


def test_build_outputs_honour_the_umask(umask, tmp_path):
    # Written through a temporary file, yet readable by a web server: 0644 under umask 022.
    umask(0o022)
    out = tmp_path / "site"
    assert main(["build", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {
        "graph.ttl": 0o644, "graph.html": 0o644}


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_every_export_format_honours_the_umask(umask, sample_out, tmp_path, mask, mode):
    umask(mask)
    for fmt in FORMATS:
        out = tmp_path / f"graph.{fmt}"
        assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", fmt,
                     "--out", str(out), "-q"]) == 0
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        assert files and {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {
            f.name: mode for f in files}, fmt
    # still atomic: no temporary file left beside the outputs
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_an_overwritten_output_takes_the_umask_mode_too(umask, tmp_path):
    umask(0o022)
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    target.chmod(0o600)
    with atomic_open(target) as fh:
        fh.write("new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_turtle_and_ntriples_hold_exactly_the_graph_in_one_order(sample_graph, tmp_path, fmt):
    # graph.ttl and .nt are written by Oxigraph's serialiser, not rdflib's: the file must
    # read back (with rdflib) as the very same triples, awkward literals included, and the
    # same triples added in another order must give the same bytes
    # imported here: as module globals, pytest's collection trips over the closed namespaces
    from rdflib.namespace import RDFS, XSD

    g = Graph()
    for t in sample_graph.triples((None, None, None)):
        g.add(t)
    odd = URIRef("https://w3id.org/kg-diplomacy/id/entity/odd/one")
    for lit in (Literal('He said "no" \\ twice\nand left; caf\u00e9 \u2019'), Literal("Kyiv", lang="uk"),
                Literal("2022-03-10", datatype=XSD.date), Literal(7)):
        g.add((odd, RDFS.label, lit))
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    write_rdf(g, a, fmt)
    reversed_g = Graph()
    for t in sorted(g, reverse=True):
        reversed_g.add(t)
    write_rdf(reversed_g, b, fmt)
    assert a.read_bytes() == b.read_bytes()
    back = Graph().parse(a, format="turtle" if fmt == "ttl" else "nt")
    assert set(back) == set(g)
    if fmt == "ttl":  # kg's prefixes are used, its resource IRIs written in full
        text = a.read_text(encoding="utf-8")
        assert "@prefix dip: <https://w3id.org/kg-diplomacy/ontology#>" in text and " dip:" in text
        assert "<https://w3id.org/kg-diplomacy/id/" in text
