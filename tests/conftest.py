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
