"""Benchmarks (``make bench``): kg's cost as a ratio to bare spaCy parsing of the same
texts in the same run, so the numbers mean the same on any machine.

    python -m kg.bench [--corpus FILE] [--articles N] [--only NAME] [--out output/bench.json]

extraction  bare ``nlp.pipe`` and the ``kg build`` path (parsing, extraction, resolution,
            graph) in one process, then both with ``--workers`` processes
processes   whole processes on the first N releases: bare spaCy (before and after kg, the
            ratio against their mean), ``kg build --out``, ``--store``, ``--workers``,
            ``--dask local:``; wall and CPU time, peak RSS of the client and of each worker;
            then a store build's peak RSS at each of ``--memory-sizes`` releases
long        one long article per process (190 KB and 1.9 MB of corpus text, one sentence
            repeated 20,000 times): time and peak RSS
html, store, analysis, queries
            the explorer, the Oxigraph store against rdflib's, ``kg analyze`` and the
            ready queries on a store of the whole corpus
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "state_dept_press_2021_2022.jsonl.gz"


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bench_extraction(articles, workers: int = 2) -> dict:
    import spacy

    from kg.nlp import load_pipeline
    from kg.pipeline import build_graph
    from kg.settings import spacy_model

    texts = [a.text for a in articles]
    bare = spacy.load(spacy_model())
    load_pipeline()  # load outside the timings
    list(bare.pipe(texts[:5]))
    res = {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}
    res["spacy_1"], _ = _timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=32)))
    res["kg_parse_1"], _ = _timed(lambda: _kg_parse_only(articles, batch_size=32))
    res["kg_1"], built = _timed(lambda: build_graph(articles, batch_size=32))
    res["triples"] = len(built.dataset)
    res["spacy_n"], _ = _timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=32, n_process=workers)))
    res["kg_n"], _ = _timed(lambda: build_graph(articles, batch_size=32, n_process=workers))
    res["workers"] = workers
    res["overhead"] = res["kg_1"] / res["spacy_1"] - 1
    res["layer"] = res["kg_1"] / res["kg_parse_1"] - 1
    res["kg_speedup"] = res["kg_1"] / res["kg_n"]
    res["spacy_speedup"] = res["spacy_1"] / res["spacy_n"]
    return res


def _kg_parse_only(articles, batch_size: int) -> int:
    """Parse only, batched as ``kg build`` batches (16 articles, at most PIPE_CHARS characters
    per ``nlp.pipe`` call, long articles in pieces): what kg's reading adds is then its own."""
    from kg.nlp import load_pipeline
    from kg.pipeline import BATCH_SIZE, PIECE_CHARS, _pipe_groups, parse

    nlp = load_pipeline()
    n = 0
    for i in range(0, len(articles), BATCH_SIZE):
        for group in _pipe_groups(articles[i:i + BATCH_SIZE]):
            n += sum(1 for _ in nlp.pipe((a.text for a in group if len(a.text) <= PIECE_CHARS), batch_size=batch_size))
            n += sum(1 for a in group if len(a.text) > PIECE_CHARS and parse(a.text, nlp) is not None)
    return n


def synthetic_graph(n_nodes: int, seed: int = 7):
    """A graph shaped like kg's output: persons, countries and organisations joined by
    relations with evidence, two edges per node on average (preferential attachment)."""
    import random

    from kg.graph import article_triples
    from kg.ingest import Article
    from kg.resolve import Entity, Resolution, Statement

    rnd = random.Random(seed)
    classes = ["PERSON", "COUNTRY", "ORG", "PERSON", "PLACE"]
    props = ["metWith", "urged", "condemned", "supports", "spokeWith", "memberOf", "visited"]
    ents = {f"{classes[i % 5]}:entity {i}": Entity(f"{classes[i % 5]}:entity {i}", classes[i % 5], f"Entity {i}")
            for i in range(n_nodes)}
    keys = list(ents)
    stmts, targets = [], [keys[0]]
    for i, k in enumerate(keys[1:], 1):
        for _ in range(2):
            o = rnd.choice(targets)
            stmts.append(Statement(k, props[(i + len(stmts)) % len(props)], o, None, i % 50, "bench", "asserted",
                                   None, 0.8, "met"))
            targets.append(o)
        targets.append(k)
    art = Article(text="x", source="bench.txt", title="Synthetic")
    return article_triples(art, Resolution(ents, stmts), [f"Sentence number {j}." for j in range(50)])


