"""kg load into a real Oxigraph server (PyPI `oxigraph`) started on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import EXIT_ERROR, main
from kg.store import KgStore
from tests.conftest import EVAL_DEV, ROOT

DEV = EVAL_DEV if EVAL_DEV.exists() else ROOT / "eval" / "dev"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
pytestmark = [pytest.mark.server,
              pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph server is not installed")]

TRICKY = ['a "quoted" word', "back\\slash", "two\nlines", "Лавров сказал «да»", "中文", "tab\tand \u2028 sep", ""]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float) -> None:
    """Poll a server's query URL until it answers; fail (and kill it) after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait()
    pytest.fail(f"the server did not answer at {url}")


@pytest.fixture()
def server(tmp_path):
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/query?query=ASK%7B%7D", proc, 30)
    yield base, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)  # Oxigraph holds a lock on its folder until it exits


def read_back(base: str, name: str) -> Graph:
    url = f"{base}/store?graph={urllib.parse.quote(name, safe='')}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    return Graph().parse(data=urllib.request.urlopen(req, timeout=30).read().decode("utf-8"), format="nt")


def count(base: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    req = urllib.request.Request(f"{base}/query?query={q}", headers={"Accept": "text/csv"})
    return int(urllib.request.urlopen(req, timeout=30).read().decode().splitlines()[1])


def test_store_loads_isomorphic_and_idempotent(server, tmp_path, capsys):
    base, _ = server
    store_dir = tmp_path / "store"
    assert main(["build", str(DEV), "--store", str(store_dir), "--quiet"]) == 0
    store = KgStore(store_dir)
    names = store.graphs()
    local = {n: store.graph(n) for n in names}
    del store
    assert main(["load", "--store", str(store_dir), "--endpoint", base, "-q"]) == 0
    for n in names:
        assert isomorphic(read_back(base, n), local[n]), n
    first = count(base)
    assert first == sum(len(g) for g in local.values())
    assert main(["load", "--store", str(store_dir), "--endpoint", base, "-q"]) == 0
    assert count(base) == first  # a second load adds nothing


def test_tricky_literals_survive(server, tmp_path):
    base, _ = server
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/kg-diplomacy/id/article/tricky"))
    for i, text in enumerate(TRICKY):
        g.add((URIRef(f"https://w3id.org/kg-diplomacy/id/person/p{i}"), URIRef("https://w3id.org/kg-diplomacy/ontology#said"),
               Literal(text)))
    g.add((URIRef("https://w3id.org/kg-diplomacy/id/x"), URIRef("https://w3id.org/kg-diplomacy/ontology#said"),
           Literal("bonjour", lang="fr")))
    f = tmp_path / "tricky.trig"
    f.write_text(ds.serialize(format="trig"), encoding="utf-8")
    assert main(["load", "--graph", str(f), "--endpoint", base, "-q", "--batch", "3"]) == 0
    assert isomorphic(read_back(base, str(g.identifier)), g)


def test_sparql_update_fallback(server, tmp_path):
    base, _ = server
    store_dir = tmp_path / "store"
    assert main(["build", str(sorted(DEV.glob("*.txt"))[0]), "--store", str(store_dir), "--quiet"]) == 0
    assert main(["load", "--store", str(store_dir), "--update", f"{base}/update", "--sparql-update", "-q",
                 "--batch", "50"]) == 0
    name = KgStore(store_dir).graphs()[0]
    assert isomorphic(read_back(base, name), KgStore(store_dir).graph(name))


def test_stopped_server_gives_a_clear_error(server, tmp_path, capsys):
    base, proc = server
    proc.terminate()
    proc.wait(timeout=30)
    store_dir = tmp_path / "store"
    assert main(["build", str(sorted(DEV.glob("*.txt"))[0]), "--store", str(store_dir), "--quiet"]) == 0
    before = len(KgStore(store_dir))
    assert main(["load", "--store", str(store_dir), "--endpoint", base]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "cannot reach" in captured.err and "is the server running?" in captured.err
    assert "Loaded 0 of 1 graphs" in captured.out
    assert len(KgStore(store_dir)) == before  # nothing lost locally


def test_the_readme_counts_a_loaded_store_with_graph_g(server, tmp_path):
    # The README tells users to count with GRAPH ?g: on Oxigraph the default graph stays
    # empty after kg load, so the query without it answers 0.
    import re

    from tests.conftest import ROOT, SAMPLE

    base, _ = server
    store_dir = tmp_path / "store"
    assert main(["build", str(SAMPLE), "--store", str(store_dir), "--quiet"]) == 0
    assert main(["load", "--store", str(store_dir), "--endpoint", base, "-q"]) == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    advised = re.search(r"`(SELECT \(COUNT\(\*\) AS \?n\) \{ GRAPH \?g \{ \?s \?p \?o \} \})`", readme).group(1)

    def ask(q: str) -> int:
        req = urllib.request.Request(f"{base}/query?query={urllib.parse.quote(q)}", headers={"Accept": "text/csv"})
        return int(urllib.request.urlopen(req, timeout=30).read().decode().splitlines()[1])

    store = KgStore(store_dir)
    assert ask(advised) == sum(len(store.graph(n)) for n in store.graphs()) > 0
    assert ask("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 0
