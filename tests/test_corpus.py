"""Real text at scale: State Department press releases read without a crash or a loss,
with dates and URLs kept."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS

from kg.cli import main
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "state_dept_press_2021_2022.jsonl.gz"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repository")
def test_corpus_slice_builds_completely(tmp_path):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 120))
    sample = tmp_path / "slice.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    assert main(["build", str(sample), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    g = Dataset(default_union=True).parse(tmp_path / "o" / "graph.ttl")
    titles = {str(t) for t in g.objects(None, DCTERMS.title)}
    expected = {json.loads(line)["title"] for line in lines}
    assert titles == expected  # every article is in the graph
    first = json.loads(lines[0])
    assert Literal(first["url"], datatype=__import__("rdflib").XSD.anyURI) in set(g.objects())
    assert len(g) > 10_000
