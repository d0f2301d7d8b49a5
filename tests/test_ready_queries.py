"""Ready queries on a corpus: the same rows on a store and on a graph file of the same
articles, pages with --limit/--offset, and the merged graph holds each label once.
(Their speed is measured by `make bench`, not here.)

The parameterised ready queries are paged: a subquery marked ``# page`` picks the next
--limit items (statements, paths; default 50) and only those are looked up and sorted, so a
page of a hub entity costs what a page of a rare one does."""

from __future__ import annotations

import csv
import io
import re

import pytest

from kg.cli import main
from kg.query import _STRINGS_AND_IRIS, open_graph, page_size, query_text, ready_queries, run_query
from kg.store import KgStore

#: Values for the parameterised ready queries, chosen to have long answers on the corpus.
PARAMS = {"name": "Antony Blinken", "from": "United States", "to": "Russia"}
#: A page longer than any answer on 300 releases: the whole answer.
WHOLE = 1_000_000
PAGED = sorted(n for n in ready_queries() if page_size(query_text(n)) is not None)


def _params(name: str, source) -> dict[str, str]:
    need = set(re.findall(r"\$([A-Za-z_]\w*)", query_text(name)))
    params = dict(PARAMS)
    if "title" in need:  # the article with the most statements
        rows = run_query(source, "SELECT ?t (COUNT(?st) AS ?n) WHERE { ?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?a . "
                                 "?a <http://purl.org/dc/terms/title> ?t } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1").rows
        params["title"] = rows[0][0]
    missing = need - set(params)
    assert not missing, f"add sample values for {missing} to PARAMS"
    return {k: params[k] for k in need}


@pytest.fixture(scope="module")
def sources(corpus300):
    store, graph = KgStore(corpus300.store, read_only=True), open_graph(corpus300.graph)
    yield store, graph
    store.close()


@pytest.mark.parametrize("name", sorted(ready_queries()))
def test_a_ready_query_gives_the_same_rows_on_the_store_and_on_the_graph_file(name, sources):
    store, graph = sources
    params = _params(name, store)
    whole = WHOLE if name in PAGED else None  # a paged query: its whole answer in one page
    on_store, on_file = run_query(store, name, params, limit=whole), run_query(graph, name, params, limit=whole)
    assert on_store.columns == on_file.columns
    assert on_store.rows == on_file.rows  # same rows, same order
    if name not in ("votes", "upcoming"):  # the first 300 releases hold no recorded vote
        assert on_store.rows, f"{name} answers nothing on 300 releases: the comparison proves little"


def test_an_entity_label_is_once_in_the_store_union_as_in_the_graph_file(sources):
    store, graph = sources
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?e rdfs:label 'Antony Blinken' }"
    assert run_query(store, q).rows == run_query(graph, q).rows == [["1"]]
    assert store.triple_count() == graph.triple_count()


def test_limit_and_offset_page_through_a_long_answer(corpus300, capsys):
    whole = run_query(KgStore(corpus300.store, read_only=True), "who_met_whom").rows
    assert len(whole) > 20
    assert main(["query", "who_met_whom", "--store", str(corpus300.store), "--limit", "5", "--offset", "10",
                 "--format", "csv"]) == 0
    page = [row[0] for row in csv.reader(io.StringIO(capsys.readouterr().out))][1:]
    assert page == [r[0] for r in whole[10:15]]
    assert main(["query", "SELECT * { ?s ?p ?o } LIMIT 3", "--graph", str(corpus300.graph), "--limit", "2"]) == 2
    assert "its own LIMIT" in capsys.readouterr().err


def test_the_parameterised_ready_queries_are_paged():
    assert set(PAGED) >= {"about_entity", "article_statements", "path_between"}
    assert all(page_size(query_text(n)) == 50 for n in PAGED)