def bench_html(sizes=(1000, 5000, 20000), browser_at: int | None = 5000) -> list[dict]:
    """The explorer's build time from Oxigraph (the view comes from SPARQL): view, PageRank,
    overview, communities, page; the graph file's parse (``parse_s``) is timed apart."""
    import tempfile

    from kg.html import render_html
    from kg.query import open_graph

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic.nt"
            synthetic_graph(n).serialize(destination=str(path), format="nt", encoding="utf-8")
            parse_s, source = _timed(lambda path=path: open_graph(path))
            cpu = time.process_time()
            t, page = _timed(lambda source=source: render_html(source))
            cpu = time.process_time() - cpu
        row = {"nodes": n, "edges": 2 * (n - 1), "parse_s": round(parse_s, 2), "build_s": round(t, 2),
               "cpu_s": round(cpu, 2), "size_mb": round(len(page.encode()) / 1e6, 2)}
        if n == browser_at:
            row["render_s"] = _browser_render_time(page)
        rows.append(row)
    return rows


def _browser_render_time(page: str) -> float | None:
    """Seconds from navigation to the first stable render (physics frozen) in headless Chromium."""
    import shutil
    import tempfile

    chromium, driver_bin = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_bin):
        return None
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_text(page, encoding="utf-8")
        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--no-first-run", f"--user-data-dir={tmp}/profile"):
            opts.add_argument(flag)
        d = webdriver.Chrome(service=Service(driver_bin), options=opts)
        try:
            d.set_page_load_timeout(300)
            t0 = time.perf_counter()
            d.get(path.as_uri())
            while not d.execute_script("return window.kgReady === true"):
                if time.perf_counter() - t0 > 300:
                    return None
                time.sleep(0.1)
            return round(time.perf_counter() - t0, 2)
        finally:
            d.quit()


def _parsed_graphs(articles, workers: int):
    """Each article's triples, read once (in parallel) for the store benchmarks."""
    from kg.pipeline import build_graph

    out = []
    from kg.pipeline import graph_of_nt

    def keep(a, g):  # a Graph, or N-Triples bytes from a worker process
        out.append((a, list(graph_of_nt(g) if isinstance(g, bytes) else g)))

    build_graph(articles, batch_size=32, n_process=workers, sink=keep)
    return out


