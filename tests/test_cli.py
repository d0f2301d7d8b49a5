"""Every command documents itself; query and export work on a built graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import EXIT_ERROR, build_parser, main
from kg.query import ready_queries

COMMANDS = ["build", "query", "export", "queries", "analyze", "validate", "load", "eval"]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help_with_an_example(cmd, capsys):
    with pytest.raises(SystemExit) as e:
        main([cmd, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "Example" in out and f"kg {cmd}" in out


def test_bench_help_names_every_benchmark(capsys):
    from kg.bench import main as bench_main

    with pytest.raises(SystemExit) as e:
        bench_main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for word in ("extraction", "processes", "long", "--memory-sizes", "--articles", "--dask local:"):
        assert word in out


def test_all_commands_are_covered():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)


def test_no_command_prints_usage(capsys):
    assert main([]) == EXIT_ERROR
    assert "usage: kg" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["who_met_whom", "offices", "votes", "quotes_by_speaker", "not_asserted"])
def test_ready_queries_return_rows(sample_out, capsys, name):
    assert name in ready_queries()
    assert main(["query", name, "--graph", str(sample_out / "graph.ttl"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, name


@pytest.mark.parametrize("name, params, expect", [
    ("about_entity", ["name=Maria Zakharova"], "There were neither talks nor a meeting"),
    ("path_between", ["from=India", "to=China"], "UN vote"),
    ("article_statements", ["title=Blinken, Lavrov Meet Briefly As Ukraine War Overshadows G20 Meeting"], "metWith"),
])
def test_parameterised_ready_queries(sample_out, capsys, name, params, expect):
    args = ["query", name, "--graph", str(sample_out / "graph.ttl"), "--format", "json"]
    for p in params:
        args += ["--param", p]
    assert main(args) == 0
    assert expect in capsys.readouterr().out


def test_missing_param_is_a_clear_error(sample_out, capsys):
    assert main(["query", "about_entity", "--graph", str(sample_out / "graph.ttl")]) == EXIT_ERROR
    assert "needs --param name=VALUE" in capsys.readouterr().err


def test_query_formats(sample_out, capsys):
    g = str(sample_out / "graph.ttl")
    q = "SELECT ?name WHERE { ?p a dip:Person ; rdfs:label ?name } ORDER BY ?name"
    assert main(["query", q, "--graph", g, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["name"] and ["Antony Blinken"] in rows
    assert main(["query", q, "--graph", g]) == 0
    table = capsys.readouterr().out
    assert "Antony Blinken" in table and table.rstrip().endswith("rows)")


def test_query_from_file(sample_out, tmp_path, capsys):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s dip:metWith ?o }")
    assert main(["query", str(rq), "--graph", str(sample_out / "graph.ttl"), "--format", "json"]) == 0
    assert int(json.loads(capsys.readouterr().out)[0]["n"]) >= 1


@pytest.mark.parametrize("args, message", [
    (["query", "SELECT ?s WHERE { ?s ", "--graph", "{g}"], "cannot run query"),
    (["query", "who met whom", "--graph", "{g}"], "neither SPARQL"),
    (["query", "missing.rq", "--graph", "{g}"], "missing.rq: no such query file"),
    (["query", "offices", "--graph", "nope.ttl"], "nope.ttl: no such graph file"),
])
def test_query_errors_are_one_line(sample_out, capsys, args, message):
    args = [a.replace("{g}", str(sample_out / "graph.ttl")) for a in args]
    assert main(args) == EXIT_ERROR
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                           ("trig", "trig"), ("nq", "nquads")])
def test_rdf_exports_reparse_isomorphic(sample_out, tmp_path, fmt, parse_as):
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", fmt, "--out", str(out),
                 "--quiet"]) == 0
    src = Graph().parse(sample_out / "graph.ttl", format="turtle")
    ds = Dataset()
    ds.parse(out, format=parse_as)
    back = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        back.add((s, p, o))
    assert isomorphic(src, back)


def test_graphml_export(sample_out, tmp_path):
    import networkx as nx

    out = tmp_path / "g.graphml"
    assert main(["export", "--graph", str(sample_out / "graph.ttl"), "--format", "graphml", "--out",
                 str(out), "--quiet"]) == 0
    G = nx.read_graphml(out)
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert "Antony Blinken" in labels
    assert any(d["relation"] == "metWith" for _, _, d in G.edges(data=True))


def test_load_to_where_nothing_listens_is_one_clear_line_and_loses_nothing(tmp_path, capsys):
    # Needs no server: an authenticated load (separate graph store and update URLs, digest
    # or basic auth) to a port where nothing listens.
    from kg.store import KgStore
    from tests.conftest import SAMPLE
    from tests.test_load import free_port

    store_dir = tmp_path / "store"
    assert main(["build", str(SAMPLE), "--store", str(store_dir), "--quiet"]) == 0
    before = len(KgStore(store_dir))
    base = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    args = ["load", "--store", str(store_dir), "--gsp", f"{base}/sparql-graph-crud-auth",
            "--update", f"{base}/sparql-auth", "--user", "dba"]
    capsys.readouterr()
    assert main(args) == EXIT_ERROR
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "is the server running?" in err[0] and base in err[0], err
    assert len(KgStore(store_dir)) == before


def test_readme_has_one_command_table_with_every_command_and_export_format():
    import re

    from kg.export import FORMATS
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command | what it does |"):].split("\n\n", 1)[0].splitlines()
    rows = table[2:]
    assert all(r.startswith("| `kg ") for r in rows), rows
    assert {re.match(r"\| `kg (\w+)", r).group(1) for r in rows} == set(COMMANDS)
    export = next(r for r in rows if r.startswith("| `kg export"))
    assert [f for f in FORMATS if f"`{f}`" not in export] == []
    load = next(r for r in rows if r.startswith("| `kg load"))
    assert "GRAPH ?g" in load and "named graph" in load
