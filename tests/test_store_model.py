"""The store's model, through its library API (no parsing: small hand-made graphs).

The default graph is the merged graph (each triple once); an article graph can be replaced
or removed alone; many new articles go through the bulk loader and end the same as one by
one; article identity is the URL, else the full path, never the base name."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.errors import KgError
from kg.ingest import article_from_text
from kg.namespace import DIP
from kg.store import INDEX_GRAPH, KgStore, identity_of, iri_ref

BLINKEN = URIRef("https://w3id.org/kg-diplomacy/id/person/antony-blinken")
KULEBA = URIRef("https://w3id.org/kg-diplomacy/id/person/dmytro-kuleba")


def _article(text: str, source: str = "a.txt", url: str | None = None):
    return article_from_text(text, source, url=url)


def _graph(*people: URIRef, met: bool = False) -> Graph:
    g = Graph()
    for p in people:
        g.add((p, RDF.type, DIP.Person))
        g.add((p, RDFS.label, Literal(p.rsplit("/", 1)[1].replace("-", " ").title())))
    if met and len(people) > 1:
        g.add((people[0], DIP.metWith, people[1]))
    return g


def _label_rows(store: KgStore, label: str) -> int:
    return sum(1 for _ in store.query(f'SELECT ?e WHERE {{ ?e rdfs:label "{label}" }}'))


def _state(store: KgStore) -> tuple[set, set]:
    """Everything observable: the article quads and the merged graph."""
    return set(map(str, store._article_quads())), set(map(str, store.triples()))


def test_an_entity_label_is_in_the_merged_graph_once_however_many_articles_mention_it(tmp_path):
    with KgStore(tmp_path / "s") as s:
        for i in range(5):
            s.add_article(_article(f"Article {i} about Blinken.", f"/news/{i}.txt"), _graph(BLINKEN))
        assert len(s.graphs()) == 5
        assert _label_rows(s, "Antony Blinken") == 1
        # the article graphs still say it each, for provenance
        assert sum(1 for _ in s.query('SELECT ?g WHERE { GRAPH ?g { ?e rdfs:label "Antony Blinken" } }')) == 5


def test_removing_an_article_keeps_what_other_articles_still_state(tmp_path):
    with KgStore(tmp_path / "s") as s:
        a = _article("Blinken met Kuleba.", "/news/a.txt")
        b = _article("Blinken spoke.", "/news/b.txt")
        s.add_article(a, _graph(BLINKEN, KULEBA, met=True))
        s.add_article(b, _graph(BLINKEN))
        s.remove_article(s.graphs()[[s.identity(g) for g in s.graphs()].index(identity_of(a))])
        assert _label_rows(s, "Antony Blinken") == 1  # b still states it
        assert _label_rows(s, "Dmytro Kuleba") == 0  # only a did
        assert not bool(s.query("ASK { ?x dip:metWith ?y }"))
        s.remove_article(s.graphs()[0])
        assert s.triple_count() == 0 and s.graphs() == []


def test_a_new_text_of_the_same_url_replaces_the_old_one_in_one_step(tmp_path):
    with KgStore(tmp_path / "s") as s:
        old = _article("Blinken met Kuleba.", "feed.jsonl:1", url="https://state.gov/x")
        new = _article("Blinken met Kuleba in Kyiv.", "other.jsonl:9", url="https://state.gov/x")
        assert s.add_article(old, _graph(BLINKEN, KULEBA, met=True)) == "added"
        rep = s.add_articles([(new, _graph(BLINKEN))])
        assert rep.counts() == {"added": 0, "replaced": 1, "unchanged": 0}
        assert rep.replaced[0][1] == "https://state.gov/x"
        assert len(s.graphs()) == 1 and s.identity(s.graphs()[0]) == "https://state.gov/x"
        assert _label_rows(s, "Dmytro Kuleba") == 0 and _label_rows(s, "Antony Blinken") == 1


def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    (tmp_path / "dirA").mkdir()
    (tmp_path / "dirB").mkdir()
    fa, fb = tmp_path / "dirA" / "readout.txt", tmp_path / "dirB" / "readout.txt"
    fa.write_text("one")
    fb.write_text("two")
    a, b = _article("one", str(fa)), _article("two", str(fb))
    assert identity_of(a) != identity_of(b)
    assert identity_of(a) == f"file://{fa.resolve()}"
    with KgStore(tmp_path / "s") as s:
        assert s.add_article(a, _graph(BLINKEN)) == "added"
        assert s.add_article(b, _graph(KULEBA)) == "added"
        assert len(s.graphs()) == 2
        # an explicit id makes another file a new version of the first
        c = _article("three", str(tmp_path / "elsewhere.txt"))
        assert s.add_article(c, _graph(KULEBA), identity=identity_of(a)) == "replaced"
        assert len(s.graphs()) == 2 and _label_rows(s, "Antony Blinken") == 0


def test_bulk_load_equals_one_by_one_and_readding_is_a_noop(tmp_path):
    items = [(_article(f"text {i}", f"/n/{i}.txt"), _graph(BLINKEN, URIRef(f"{KULEBA}-{i}"), met=True))
             for i in range(30)]
    with KgStore(tmp_path / "bulk") as bulk:
        rep = bulk.add_articles(items)
        assert rep.bulk and len(rep.added) == 30
        again = bulk.add_articles(items)
        assert not again.bulk and len(again.unchanged) == 30
        bulk_state = _state(bulk)
    with KgStore(tmp_path / "one") as one:
        for art, g in reversed(items):
            one.add_article(art, g)
        assert _state(one) == bulk_state


def test_articles_may_come_as_n_quads_bytes(tmp_path):
    g = _graph(BLINKEN, KULEBA, met=True)
    data = g.serialize(format="nt", encoding="utf-8")
    with KgStore(tmp_path / "a") as a, KgStore(tmp_path / "b") as b:
        a.add_articles([(_article("x", "/x.txt"), data), (_article("y", "/y.txt"), data)])
        b.add_articles([(_article("x", "/x.txt"), g), (_article("y", "/y.txt"), g)])
        assert _state(a) == _state(b)


def test_a_duplicate_within_a_batch_is_reported_unchanged(tmp_path):
    art = _article("same", "/same.txt")
    with KgStore(tmp_path / "s") as s:
        rep = s.add_articles([(art, _graph(BLINKEN)), (art, _graph(BLINKEN))])
        assert rep.counts() == {"added": 1, "replaced": 0, "unchanged": 1}


def test_an_interrupted_bulk_load_is_undone_when_the_store_is_next_opened(tmp_path):
    path = tmp_path / "s"
    with KgStore(path) as s:
        s.add_article(_article("kept", "/kept.txt"), _graph(BLINKEN))
        before = _state(s)
        # what a bulk load killed half-way leaves: a journal entry and part of the quads
        name = "https://w3id.org/kg-diplomacy/id/article/deadbeef"
        s._bulk_add([(name, "/half.txt", s._quads(name, _graph(KULEBA)))])
        s.ox.add(ox.Quad(ox.NamedNode(name), ox.NamedNode("https://w3id.org/kg-diplomacy/id/store/pending"),
                         ox.Literal("true"), ox.NamedNode("https://w3id.org/kg-diplomacy/id/store/journal")))
    with KgStore(path, read_only=True) as r:
        assert _state(r) == before
        assert name not in r
        assert len(list(r.ox.quads_for_pattern(None, None, None, ox.NamedNode(INDEX_GRAPH)))) == 1


def test_one_writer_at_a_time_and_readers_share(tmp_path):
    path = tmp_path / "s"
    w = KgStore(path)
    with pytest.raises(KgError, match=r"store is in use by PID \d+"):
        KgStore(path)
    with pytest.raises(KgError, match="store is in use"):
        KgStore(path, read_only=True)
    w.close()
    r1, r2 = KgStore(path, read_only=True), KgStore(path, read_only=True)
    with pytest.raises(KgError, match="store is in use by readers"):
        KgStore(path)
    r1.close()
    r2.close()
    KgStore(path).close()


@pytest.mark.parametrize("iri", ["http://x/a> } DROP ALL { <b", "http://x/a b", "", "http://x/\"q"])
def test_graph_iris_that_could_break_out_of_sparql_are_refused(iri):
    with pytest.raises(KgError, match="not a valid IRI"):
        iri_ref(iri)


def test_store_dump_writes_article_graphs_with_prefixes(tmp_path):
    import io

    with KgStore(tmp_path / "s") as s:
        s.add_article(_article("x", "/x.txt"), _graph(BLINKEN, KULEBA, met=True))
        buf = io.BytesIO()
        s.dump(buf, "trig")
        text = buf.getvalue().decode()
        assert "@prefix dip:" in text and "dip:metWith" in text
        assert "store/index" not in text  # kg's bookkeeping stays inside the store