def _insert_child(kind: str, path: str, graphs, q) -> None:
    import resource

    from rdflib import Graph

    from kg.iri import article_iri

    t0 = time.perf_counter()
    n = 0
    if kind == "oxigraph":
        from kg.store import KgStore

        store = KgStore(path)
        for article, triples in graphs:
            g = Graph()
            for t in triples:
                g.add(t)
            store.add_article(article, g)
            n += len(triples)
        store.flush()
    else:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for article, triples in graphs:
            g = ds.graph(article_iri(article.content_hash))
            for t in triples:
                g.add(t)
            n += len(triples)
    q.put({"seconds": round(time.perf_counter() - t0, 2), "triples": n,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


def _in_child(target, *args, timeout: float = 900):
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
    last = None
    while not q.empty():
        last = q.get()  # the newest (partial) result
    return last


def _scaled(graphs, minimum: int):
    """Copies of the articles' graphs, each copy its own article and statements (the
    entities shared), until there are ``minimum`` triples: a corpus of a million triples."""
    from rdflib import URIRef

    out, total, copy = [], 0, 0
    while total < minimum:
        for _article, triples in graphs:
            if copy == 0:
                out.append(triples)
            else:
                def ren(t, c=copy):
                    s = str(t)
                    if isinstance(t, URIRef) and ("/article/" in s or "/statement/" in s or "/event/" in s):
                        return URIRef(f"{s}-c{c}")
                    return t
                out.append([(ren(a), b, ren(c)) for a, b, c in triples])
            total += len(triples)
            if total >= minimum:
                break
        copy += 1
    return out, total


def _measured_command(argv: list[str]) -> dict:
    """Run one kg command in a fresh process: wall seconds and the process' peak RSS."""
    import subprocess

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    return {"seconds": round(seconds, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "exit": proc.returncode,
            "error": err.strip().splitlines()[-1] if proc.returncode and err.strip() else ""}


def bench_analysis(corpus: Path, store: Path, workers: int = 2) -> dict:
    """`kg analyze` and the store's explorer (`kg export --store --format html`) on a store
    of the whole corpus; the store is built first (untimed here) unless it exists."""
    res: dict = {}
    if not store.exists():
        t0 = time.perf_counter()
        res["build"] = _measured_command(["build", str(corpus), "--store", str(store), "--no-html", "-q",
                                          "--workers", str(workers)])
        res["build"]["seconds"] = round(time.perf_counter() - t0, 1)
    from kg.store import KgStore

    st = KgStore(store, read_only=True)  # a reader: another process may be reading it too
    try:
        res["articles"], res["quads"] = len(st.graphs()), len(st)
    finally:
        st.close()
    with tempfile_dir() as tmp:
        res["analyze"] = _measured_command(["analyze", "--store", str(store), "--format", "json"])
        res["html"] = _measured_command(["export", "--store", str(store), "--format", "html",
                                         "--out", f"{tmp}/graph.html", "-q"])
        page = Path(tmp) / "graph.html"
        res["html"]["size_mb"] = round(page.stat().st_size / 1e6, 1) if page.exists() else None
    return res


def tempfile_dir():
    import tempfile

    return tempfile.TemporaryDirectory()


#: Values for the ready queries that take parameters, chosen to exist in the corpus.
BENCH_PARAMS = {"name": "Antony Blinken", "from": "Ukraine", "to": "China",
                "title": "Secretary Blinken\u2019s Call with Ukrainian Foreign Minister Kuleba"}


def _query_child(kind: str, path: str, queries: dict, q) -> None:
    from kg.query import query_parameters

    res = {}
    if kind == "oxigraph":
        from kg.query import run_store_query
        from kg.store import KgStore

        store = KgStore(path)
        for name in queries:
            t0 = time.perf_counter()
            run_store_query(store, name, {k: BENCH_PARAMS[k] for k in query_parameters(name)})
            res[name] = round(time.perf_counter() - t0, 3)
            q.put(dict(res))
    else:
        from rdflib import Dataset

        from kg.query import run_query

        ds = Dataset(default_union=True)
        ds.parse(path, format="nquads")
        for name in queries:
            t0 = time.perf_counter()
            run_query(ds, name, {k: BENCH_PARAMS[k] for k in query_parameters(name)})
            res[name] = round(time.perf_counter() - t0, 3)
            q.put(dict(res))  # partial results survive a timeout
    q.put(res)


def bench_store(articles, workers: int = 2, million: int = 1_000_000) -> dict:
    import tempfile

    from kg.query import ready_queries

    graphs = _parsed_graphs(articles, workers)
    res: dict = {"articles": len(graphs)}
    with tempfile.TemporaryDirectory() as tmp:
        res["oxigraph_build"] = _in_child(_insert_child, "oxigraph", f"{tmp}/store", graphs)
        res["rdflib_build"] = _in_child(_insert_child, "memory", "", graphs)
        big, total = _scaled(graphs, million)
        import pyoxigraph as ox

        from kg.store import _ox_term

        store = ox.Store(f"{tmp}/big")
        gname = ox.NamedNode("https://w3id.org/kg-diplomacy/id/article/bench")
        store.bulk_extend(ox.Quad(_ox_term(a), _ox_term(b), _ox_term(c), gname) for ts in big for a, b, c in ts)
        store.flush()
        with open(f"{tmp}/big.nq", "wb") as fh:
            store.dump(fh, ox.RdfFormat.N_QUADS)
        del store
        res["query_triples"] = total
        queries = ready_queries()
        res["oxigraph_queries"] = _in_child(_query_child, "oxigraph", f"{tmp}/big", queries)
        res["rdflib_queries"] = _in_child(_query_child, "memory", f"{tmp}/big.nq", queries, timeout=420)
    return res



# ---------------------------------------------------------------- ready queries on a corpus store

#: Further cases of the paged queries, each a worst case on the corpus: the entity with the
#: most statements after Blinken, and a hub with an entity it has no path to (the whole
#: neighbourhood is searched for nothing).
BENCH_EXTRA = [("about_entity", {"name": "United States"}),
               ("path_between", {"from": "Antony Blinken", "to": "Barbados"}),
               ("path_between", {"from": "United States", "to": "Russia"})]


def _ready_query_child(path: str, repeats: int, q) -> None:
    """In a fresh process (so peak RSS is the queries' own): open the store or graph file,
    run every ready query ``repeats`` times (a paged one: its default first page), then the
    BENCH_EXTRA cases; median latency (wall and CPU), rows, peak RSS."""
    import resource
    import statistics

    from kg.query import open_graph, page_size, query_text, ready_queries, run_query

    t0 = time.perf_counter()
    source = open_graph(path)
    res: dict = {"open_s": round(time.perf_counter() - t0, 3), "queries": {}}
    cases = []
    for name in ready_queries():
        needs = set(re.findall(r"\$([A-Za-z_]\w*)", query_text(name)))
        cases.append((name, name, {k: BENCH_PARAMS[k] for k in needs if k in BENCH_PARAMS}))
    cases += [(f"{n} ({', '.join(p.values())})", n, p) for n, p in BENCH_EXTRA]
    for label, name, params in cases:
        times, cpu, rows = [], [], 0
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            rows = len(run_query(source, name, params).rows)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        res["queries"][label] = {"median_ms": round(1000 * statistics.median(times), 1),
                                 "cpu_ms": round(1000 * statistics.median(cpu), 1), "rows": rows,
                                 "parameterised": bool(params), "page": page_size(query_text(name))}
        q.put(dict(res))
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    source.close()
    q.put(res)


def bench_ready_queries(path: str | Path, repeats: int = 5) -> dict | None:
    """Each ready query's latency (median of ``repeats``) on a store folder or graph file,
    with BENCH_PARAMS for the parameterised ones, and the peak RSS of the querying process."""
    return _in_child(_ready_query_child, str(path), repeats, timeout=1800)


def build_corpus_store(corpus: Path, store: Path, workers: int) -> dict:
    """Build ``store`` from the whole corpus with ``kg build`` (skipped when it exists)."""
    import subprocess

    if (store / "CURRENT").exists():
        return {"reused": str(store)}
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store), "--no-html", "-q",
           "--workers", str(workers)]
    proc = subprocess.run(cmd, check=False)
    import resource

    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(time.perf_counter() - t0, 1), "exit": proc.returncode, "peak_rss_mb": round(rss)}


