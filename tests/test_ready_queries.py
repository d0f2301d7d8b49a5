"""Ready queries on a corpus: the same rows on a store and on a graph file of the same
articles, pages with --limit/--offset, and the merged graph holds each label once.
(Their speed is measured by `make bench`, not here.)"""

from __future__ import annotations

import csv
import io
import re

import pytest

from kg.cli import main
from kg.query import open_graph, query_text, ready_queries, run_query
from kg.store import KgStore

#: Values for the parameterised ready queries, chosen to have long answers on the corpus.
PARAMS = {"name": "Antony Blinken", "from": "Ukraine", "to": "China"}


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
    on_store, on_file = run_query(store, name, params), run_query(graph, name, params)
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
