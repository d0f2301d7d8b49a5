"""Shared fixtures. The spaCy pipeline loads once per test session (kg caches it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "g20_new_delhi.txt"
EVAL_DEV = ROOT.parent / "shared" / "eval" / "dev"


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    assert main(["build", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def sample_graph(sample_out) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(sample_out / "graph.ttl", format="turtle")
    return ds


CORPUS = ROOT.parent / "shared" / "corpus" / "state_dept_press_2021_2022.jsonl.gz"
CORPUS_N = 300


#: Modules that only read a built graph (analyses, the explorer, benchmarks): editing them
#: must not rebuild the cached corpus.
READ_ONLY = {"kg/analyze.py", "kg/html.py", "kg/bench.py", "kg/query.py"}
#: Folders of data that only queries read (the ready queries).
READ_ONLY_DIRS = ("ontology/queries/",)


def _source_key() -> str:
    """A hash of everything that decides what a build writes: kg's code and its data."""
    import hashlib

    h = hashlib.sha256()
    for base in (ROOT / "kg", ROOT / "ontology"):
        for f in sorted(base.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.relative_to(ROOT).as_posix() not in READ_ONLY \
                    and not f.relative_to(ROOT).as_posix().startswith(READ_ONLY_DIRS):
                h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def corpus300(request):
    """The first 300 releases of the shared corpus, built once into a store and a graph file.

    Returns a namespace with ``jsonl`` (the slice), ``store`` (a kg store folder) and
    ``graph`` (graph.ttl of the same articles). The build is cached under pytest's cache,
    keyed by a hash of kg's code and ontology, so a second test session reuses it; any
    change to the code or the lexicon builds it anew."""
    import gzip
    import itertools
    from types import SimpleNamespace

    if not CORPUS.exists():
        pytest.skip("the shared corpus is not beside the repository")
    base = Path(request.config.cache.mkdir(f"corpus{CORPUS_N}-{_source_key()}"))
    ns = SimpleNamespace(jsonl=base / "slice.jsonl", store=base / "store", graph=base / "out" / "graph.ttl")
    done = base / "done"
    if not done.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
            ns.jsonl.write_text("".join(itertools.islice(fh, CORPUS_N)), encoding="utf-8")
        rc = main(["build", str(ns.jsonl), "--store", str(ns.store), "--out", str(ns.graph.parent),
                   "--no-html", "--quiet", "--workers", "2"])
        assert rc in (0, 1), rc  # 1: some lines of the slice are duplicates or unreadable
        done.touch()
    return ns