def print_ready_queries(label: str, r: dict | None) -> None:
    if not r:
        print(f"  {label}: timed out")
        return
    print(f"  {label}: opened in {r['open_s']} s, peak RSS {r.get('peak_rss_mb', '?')} MB; "
          "median of 5 (wall, CPU)")
    for name, v in r["queries"].items():
        mark = f" (first page of {v['page']})" if v.get("page") else ""
        print(f"    {name:<42} {v['median_ms']:>9.1f} ms {v.get('cpu_ms', 0):>8.1f} ms CPU {v['rows']:>6} rows{mark}")

# ------------------------------------------------------------------ whole processes


def _tree_peaks(root: int, peaks: dict[int, tuple[str, int]]) -> None:
    """Record the peak RSS (VmHWM, kB) of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                continue
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as fh:
                st = dict(line.split(":", 1) for line in fh if ":" in line)
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
            hwm = int(st.get("VmHWM", "0 kB").split()[0])
        except (OSError, ValueError):
            continue
        if hwm > peaks.get(pid, ("", 0))[1]:
            peaks[pid] = (cmd, hwm)


def run_measured(cmd: list[str], timeout: float = 7200) -> dict:
    """Run a command; its wall time and the peak RSS of it and of each process it starts
    (polled from /proc twice a second; Linux only)."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, tuple[str, int]] = {}
    while proc.poll() is None:
        _tree_peaks(proc.pid, peaks)
        if time.perf_counter() - t0 > timeout:
            proc.kill()
        time.sleep(0.5)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the whole process tree: on a shared machine a steadier measure than wall time
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    client = peaks.pop(proc.pid, ("", 0))[1]
    others = sorted((kb for cmd_, kb in peaks.values() if "python" in cmd_ or "kg" in cmd_), reverse=True)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rc": proc.returncode, "client_peak_mb": round(client / 1024),
            "worker_peaks_mb": [round(kb / 1024) for kb in others], "stderr_tail": err[-300:]}


