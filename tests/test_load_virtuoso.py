"""kg load into a real Virtuoso (Debian's virtuoso-opensource), a private instance on
loopback with its own folder and ports, through its digest-authenticated graph store."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
import urllib.request

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.store import KgStore
from tests.conftest import EVAL_DEV, ROOT
from tests.test_load import TRICKY, free_port, wait_until_up

DEV = EVAL_DEV if EVAL_DEV.exists() else ROOT / "eval" / "dev"
VIRTUOSO = shutil.which("virtuoso-t")
VSP = "/var/lib/virtuoso-opensource-7/vsp"
pytestmark = [pytest.mark.server,
              pytest.mark.skipif(not VIRTUOSO, reason="virtuoso-opensource is not installed (make test installs it)")]

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
MaxClientConnections = 5
ServerThreads = 5
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http, vsp=VSP))
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    wait_until_up(f"{base}/sparql?query=ASK%7B%7D", proc, 90)
    os.environ["KG_ENDPOINT_PASSWORD"] = "dba"  # a fresh private database's default
    yield base, proc
    os.environ.pop("KG_ENDPOINT_PASSWORD", None)
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=60)


def load_args(base: str) -> list[str]:
    return ["--gsp", f"{base}/sparql-graph-crud-auth", "--update", f"{base}/sparql-auth", "--user", "dba"]


def read_back(base: str, name: str) -> Graph:
    q = urllib.parse.quote(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    req = urllib.request.Request(f"{base}/sparql?query={q}", headers={"Accept": "application/n-triples"})
    return Graph().parse(data=urllib.request.urlopen(req, timeout=60).read().decode("utf-8"), format="nt")


def count(base: str, name: str) -> int:
    q = urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    req = urllib.request.Request(f"{base}/sparql?query={q}", headers={"Accept": "text/csv"})
    return int(urllib.request.urlopen(req, timeout=60).read().decode().splitlines()[1])


def test_store_loads_isomorphic_and_idempotent(virtuoso, tmp_path):
    base, _ = virtuoso
    store_dir = tmp_path / "store"
    files = sorted(DEV.glob("*.txt"))[:3]
    assert main(["build", *map(str, files), "--store", str(store_dir), "--quiet"]) == 0
    store = KgStore(store_dir)
    local = {n: store.graph(n) for n in store.graphs()}
    del store
    assert main(["load", "--store", str(store_dir), *load_args(base), "-q"]) == 0
    for n, g in local.items():
        assert isomorphic(read_back(base, n), g), n
    sizes = {n: count(base, n) for n in local}
    assert main(["load", "--store", str(store_dir), *load_args(base), "-q"]) == 0
    assert {n: count(base, n) for n in local} == sizes == {n: len(g) for n, g in local.items()}


def test_tricky_literals_by_sparql_update(virtuoso, tmp_path):
    base, _ = virtuoso
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/kg-diplomacy/id/article/tricky-virtuoso"))
    for i, text in enumerate(TRICKY):
        g.add((URIRef(f"https://w3id.org/kg-diplomacy/id/person/q{i}"),
               URIRef("https://w3id.org/kg-diplomacy/ontology#said"), Literal(text)))
    f = tmp_path / "tricky.trig"
    f.write_text(ds.serialize(format="trig"), encoding="utf-8")
    assert main(["load", "--graph", str(f), *load_args(base), "--sparql-update", "-q", "--batch", "3"]) == 0
    assert isomorphic(read_back(base, str(g.identifier)), g)
