"""kg load survives a server that dies, restarts or is busy, resumes where it stopped, and
never lets a graph name change the meaning of SPARQL. A real Oxigraph server (PyPI
`oxigraph`) on loopback is killed with SIGKILL and restarted on the same database."""

from __future__ import annotations

import http.server
import signal
import subprocess
import threading
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.cli import EXIT_OK, main
from kg.errors import KgError
from kg.load import Endpoint, graphs_of_store, load, sparql_iri
from kg.store import KgStore
from tests.test_load import DEV, OXIGRAPH, count, free_port, read_back, wait_until_up

pytestmark = [pytest.mark.server,
              pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph server is not installed")]


class Oxigraph:
    """An Oxigraph server on a fixed port and folder that a test can kill and restart."""

    def __init__(self, location: Path):
        self.location, self.port, self.proc = location, free_port(), None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(f"{self.base}/query?query=ASK%7B%7D", self.proc, 30)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture()
def oxigraph(tmp_path):
    srv = Oxigraph(tmp_path / "db")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("resilience") / "store"
    files = sorted(DEV.glob("*.txt"))[:12]
    assert main(["build", *map(str, files), "--store", str(d), "--quiet"]) == 0
    return d


def local_graphs(store_dir: Path) -> dict[str, Graph]:
    store = KgStore(store_dir, read_only=True)
    try:
        return {n: store.graph(n) for n in store.graphs()}
    finally:
        del store


def test_a_server_killed_mid_load_is_resumed_after_restart(oxigraph, store_dir, capsys):
    local = local_graphs(store_dir)
    assert len(local) == 12

    def kill_after_four(n, name, size):
        if n == 4:
            oxigraph.kill()

    store = KgStore(store_dir, read_only=True)
    report = load(graphs_of_store(store), Endpoint.from_base(oxigraph.base, retries=1, backoff=0.05),
                  progress=kill_after_four)
    del store
    assert len(report.loaded) == 4 and report.failed
    assert "cannot reach" in report.failed[0][1]

    oxigraph.start()  # same database folder: what arrived before the kill is still there
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "--resume"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Loaded 8 of 12 graphs" in out and "4 already on the server, skipped" in out
    for n, g in local.items():
        assert set(read_back(oxigraph.base, n)) == set(g), n
    assert count(oxigraph.base) == sum(len(g) for g in local.values())


def test_resume_reloads_a_graph_the_server_holds_differently(oxigraph, store_dir, capsys):
    local = local_graphs(store_dir)
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "-q"]) == EXIT_OK
    first = sorted(local)[0]
    # the server's copy of one graph is changed behind kg's back: one triple fewer
    drop = sorted(local[first], key=str)[0]
    sub = f"DELETE DATA {{ GRAPH <{first}> {{ {drop[0].n3()} {drop[1].n3()} {drop[2].n3()} }} }}"
    ep = Endpoint.from_base(oxigraph.base)
    ep.client.post(ep.update, content=sub.encode(), headers={"Content-Type": "application/sparql-update"})
    ep.close()
    capsys.readouterr()
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "--resume", "-q"]) == EXIT_OK
    assert "Loaded 1 of 12 graphs" in capsys.readouterr().out
    assert set(read_back(oxigraph.base, first)) == set(local[first])


def test_a_restart_within_the_retries_is_not_a_failure(oxigraph, store_dir):
    local = local_graphs(store_dir)
    restarter: list[threading.Thread] = []

    def kill_and_restart_soon(n, name, size):
        if n == 3:
            oxigraph.kill()
            restarter.append(threading.Thread(target=oxigraph.start))
            restarter[0].start()

    store = KgStore(store_dir, read_only=True)
    report = load(graphs_of_store(store), Endpoint.from_base(oxigraph.base, retries=8, backoff=0.2),
                  progress=kill_and_restart_soon)
    del store
    restarter[0].join()
    assert not report.failed and len(report.loaded) == 12
    assert report.retries >= 1
    assert count(oxigraph.base) == sum(len(g) for g in local.values())