def _bare_spacy_child(path: str) -> None:
    """bare spaCy over the texts of a JSON Lines file, as a whole process (python -m kg.bench --bare FILE)."""
    import spacy

    from kg.ingest import iter_inputs
    from kg.settings import spacy_model

    nlp = spacy.load(spacy_model())
    texts = (a.text for a in iter_inputs([path]) if hasattr(a, "text"))
    for _ in nlp.pipe(texts, batch_size=16):
        pass


def _slice_corpus(corpus: Path, n: int, dest: Path) -> Path:
    import gzip
    import itertools

    with gzip.open(corpus, "rt", encoding="utf-8") as fh, dest.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(fh, n))
    return dest


def bench_processes(corpus: Path, n: int, workers: int = 2, memory_sizes: tuple[int, ...] = ()) -> dict:
    """Whole processes on the first ``n`` releases: bare spaCy, ``kg build`` (--out and
    --store), ``--workers``, ``--dask local:`` (time; peak RSS of the client and each
    worker); then the store build's peak RSS at each of ``memory_sizes`` releases."""
    import tempfile

    kg = [sys.executable, "-m", "kg.cli"]
    res: dict = {"articles": n, "workers": workers}
    with tempfile.TemporaryDirectory() as tmp:
        sl = str(_slice_corpus(corpus, n, Path(tmp) / "slice.jsonl"))
        # bare spaCy runs before and after kg build --out (bracketing it), and the ratio
        # takes their mean: on a shared machine the load drifts during a run
        runs = {
            "bare_spacy": [sys.executable, "-m", "kg.bench", "--bare", sl],
            "kg_build_out": [*kg, "build", sl, "--out", f"{tmp}/out", "--no-html", "-q"],
            "bare_spacy_again": [sys.executable, "-m", "kg.bench", "--bare", sl],
            "kg_build_store": [*kg, "build", sl, "--store", f"{tmp}/s1", "-q"],
            f"kg_build_workers_{workers}": [*kg, "build", sl, "--store", f"{tmp}/s2", "-q", "--workers", str(workers)],
            f"kg_build_dask_local_{workers}": [*kg, "build", sl, "--store", f"{tmp}/s3", "-q", "--dask",
                                               f"local:{workers}"],
        }
        for name, cmd in runs.items():
            print(f"  {name} ...", flush=True)
            res[name] = run_measured(cmd)
            print(f"    {res[name]['seconds']} s (CPU {res[name]['cpu_seconds']} s), client {res[name]['client_peak_mb']} MB, "
                  f"workers {res[name]['worker_peaks_mb']} MB", flush=True)
        bare = [res["bare_spacy"], res["bare_spacy_again"]]
        res["kg_over_bare"] = round(2 * res["kg_build_out"]["seconds"] / sum(b["seconds"] for b in bare), 3)
        res["kg_over_bare_cpu"] = round(2 * res["kg_build_out"]["cpu_seconds"] / sum(b["cpu_seconds"] for b in bare), 3)
        res["kg_store_over_bare_cpu"] = round(
            2 * res["kg_build_store"]["cpu_seconds"] / sum(b["cpu_seconds"] for b in bare), 3)
        print(f"  kg build --out over bare spaCy: x{res['kg_over_bare_cpu']} CPU, x{res['kg_over_bare']} wall; "
              f"--store: x{res['kg_store_over_bare_cpu']} CPU", flush=True)
        import pyoxigraph as ox

        quads = [{str(q) for q in ox.Store.read_only(f"{tmp}/{d}")} for d in ("s1", "s2", "s3")]
        res["same_quads_workers_dask_single"] = quads[0] == quads[1] == quads[2]
        res["quads"] = len(quads[0])
        del quads
        for m in memory_sizes:
            if m == n:  # the kg build --store run above is this one
                res[f"memory_store_{m}"] = res["kg_build_store"]
                print(f"  memory: kg build --store on {m} releases: peak {res['kg_build_store']['client_peak_mb']} MB "
                      "(the run above)", flush=True)
                continue
            msl = str(_slice_corpus(corpus, m, Path(tmp) / f"m{m}.jsonl"))
            print(f"  memory: kg build --store on {m} releases ...", flush=True)
            res[f"memory_store_{m}"] = run_measured([*kg, "build", msl, "--store", f"{tmp}/m{m}", "-q"])
            print(f"    {res[f'memory_store_{m}']['seconds']} s, peak {res[f'memory_store_{m}']['client_peak_mb']} MB",
                  flush=True)
    return res


