"""Extraction on a Dask cluster: the same store as one process, quad for quad; a killed
worker's articles read again elsewhere; a parse fault on a worker reported for its article
only (issue 10). Each test starts real worker processes on loopback."""

from __future__ import annotations

import pytest

from kg.cli import EXIT_SOME_INPUT_FAILED, main
from kg.pipeline import build_graph
from tests.conftest import SAMPLE
from tests.test_scale import _quads, _slice

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster: two single-threaded worker processes on loopback."""
    import logging

    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=":0", silence_logs=logging.ERROR)
        try:
            yield c
        finally:
            c.close()


@pytest.fixture(scope="module")
def single_store(tmp_path_factory):
    """The first releases of the corpus built into a store by one process."""
    tmp = tmp_path_factory.mktemp("single")
    sl = _slice(tmp, 8)
    code = main(["build", str(sl), "--store", str(tmp / "store"), "--quiet"])
    assert code in (0, 1)
    return sl, tmp / "store"


@pytest.mark.slow
def test_dask_local_cluster_store_equals_the_single_process_store_quad_for_quad(tmp_path, single_store, capsys):
    sl, ref = single_store
    store = tmp_path / "dask_store"
    code = main(["build", str(sl), "--store", str(store), "--dask", "local:2", "--quiet"])
    assert code in (0, 1), capsys.readouterr().err
    assert _quads(store) == _quads(ref)
    assert len(_quads(store)) > 1000


@pytest.mark.slow
def test_a_worker_killed_mid_run_still_ends_with_a_complete_store(tmp_path, single_store, cluster):
    import os
    import signal

    from kg.cli import _Inputs
    from kg.store import KgStore

    sl, ref = single_store
    with distributed.Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
    assert len(pids) == 2
    killed = []

    def progress(n, article):
        if n == 1 and not killed:
            os.kill(pids[0], signal.SIGKILL)  # a worker dies while others' tasks are in flight
            killed.append(pids[0])

    store = KgStore(tmp_path / "s")

    def sink(article, triples):
        store.add_articles([(article, triples)])  # N-Triples bytes from the workers

    result = build_graph(_Inputs([str(sl)]), progress=progress, dask=cluster.scheduler_address, sink=sink)
    store.flush()
    assert killed and not result.failed
    assert {str(q) for q in store.ox} == _quads(ref)


@pytest.mark.slow
def test_a_parse_time_exception_on_a_dask_worker_is_reported_for_that_article_only(tmp_path, capsys, cluster):
    import cloudpickle

    import tests.test_scale as me

    trap = tmp_path / "trap.txt"
    trap.write_text("Trap Article\n\nThe minister met the ambassador in Oslo.\n", encoding="utf-8")
    cloudpickle.register_pickle_by_value(me)  # the workers cannot import the tests
    try:
        with distributed.Client(cluster) as client:
            client.run(me.install_trap)
        code = main(["build", str(trap), str(SAMPLE), "--store", str(tmp_path / "s"),
                     "--dask", cluster.scheduler_address, "--quiet"])
    finally:
        with distributed.Client(cluster) as client:
            client.run(me.remove_trap)
        cloudpickle.unregister_pickle_by_value(me)
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    assert [ln for ln in err.splitlines() if "trap.txt" in ln] == [
        f"kg: skipped {trap}: internal error while parsing: ValueError: simulated parser fault"], err
    assert len(_quads(tmp_path / "s")) > 100


def test_dask_address_is_checked():
    from kg.cluster import parse_address
    from kg.errors import KgError

    assert parse_address("local:3") == ("local", 3)
    assert parse_address("tcp://10.0.0.5:8786") == ("remote", "tcp://10.0.0.5:8786")
    assert parse_address("10.0.0.5:8786") == ("remote", "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "nowhere"):
        with pytest.raises(KgError):
            parse_address(bad)


def test_build_help_mentions_dask(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "--dask" in out and "local:N" in out
