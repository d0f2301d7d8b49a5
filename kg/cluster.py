"""Extraction on a Dask cluster: ``kg build ... --dask local:N`` or ``--dask tcp://HOST:PORT``.

Workers parse and read articles (:func:`kg.pipeline.read_batch_shipped`) and send back each
article's triples as N-Triples bytes plus a small summary; the client keeps the order the
articles were given in, so it writes into the store exactly what a single-process build
writes, in the same order. The spaCy pipeline is loaded once per worker process
(``kg.nlp.load_pipeline`` is cached in the module), not once per task.

Failures: an exception inside one article is reported for that article by the worker
itself, as in every other mode. A task whose worker dies (killed, out of memory) is run
again by Dask on another worker; an article whose task fails twice is reported by name
and skipped. For a LocalCluster kg sets the scheduler's ``allowed-failures`` to 1 (one
retry); start a remote scheduler with ``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1``
for the same behaviour (Dask's default retries three times).

``dask[distributed]`` is an optional dependency: ``pip install 'kg[dask]'``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from kg.errors import ConfigError, KgError
from kg.ingest import Article, InputProblem
from kg.pipeline import BuildResult, Outcome, _batches, read_batch_shipped

#: Tasks in flight per worker: enough to keep every worker busy while the client waits for
#: the oldest one, few enough that the client holds a bounded number of articles.
IN_FLIGHT_PER_WORKER = 4


def parse_address(spec: str) -> tuple[str, int | str]:
    """``local:N`` -> ("local", N); ``tcp://host:port`` (or ``host:port``) -> ("remote", address)."""
    spec = spec.strip()
    if spec.startswith("local"):
        _, _, n = spec.partition(":")
        try:
            workers = int(n) if n else 2
        except ValueError:
            workers = 0
        if workers < 1:
            raise KgError(f"--dask local:N needs a number of workers of at least 1, got {spec!r}")
        return "local", workers
    if "://" not in spec:
        if ":" not in spec:
            raise KgError(f"--dask takes local:N or a scheduler address tcp://HOST:PORT, got {spec!r}")
        spec = f"tcp://{spec}"
    return "remote", spec


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError("--dask needs Dask: pip install 'kg[dask]' (dask[distributed])") from exc
    return distributed


@contextmanager
def dask_client(spec: str):
    """A Dask client for ``local:N`` (a LocalCluster of N single-threaded worker processes on
    loopback, stopped afterwards) or for a running scheduler's address."""
    import dask

    distributed = _import_distributed()
    kind, where = parse_address(spec)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        if kind == "local":
            cluster = distributed.LocalCluster(
                n_workers=where, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=":0", silence_logs=logging.ERROR)
            try:
                with distributed.Client(cluster) as client:
                    yield client
            finally:
                cluster.close()
        else:
            try:
                client = distributed.Client(where, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise KgError(f"cannot reach the Dask scheduler at {where}: {exc}") from exc
            with client:
                yield client


def read_on_worker(article: Article) -> Outcome:
    """The task: parse and read one article on a worker (never raises for the article's
    own faults; those come back as the Outcome's problem)."""
    return read_batch_shipped([article])[0]


def _n_workers(client) -> int:
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:
        return 1


def dask_outcomes(articles: Iterable[Article], result: BuildResult, client, *, batch_size: int = 16,
                  known: Callable[[Article], bool] | None = None) -> Iterator[Outcome]:
    """One Outcome per new distinct article, computed on the cluster, in input order."""
    distributed = _import_distributed()
    window = IN_FLIGHT_PER_WORKER * _n_workers(client)
    pending: deque = deque()

    def collect(article: Article, fut) -> Outcome:
        try:
            out = fut.result()
        except distributed.KilledWorker:
            out = Outcome(article, problem=InputProblem(
                article.source, "skipped after its Dask worker died twice while reading it"))
        except Exception as exc:
            out = Outcome(article, problem=InputProblem(
                article.source, f"failed twice on the Dask cluster: {type(exc).__name__}: {exc}"))
        fut.release()
        return out

    for batch in _batches(articles, result, batch_size, known):
        for a in batch:
            fut = client.submit(read_on_worker, a, key=f"kg-read-{a.content_hash}", pure=False, retries=1)
            pending.append((a, fut))
            while len(pending) >= window:
                yield collect(*pending.popleft())
    while pending:
        yield collect(*pending.popleft())