def _long_text(corpus: Path, size: int) -> str:
    """Corpus releases' bodies, one after another, up to ``size`` bytes: one long article."""
    import gzip

    parts, total = ["Collected Releases\n\n"], 0
    while total < size:
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line)["text"].strip() + "\n\n"
                parts.append(t)
                total += len(t.encode())
                if total >= size:
                    break
    return "".join(parts).encode()[:size].decode(errors="ignore")


def bench_long(corpus: Path, sizes=(190_000, 1_900_000), repeated: int = 20_000) -> dict:
    """One long article per run (``kg build FILE --out DIR --no-html``): time and peak RSS
    for each size, and for "Macron met Scholz in Berlin." repeated."""
    import tempfile

    res: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = {f"corpus_text_{s}": _long_text(corpus, s) for s in sizes}
        cases[f"repeated_sentence_x{repeated}"] = "Macron Meets Scholz\n\n" + "Macron met Scholz in Berlin. " * repeated
        for name, text in cases.items():
            p = Path(tmp) / f"{name}.txt"
            p.write_text(text, encoding="utf-8")
            print(f"  {name} ({p.stat().st_size:,} bytes) ...", flush=True)
            r = run_measured([sys.executable, "-m", "kg.cli", "build", str(p), "--out", f"{tmp}/o", "--no-html", "-q"])
            r["bytes"] = p.stat().st_size
            res[name] = r
            print(f"    {r['seconds']} s (CPU {r['cpu_seconds']} s), peak RSS {r['client_peak_mb']} MB, exit {r['rc']}",
                  flush=True)
    if len(sizes) == 2:
        a, b = (res[f"corpus_text_{s}"]["seconds"] for s in sizes)
        res["time_ratio"] = round(b / a, 2)
        a, b = (res[f"corpus_text_{s}"]["cpu_seconds"] for s in sizes)
        res["cpu_time_ratio"] = round(b / a, 2)
    return res


