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
    # not COUNT(DISTINCT): the label itself must be in the queried graph once, so that joins
    # over entity descriptions do not multiply with the articles mentioning the entity
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?b rdfs:label 'Antony Blinken' }",
                 "--store", str(store), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "1"
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?b rdfs:label 'Antony Blinken' } }",
                 "--store", str(store), "--format", "csv"]) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) > 1  # many articles mention him


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


def test_same_base_name_in_two_folders_is_two_articles_and_an_edit_says_what_it_replaced(tmp_path, capsys):
    a, b = tmp_path / "dirA" / "readout.txt", tmp_path / "dirB" / "readout.txt"
    for f, text in ((a, "Canada sanctioned Belarus."), (b, "Kenya welcomed the ceasefire.")):
        f.parent.mkdir()
        f.write_text(f"Readout\n\n{text}\n")
    store = tmp_path / "s"
    assert main(["build", str(a), "--store", str(store), "--quiet"]) == 0
    assert main(["build", str(b), "--store", str(store)]) == 0
    assert "1 added, 0 replaced, 0 unchanged; 2 articles" in capsys.readouterr().out
    a.write_text("Readout\n\nCanada sanctioned Belarus and Russia.\n")
    assert main(["build", str(a), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"Replaced file://{a.resolve()}" in out and "0 added, 1 replaced, 0 unchanged; 2 articles" in out


def test_an_explicit_id_makes_a_text_a_new_version(tmp_path, capsys):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("Readout\n\nCanada sanctioned Belarus.\n")
    two.write_text("Readout\n\nCanada sanctioned Belarus again.\n")
    store = tmp_path / "s"
    assert main(["build", str(one), "--store", str(store), "--id", "readout-7", "-q"]) == 0
    assert main(["build", str(two), "--store", str(store), "--id", "readout-7"]) == 0
    assert "Replaced readout-7" in capsys.readouterr().out
    assert len(KgStore(store, read_only=True).graphs()) == 1
    assert main(["build", str(one), str(two), "--store", str(store), "--id", "x"]) == 2
    assert "--id names one article" in capsys.readouterr().err


def test_duplicates_in_a_batch_are_reported(tmp_path, capsys):
    line = '{"title": "T", "url": "https://example.org/1", "text": "Canada sanctioned Belarus."}\n'
    f = tmp_path / "feed.jsonl"
    f.write_text(line + line + line.replace("/1", "/2").replace("Canada", "Kenya"))
    assert main(["build", str(f), "--store", str(tmp_path / "s")]) == 0
    cap = capsys.readouterr()
    assert f"{f}:2 has the same text as {f}:1" in cap.err
    assert "1 duplicate in the inputs" in cap.out and "2 added" in cap.out


def test_undeclared_prefix_is_named_on_a_store_and_on_a_graph_file(tmp_path, capsys, sample_out):
    store = tmp_path / "s"
    assert main(["build", str(sorted(DEV.glob("*.txt"))[0]), "--store", str(store), "-q"]) == 0
    q = "SELECT ?x WHERE { ?x a dip:Person OPTIONAL { ?x dip2:knows ?y } }"
    for where in (["--store", str(store)], ["--graph", str(sample_out / "graph.ttl")]):
        assert main(["query", q, *where]) == 2
        err = capsys.readouterr().err
        assert "Unknown namespace prefix" in err and "undeclared prefix dip2" in err, err


def test_store_export_as_turtle_uses_the_kg_prefixes(tmp_path):
    store = tmp_path / "s"
    assert main(["build", str(sorted(DEV.glob("*.txt"))[0]), "--store", str(store), "-q"]) == 0
    out = tmp_path / "g.ttl"
    assert main(["export", "--store", str(store), "--format", "ttl", "--out", str(out), "-q"]) == 0
    text = out.read_text()
    assert "@prefix dip: <https://w3id.org/kg-diplomacy/ontology#>" in text and "ns1:" not in text