class Busy(http.server.BaseHTTPRequestHandler):
    """A graph store that answers 503 to the first two requests, then accepts."""

    calls: list[str] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Busy.calls.append(self.command)
        self.send_response(503 if len(Busy.calls) <= 2 else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def test_503_is_retried_with_backoff():
    Busy.calls = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    t = threading.Thread(target=srv.serve_forever)
    t.start()
    try:
        g = Graph()
        g.add((URIRef("urn:kg:a"), URIRef("urn:kg:p"), Literal("x")))
        ep = Endpoint.from_base(f"http://127.0.0.1:{srv.server_address[1]}", backoff=0.01)
        report = load([("urn:kg:graph", g)], ep)
    finally:
        srv.shutdown()
        t.join()
        srv.server_close()
    assert report.loaded == ["urn:kg:graph"] and report.retries == 2
    assert Busy.calls == ["PUT", "PUT", "PUT"]


class Recorder(http.server.BaseHTTPRequestHandler):
    """A graph store that accepts everything and records which client port each request
    came from (one port: one kept-alive connection)."""

    protocol_version = "HTTP/1.1"  # keep-alive
    ports: list[int] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Recorder.ports.append(self.client_address[1])
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def test_one_connection_serves_the_whole_load():
    Recorder.ports = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    t = threading.Thread(target=srv.serve_forever)
    t.start()
    try:
        graphs = []
        for i in range(5):
            g = Graph()
            for j in range(7):
                g.add((URIRef(f"urn:kg:s{j}"), URIRef("urn:kg:p"), Literal(f"{i}-{j}")))
            graphs.append((f"urn:kg:graph{i}", g))
        report = load(graphs, Endpoint.from_base(f"http://127.0.0.1:{srv.server_address[1]}"), batch=3)
    finally:
        srv.shutdown()
        t.join()
        srv.server_close()
    assert len(report.loaded) == 5 and len(Recorder.ports) == 15  # 3 requests a graph
    assert len(set(Recorder.ports)) == 1


@pytest.mark.parametrize("bad", [
    "urn:x> } ; DROP ALL ; INSERT DATA { GRAPH <urn:y",
    "no scheme", "http://a b", "http://a/{x}", "http://a/\nb", "", "urn:x\\u003e",
])
def test_graph_names_sparql_cannot_hold_are_refused(bad):
    with pytest.raises(KgError, match="not a graph IRI"):
        sparql_iri(bad)


def test_an_injecting_graph_name_changes_nothing_on_the_server(oxigraph, store_dir, capsys):
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "-q"]) == EXIT_OK
    before = count(oxigraph.base)
    evil = "urn:x> { } } ; DROP ALL ; INSERT DATA { GRAPH <urn:y"
    g = Graph()
    g.add((URIRef("urn:kg:a"), URIRef("urn:kg:p"), Literal("x")))
    report = load([(evil, g)], Endpoint.from_base(oxigraph.base), use_update=True)
    assert not report.loaded and "not a graph IRI" in report.failed[0][1]
    assert count(oxigraph.base) == before > 0


def test_quiet_load_prints_the_summary_its_help_promises(oxigraph, store_dir, capsys):
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "-q"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.strip().startswith("Loaded 12 of 12 graphs (") and captured.err == ""
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base, "-q", "--resume"]) == EXIT_OK
    assert "Loaded 0 of 12 graphs (0 triples) by graph store; 12 already on the server, skipped." in \
        capsys.readouterr().out


def test_load_progress_in_a_log_is_plain_lines(oxigraph, store_dir, capsys):
    assert main(["load", "--store", str(store_dir), "--endpoint", oxigraph.base]) == EXIT_OK
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.startswith("  load ") and "\r" not in line for line in lines)
    assert lines[-1].startswith("  load 12/12 graphs (") and "in all)" in lines[-1]