def _save(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus (default: shared corpus)")
    ap.add_argument("--articles", type=int, default=500, help="how many articles (default: 500)")
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel run (default: 2)")
    ap.add_argument("--out", type=Path, default=Path("output/bench.json"), help="where to write the numbers")
    ap.add_argument("--only", choices=("extraction", "html", "store", "analysis", "processes", "long", "queries"),
                    help="run one benchmark only")
    ap.add_argument("--analysis-store", type=Path, default=Path("output/bench-store"),
                    help="store of the whole corpus for `kg analyze` and the explorer (built there if missing)")
    ap.add_argument("--query-store", type=Path, default=Path("output/bench-store"),
                    help="store of the whole corpus for the ready-query benchmark (built there if missing)")
    ap.add_argument("--query-graph", type=Path, help="also time the ready queries on this graph file")
    ap.add_argument("--memory-sizes", default="500,1986",
                    help="releases for the flat-memory check of a store build (default: 500,1986)")
    ap.add_argument("--bare", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("--store-articles", type=int, default=1000, help="articles for the store benchmark (1000)")
    args = ap.parse_args(argv)
    if args.bare:
        _bare_spacy_child(args.bare)
        return 0
    results: dict = {}
    if args.only in ("processes", "long"):
        if args.only == "processes":
            sizes = tuple(int(x) for x in args.memory_sizes.split(",") if x)
            print(f"whole processes on {args.articles} releases, {os.cpu_count()} cores", flush=True)
            results["processes"] = bench_processes(args.corpus, args.articles, args.workers, sizes)
        else:
            print("long articles, one per process", flush=True)
            results["long"] = bench_long(args.corpus)
        _save(results, args.out)
        return 0
    if args.only in (None, "html"):
        print("html explorer: synthetic graphs (2 relations per entity)", flush=True)
        results["html"] = bench_html()
        for r in results["html"]:
            extra = f", first stable render in headless Chromium {r['render_s']} s" if r.get("render_s") else ""
            print(f"  {r['nodes']:>6,} nodes {r['edges']:>6,} edges: built in {r['build_s']:5.2f} s "
                  f"({r['cpu_s']} s CPU; the file parsed in {r['parse_s']} s before), "
                  f"{r['size_mb']:5.2f} MB{extra}", flush=True)
        if args.only == "html":
            _save(results, args.out)
            return 0
    if not args.corpus.exists():
        print(f"bench: corpus not found: {args.corpus} (use --corpus)", file=sys.stderr)
        return 2
    if args.only in (None, "queries"):
        print(f"ready queries: store of {args.corpus.name} at {args.query_store}", flush=True)
        qr = results["queries"] = {"build": build_corpus_store(args.corpus, args.query_store, args.workers)}
        qr["store"] = bench_ready_queries(args.query_store)
        print_ready_queries("store", qr["store"])
        if args.query_graph:
            qr["graph"] = bench_ready_queries(args.query_graph)
            print_ready_queries(f"graph file {args.query_graph.name}", qr["graph"])
        if args.only == "queries":
            _save(results, args.out)
            return 0
    from kg.ingest import read_inputs

    if args.only in (None, "analysis"):
        print(f"analysis: kg analyze and kg export --format html on a store of {args.corpus.name}", flush=True)
        ar = results["analysis"] = bench_analysis(args.corpus, args.analysis_store, args.workers)
        print(f"  store: {ar['articles']:,} articles, {ar['quads']:,} quads" +
              (f" (built in {ar['build']['seconds']} s)" if "build" in ar else ""))
        for k, what in (("analyze", "kg analyze --store"), ("html", "kg export --store --format html")):
            r = ar[k]
            print(f"  {what:<32} {r['seconds']:7.2f} s ({r['cpu_s']} s CPU), peak RSS {r['peak_rss_mb']:,} MB"
                  + (f", {r['size_mb']} MB" if r.get("size_mb") else "") + (f"  FAILED: {r['error']}" if r["exit"] else ""))
        if args.only == "analysis":
            _save(results, args.out)
            return 0
    all_articles, _ = read_inputs([str(args.corpus)])
    articles = all_articles[: args.articles]
    if args.only in (None, "store"):
        print(f"store: {args.store_articles} articles into Oxigraph and into rdflib's memory store", flush=True)
        sr = results["store"] = bench_store(all_articles[: args.store_articles], args.workers)
        for side in ("oxigraph", "rdflib"):
            b = sr[f"{side}_build"] or {}
            if b:
                print(f"  {side:<9} build: {b['triples']:,} triples in {b['seconds']} s "
                      f"({b['triples'] / max(b['seconds'], 1e-9):,.0f} triples/s), peak RSS {b['peak_rss_mb']} MB")
        print(f"  ready queries on {sr['query_triples']:,} triples (seconds):")
        oxq, rq = sr["oxigraph_queries"] or {}, sr["rdflib_queries"] or {}
        for name in sorted(set(oxq) | set(rq)):
            print(f"    {name:<20} oxigraph {oxq.get(name, '-'):>8}   rdflib memory {rq.get(name, 'timeout'):>8}")
        if args.only == "store":
            _save(results, args.out)
            return 0
    print(f"extraction: {len(articles)} articles from {args.corpus.name}, {os.cpu_count()} cores", flush=True)
    r = results["extraction"] = bench_extraction(articles, args.workers)
    rate = lambda t: r["articles"] / t  # noqa: E731
    print(f"  bare spaCy nlp.pipe         {r['spacy_1']:7.1f} s  {rate(r['spacy_1']):6.1f} articles/s")
    print(f"  kg build (1 process)        {r['kg_1']:7.1f} s  {rate(r['kg_1']):6.1f} articles/s"
          f"  -> knowledge-graph layer {100 * r['overhead']:+.0f}% on top of parsing")
    print(f"  kg's pipeline, parsing only {r['kg_parse_1']:7.1f} s  (kg's batching)  -> extraction, resolution "
          f"and graph {100 * r['layer']:+.0f}% on top of it")
    print(f"  bare spaCy, {r['workers']} processes      {r['spacy_n']:7.1f} s  speed-up x{r['spacy_speedup']:.2f}")
    print(f"  kg build, {r['workers']} workers         {r['kg_n']:7.1f} s  speed-up x{r['kg_speedup']:.2f}")
    print(f"  {r['triples']:,} triples")
    if args.only == "extraction":
        _save(results, args.out)
        return 0
    print(f"whole processes on {args.articles} releases (time; peak RSS of client and workers)", flush=True)
    results["processes"] = bench_processes(args.corpus, args.articles, args.workers,
                                           tuple(int(x) for x in args.memory_sizes.split(",") if x))
    print("long articles, one per process", flush=True)
    results["long"] = bench_long(args.corpus)
    _save(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
