"""`--param NAME=VALUE` binds the variable NAME to a string literal as an RDF term: the value
is never pasted into the query text, so it cannot change the query, and every other
SPARQL variable, `$var` as well as `?var`, stays an ordinary variable."""

from __future__ import annotations

import json

import pytest

from kg.cli import EXIT_ERROR, main
from tests.conftest import SAMPLE

# Labels a text substitution mangles or lets escape from its string literal.
AWKWARD = ['He said "no" \\ twice', "line one\nline two", "caf\\u00e9 $to }", 'x" } UNION { ?s ?p ?o } #']


@pytest.fixture
def labelled(tmp_path):
    """A graph of one entity per awkward label, plus one entity nobody asks about."""
    def lit(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i, label in enumerate([*AWKWARD, "Bystander"]):
        lines.append(f"<http://example.org/e{i}> rdfs:label {lit(label)} .")
    path = tmp_path / "labels.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(capsys, args) -> list[dict]:
    assert main(["query", *args, "--format", "json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("label", AWKWARD)
def test_a_value_is_bound_exactly_and_cannot_change_the_query(labelled, capsys, label):
    q = "SELECT ?e WHERE { ?e rdfs:label $name }"
    rows = _rows(capsys, [q, "--graph", str(labelled), "--param", f"name={label}"])
    assert rows == [{"e": f"http://example.org/e{AWKWARD.index(label)}"}]


def test_dollar_variables_stay_variables(labelled, capsys):
    # $e and $label are plain SPARQL variables here; only $name is a parameter.
    q = "SELECT $e $label WHERE { $e rdfs:label $label . FILTER($label != $name) }"
    rows = _rows(capsys, [q, "--graph", str(labelled), "--param", "name=Bystander"])
    assert sorted(r["label"] for r in rows) == sorted(AWKWARD)
    rows = _rows(capsys, ["SELECT $e WHERE { $e rdfs:label $l }", "--graph", str(labelled)])
    assert len(rows) == len(AWKWARD) + 1


def test_a_param_the_query_does_not_use_is_an_error(labelled, capsys):
    q = "SELECT ?e WHERE { ?e rdfs:label ?label }"
    assert main(["query", q, "--graph", str(labelled), "--param", "nmae=Bystander"]) == EXIT_ERROR
    assert "--param nmae: the query has no variable $nmae" in capsys.readouterr().err


def test_a_ready_query_names_the_param_it_lacks(sample_out, capsys):
    args = ["query", "path_between", "--graph", str(sample_out / "graph.ttl"), "--param", "from=India"]
    assert main(args) == EXIT_ERROR
    assert "needs --param to=VALUE" in capsys.readouterr().err


def test_store_and_graph_file_bind_alike(sample_out, tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", str(SAMPLE), "--store", str(store), "--quiet"]) == 0
    capsys.readouterr()
    args = ["about_entity", "--param", "name=Sergey Lavrov"]
    on_store = _rows(capsys, [*args, "--store", str(store)])
    on_file = _rows(capsys, [*args, "--graph", str(sample_out / "graph.ttl")])
    assert on_store == on_file and any(r["relation"] == "metWith" for r in on_file)
    # bound inside the ready query's subquery too: every row is about Lavrov
    assert all("Lavrov" in r["subject"] + r["object"] for r in on_file)


def test_a_param_binds_in_the_construct_where_short_form(labelled, capsys):
    # CONSTRUCT WHERE { P }: P is the template too, where no VALUES block may stand
    q = "CONSTRUCT WHERE { ?e rdfs:label $name }"
    rows = _rows(capsys, [q, "--graph", str(labelled), "--param", "name=Bystander"])
    assert rows == [{"subject": f"http://example.org/e{len(AWKWARD)}",
                     "predicate": "http://www.w3.org/2000/01/rdf-schema#label", "object": "Bystander"}]