@pytest.mark.parametrize("name", PAGED)
def test_pages_of_a_paged_query_are_disjoint_and_cover_the_whole_answer(name, sources):
    for source in sources:  # store and graph file alike, each in its own order
        params = _params(name, source)
        whole = run_query(source, name, params, limit=WHOLE).rows
        default = run_query(source, name, params).rows
        assert 0 < len(default) <= 50 < len(whole)  # the default page: 50 items, each one row at most
        size = max(5, len(whole) // 4)  # about five pages
        pages, offset = [], 0
        while True:
            page = run_query(source, name, params, limit=size, offset=offset).rows
            assert len(page) <= size
            if not page:
                break
            assert page == run_query(source, name, params, limit=size, offset=offset).rows  # same page again
            pages += page
            offset += size
        assert default == run_query(source, name, params, limit=50, offset=0).rows
        # Every row of the answer is on a page; a row is on two pages only when two items
        # (statements from two articles, say) read the same.
        assert sorted(map(tuple, whole)) == sorted(set(map(tuple, pages)))
        assert len(whole) <= len(pages) <= len(whole) * 1.2


def test_article_statements_pages_follow_the_text_on_store_and_file_alike(sources):
    store, graph = sources
    params = _params("article_statements", store)
    for offset in (0, 10, 20):
        on_store = run_query(store, "article_statements", params, limit=10, offset=offset).rows
        assert on_store == run_query(graph, "article_statements", params, limit=10, offset=offset).rows
    rows = run_query(store, "article_statements", params, limit=WHOLE).rows
    keys = [(r[0] or "", int(r[1])) for r in rows]  # date, sentence index
    assert keys == sorted(keys)


def test_limit_pages_a_paged_query_on_the_command_line(corpus300, capsys):
    args = ["query", "about_entity", "--param", "name=Antony Blinken", "--store", str(corpus300.store),
            "--format", "csv"]
    assert main([*args, "--limit", "7", "--offset", "7"]) == 0
    out, err = capsys.readouterr()
    assert 1 <= len(out.splitlines()) - 1 <= 7
    assert "from offset 7" in err and "next page: --offset 14" in err


def _columns_and_keys(text: str) -> tuple[set[str], set[str]]:
    """The outer SELECT's columns (``?x`` and ``(... AS ?x)``) and the outer ORDER BY's variables."""
    # comments dropped, strings and IRIs kept (they may hold '#')
    text = _STRINGS_AND_IRIS.sub(lambda m: "" if m.group().startswith("#") else m.group(), text)
    head = re.search(r"\bSELECT\b(.*?)\bWHERE\b", text, re.S).group(1)
    named = set(re.findall(r"\bAS\s+\?(\w+)\s*\)", head))
    bare = set(re.findall(r"\?(\w+)", re.sub(r"\((?:[^()]|\([^()]*\))*\)", " ", head)))
    order = text[text.rindex("ORDER BY"):]
    return named | bare, set(re.findall(r"\?(\w+)", order))


@pytest.mark.parametrize("name", sorted(ready_queries()))
def test_a_ready_query_sorts_on_every_column_it_shows(name):
    # Oxigraph orders any two distinct terms, so rows sorted on every column they show are
    # in one order only: the data's, never the order the store or the file holds triples in
    columns, keys = _columns_and_keys(query_text(name))
    assert columns and not columns - keys, f"{name}: ORDER BY lacks {sorted(columns - keys)}"


def test_ready_queries_answer_alike_whatever_order_the_triples_were_loaded_in(sources):
    """The rows and their order depend on the data alone: the merged graph loaded in reverse
    and in a shuffled order (the in-memory store iterates in insertion order, a store folder
    in its index order) answers every ready query as the store does."""
    import random

    import pyoxigraph as ox

    from kg.query import GraphFile

    store, _ = sources
    triples = list(store.triples())
    shuffled = triples[:]
    random.Random(300).shuffle(shuffled)
    loaded = []
    for order in (triples[::-1], shuffled):
        mem = ox.Store()
        mem.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in order)
        loaded.append(GraphFile(mem))
    for name in sorted(ready_queries()):
        params = _params(name, store)
        whole = WHOLE if name in PAGED else None
        expected = run_query(store, name, params, limit=whole).rows
        for source in loaded:
            assert run_query(source, name, params, limit=whole).rows == expected, name
