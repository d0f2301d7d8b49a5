"""A store survives kill -9 and a second writer: real processes, real signals.

After a build is killed at any point the store opens, and running the same build again
ends equal (quad for quad, bookkeeping included) to a clean build. A second build on a
store in use stops at once with "store is in use by PID n"."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.cli import main
from kg.ingest import article_from_text
from kg.namespace import DIP
from kg.store import LOCK_NAME, KgStore
from tests.conftest import EVAL_DEV, ROOT

DEV = EVAL_DEV if EVAL_DEV.exists() else ROOT / "eval" / "dev"
KG = [sys.executable, "-m", "kg.cli"]


def _everything(path: Path) -> set[str]:
    """Every quad of the store: article graphs, merged graph, index (journal aside)."""
    with KgStore(path, read_only=True) as s:
        return {str(q) for q in s.ox.quads_for_pattern(None, None, None, None) if "store/journal" not in str(q.graph_name)}


def _wait_for(pred, timeout: float = 300) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting for the build")
        time.sleep(0.05)


def _holds_lock(store: Path, pid: int) -> bool:
    f = store / LOCK_NAME
    return f.exists() and f.read_text().strip() == str(pid)


@pytest.fixture(scope="module")
def inputs():
    return [str(p) for p in sorted(DEV.glob("*.txt"))[:6]]


@pytest.fixture(scope="module")
def clean(inputs, tmp_path_factory) -> set[str]:
    path = tmp_path_factory.mktemp("clean") / "s"
    assert main(["build", *inputs, "--store", str(path), "-q"]) == 0
    return _everything(path)


@pytest.mark.parametrize("point", ["store opened", "first article read", "all articles read"])
def test_kg_build_killed_at_any_point_then_rerun_equals_a_clean_build(point, inputs, clean, tmp_path):
    store = tmp_path / "s"
    proc = subprocess.Popen([*KG, "build", *inputs, "--store", str(store)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if point == "store opened":
        _wait_for(lambda: _holds_lock(store, proc.pid))
    else:
        want = "read 1/" if point == "first article read" else f"read {len(inputs)}/{len(inputs)}"
        for line in proc.stderr:
            if want in line:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    KgStore(store, read_only=True).close()  # opens
    assert main(["build", *inputs, "--store", str(store), "-q"]) == 0
    assert _everything(store) == clean


def test_a_second_build_stops_at_once_naming_the_first_and_a_rerun_completes(inputs, tmp_path, capsys):
    first, second = inputs[:3], inputs[3:]
    ref = tmp_path / "ref"
    assert main(["build", *inputs, "--store", str(ref), "-q"]) == 0
    store = tmp_path / "s"
    proc = subprocess.Popen([*KG, "build", *first, "--store", str(store), "-q"], cwd=ROOT)
    try:
        _wait_for(lambda: _holds_lock(store, proc.pid))
        t0 = time.monotonic()
        assert main(["build", *second, "--store", str(store), "-q"]) == 2
        assert time.monotonic() - t0 < 5  # at once: before any parsing
        assert f"store is in use by PID {proc.pid}" in capsys.readouterr().err
        assert main(["query", "SELECT * { ?s ?p ?o } LIMIT 1", "--store", str(store)]) == 2
        assert f"store is in use by PID {proc.pid}" in capsys.readouterr().err
    finally:
        assert proc.wait(timeout=600) == 0
    assert main(["build", *second, "--store", str(store), "-q"]) == 0
    assert _everything(store) == _everything(ref)


# ---------------------------------------------------------------- library, many bulk loads

N_ARTICLES, BATCH = 200, 25


def _items(n_articles: int = N_ARTICLES, n_people: int = 20):
    out = []
    for i in range(n_articles):
        g = Graph()
        for j in range(n_people):
            p = URIRef(f"https://w3id.org/kg-diplomacy/id/person/p{(i * 7 + j) % 500}")
            g.add((p, RDF.type, DIP.Person))
            g.add((p, RDFS.label, Literal(f"Person {(i * 7 + j) % 500}")))
            g.add((p, DIP.metWith, URIRef(f"https://w3id.org/kg-diplomacy/id/person/q{i}-{j}")))
        out.append((article_from_text(f"article {i}", f"/feed/{i}.txt"), g))
    return out


def _writer(path: str, ready) -> None:
    items = _items()
    s = KgStore(path)
    ready.set()
    for k in range(0, len(items), BATCH):  # one bulk load each
        s.add_articles(items[k: k + BATCH])
    s.close()


@pytest.fixture(scope="module")
def clean_load(tmp_path_factory) -> set[str]:
    path = tmp_path_factory.mktemp("clean_load") / "s"
    items = _items()
    with KgStore(path) as s:
        for k in range(0, N_ARTICLES, BATCH):
            s.add_articles(items[k: k + BATCH])
    return _everything(path)


@pytest.mark.parametrize("delay", [0.3, 1.5, 3.5])
def test_bulk_loads_killed_mid_write_are_undone_and_a_rerun_equals_a_clean_load(delay, clean_load, tmp_path):
    ctx = multiprocessing.get_context("spawn")
    path = tmp_path / "s"
    ready = ctx.Event()
    child = ctx.Process(target=_writer, args=(str(path), ready))
    child.start()
    assert ready.wait(120)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    with KgStore(path) as s:  # opens, and undoes a half-done bulk load
        s.add_articles(_items())
    assert _everything(path) == clean_load
