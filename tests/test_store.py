"""The persistent store grows article by article without duplicates."""

from __future__ import annotations

import shutil

from rdflib.compare import isomorphic

from kg.cli import main
from kg.store import KgStore
from tests.conftest import EVAL_DEV, ROOT

DEV = EVAL_DEV if EVAL_DEV.exists() else ROOT / "eval" / "dev"


def test_one_by_one_equals_all_at_once_and_readding_adds_nothing(tmp_path, capsys):
    files = sorted(DEV.glob("*.txt"))[:4]
    one, alle = tmp_path / "one", tmp_path / "all"
    for f in files:
        assert main(["build", str(f), "--store", str(one), "--quiet"]) == 0
    assert main(["build", *map(str, reversed(files)), "--store", str(alle), "--quiet"]) == 0
    a, b = KgStore(one), KgStore(alle)
    assert a.graphs() == b.graphs() and len(a.graphs()) == len(files)
    assert isomorphic(a.union(), b.union())
    size = len(a)
    del a, b
    assert main(["build", str(files[0]), "--store", str(one)]) == 0
    assert "0 added, 0 replaced, 1 unchanged" in capsys.readouterr().out
    assert len(KgStore(one)) == size


def test_edited_article_replaces_its_old_version(tmp_path):
    art = tmp_path / "readout.txt"
    art.write_text("Diplomacy Today\n\nCanada sanctioned Belarus over the forced landing of a passenger jet.\n")
    store = tmp_path / "s"
    assert main(["build", str(art), "--store", str(store), "--quiet"]) == 0
    art.write_text("Diplomacy Today\n\nKenya welcomed the ceasefire agreement between Ethiopia and Eritrea.\n")
    assert main(["build", str(art), "--store", str(store), "--quiet"]) == 0
    s = KgStore(store)
    assert len(s.graphs()) == 1
    rows = list(s.query("SELECT ?p WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), 'https://w3id.org/kg-diplomacy/ontology#')) }"))
    props = {r["p"].value.rsplit("#", 1)[1] for r in rows}
    assert "praised" in props and "sanctioned" not in props


def test_one_entity_across_articles(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["build", str(DEV), "--store", str(store), "--quiet"]) == 0
    assert main(["query", "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b rdfs:label 'Antony Blinken' }",
                 "--store", str(store), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "1"


def test_store_exports_keep_named_graphs(tmp_path):
    store = tmp_path / "s"
    files = sorted(DEV.glob("*.txt"))[:2]
    assert main(["build", *map(str, files), "--store", str(store), "--quiet"]) == 0
    out = tmp_path / "dump.trig"
    assert main(["export", "--store", str(store), "--format", "trig", "--out", str(out), "-q"]) == 0
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == set(KgStore(store).graphs())
    shutil.rmtree(store)
