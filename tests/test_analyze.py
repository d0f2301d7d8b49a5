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
    pr = nx.pagerank(H, alpha=0.85)
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
