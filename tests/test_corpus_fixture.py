"""The shared 300-release corpus build that scale tests use exists and is complete."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS_N


@pytest.mark.slow
def test_corpus300_has_every_distinct_article(corpus300):
    from kg.store import KgStore

    lines = [json.loads(x) for x in corpus300.jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == CORPUS_N
    distinct = {x["text"] for x in lines}
    store = KgStore(corpus300.store)
    try:
        assert len(store.graphs()) == len(distinct)
    finally:
        del store
    assert corpus300.graph.stat().st_size > 1_000_000
