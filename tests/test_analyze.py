"""kg analyze: its numbers are networkx's, computed directly on the same small graph."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import RDF, Dataset

from kg.analyze import analyze, find_node, network_view, to_networkx
from kg.cli import main
from kg.errors import KgError
from kg.namespace import DIP


@pytest.fixture(scope="module")
def g(sample_out):
    return Dataset(default_union=True).parse(sample_out / "graph.ttl")


@pytest.fixture(scope="module")
def direct(g):
    """The sample as networkx sees it, built here without kg.analyze's helpers."""
    H = nx.Graph()
    labels = {}
    for cls in (DIP.Person, DIP.Country, DIP.Organization, DIP.Place, DIP.Treaty, DIP.Event, DIP.Vote):
        for s in g.subjects(RDF.type, cls):
            labels[str(s)] = str(g.value(s, __import__("rdflib").RDFS.label))
            H.add_node(str(s))
    for st in g.subjects(RDF.type, RDF.Statement):
        if (st, DIP.factuality, DIP.Asserted) not in g:
            continue
        s, o = str(g.value(st, RDF.subject)), str(g.value(st, RDF.object))
        if s in H and o in H and s != o:
            H.add_edge(s, o)
    return H, labels


def test_pagerank_and_degree_match_networkx(g, direct):
    H, labels = direct
    report = analyze(g, top=len(H))
    pr = nx.pagerank(H, alpha=0.85, tol=1e-10, max_iter=1000)  # networkx converged tighter than its default
    assert len(report["central"]) == H.number_of_nodes()
    for row in report["central"]:
        assert row["pagerank"] == pytest.approx(pr[row["iri"]], abs=1e-6)
        assert row["degree"] == H.degree(row["iri"])
    ranked = [r["iri"] for r in report["central"]]
    assert ranked[0] == max(pr, key=lambda n: (pr[n], -ord(labels[n][0])))


def test_communities_match_networkx(g, direct):
    H, labels = direct
    H = H.subgraph([n for n in H if H.degree(n) > 0])
    expected = {frozenset(labels[n] for n in c) for c in nx.community.louvain_communities(H, seed=42)}
    assert {frozenset(c) for c in analyze(g)["communities"]} == expected


def test_path_between_two_actors_with_sentences(g, direct):
    H, labels = direct
    report = analyze(g, path=("India", "Ukraine"))
    india = next(n for n, lab in labels.items() if lab == "India")
    ukraine = next(n for n, lab in labels.items() if lab == "Ukraine")
    paths = report["path"]["paths"]
    assert paths and all(len(p) == nx.shortest_path_length(H, india, ukraine) for p in paths)
    assert all(hop["evidence"] for p in paths for hop in p)


def test_relation_counts_match_the_graph(g):
    counts = analyze(g)["relations"]
    G = to_networkx(network_view(g))
    assert counts == dict(sorted(__import__("collections").Counter(
        d["relation"] for _, _, d in G.edges(data=True)).items()))
    assert counts["metWith"] >= 1 and counts["abstainedFrom"] == 3


def test_unknown_entity_is_a_clear_error(g):
    with pytest.raises(KgError, match="no entity named 'Atlantis'"):
        find_node(to_networkx(network_view(g)), "Atlantis")


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_cli_formats(sample_out, capsys, fmt):
    assert main(["analyze", "--graph", str(sample_out / "graph.ttl"), "--path", "India", "Ukraine",
                 "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert data["central"] and data["path"]["paths"]
    elif fmt == "markdown":
        assert "## Most central actors" in out and "| rank |" in out
    else:
        assert "Most central actors" in out and "How India is connected to Ukraine" in out


def test_build_summary_and_analyze_report_the_same_counts(tmp_path, capsys, g):
    from rdflib import URIRef

    from kg.analyze import CLASS_NAMES, NETWORK_CLASSES, format_counts
    from tests.conftest import SAMPLE

    assert main(["build", str(SAMPLE), "--out", str(tmp_path), "--no-html"]) == 0
    built = capsys.readouterr().out
    assert main(["analyze", "--graph", str(tmp_path / "graph.ttl"), "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    for line in format_counts(counts):
        assert line in built
    # and each count is what it says, computed here straight from the triples
    ents = {s for c, name in CLASS_NAMES.items() if name in NETWORK_CLASSES for s in g.subjects(RDF.type, URIRef(c))}
    assert counts["entities"] == len(ents)
    stmts = set(g.subjects(RDF.type, RDF.Statement))
    assert counts["statements"] == len(stmts)
    spo = {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object), g.value(st, DIP.factuality))
           for st in stmts}
    asserted = {(s, p, o) for s, p, o, f in spo if f == DIP.Asserted and s in ents and o in ents}
    assert counts["relations"] == len(asserted) == sum(counts["relations_by_property"].values())
    assert all((s, p, o) in g for s, p, o in asserted)  # each is a plain triple too
    facts = {(s, p, o) for s, p, o, f in spo if f == DIP.Asserted and s in ents and o not in ents
             and not isinstance(o, URIRef)}
    assert counts["facts"] == len(facts)
    assert counts["articles"] == 1 and counts["entities"] > 20 and counts["connected"] < counts["entities"]


def test_store_and_graph_file_analyses_agree(corpus300):
    from_store = analyze(corpus300.store, top=25)
    from_file = analyze(corpus300.graph, top=25)
    assert from_store == from_file
    c = from_store["counts"]
    assert c["articles"] > 250 and c["entities"] > 1000 and c["relations"] > 1000
    assert from_store["nodes"] == c["entities"] and from_store["edges"] == c["relations"]


def test_analyze_a_store_from_the_command_line(corpus300, capsys):
    assert main(["analyze", "--store", str(corpus300.store), "--top", "5", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["central"]) == 5 and report["counts"]["articles"] > 250


def test_an_entity_shows_its_fullest_ordinary_name():
    from kg.analyze import _label_rank

    def best(*labels):
        return min(labels, key=_label_rank)

    assert best("Blinken", "Antony Blinken") == "Antony Blinken"
    assert best("WENDY R. SHERMAN", "Wendy Sherman") == "Wendy Sherman"  # a signature line in capitals
    assert best("NATO", "Nato") == "NATO"
    assert best("The Organization for Security and Co-operation in Europe (OSCE)", "OSCE") == "OSCE"
