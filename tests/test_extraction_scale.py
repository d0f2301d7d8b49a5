"""Extraction stays linear in the size of an article.

A long article must not take quadratic time: an article of one sentence repeated 20,000
times once spent minutes in a pass that re-read every date of the Doc for each relation.
The Doc here is one parsed sentence copied many times (``Doc.from_docs``), so the test
costs the extraction, not the parser."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.entities import extract_mentions
from kg.extract.quotes import extract_quotes
from kg.extract.records import Context
from kg.extract.relations import extract_relations
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline

REPEATS = 2_000


@pytest.fixture(scope="module")
def long_doc() -> Doc:
    one = load_pipeline()("Macron met Scholz in Berlin on Monday. Le Drian said: \"We stand together.\"")
    return Doc.from_docs([one] * REPEATS)


def test_a_repeated_article_is_read_completely(long_doc):
    lex = load_lexicon()
    toks = list(long_doc)
    mentions = extract_mentions(long_doc, lex, toks)
    relations, _ = extract_relations(long_doc, mentions, lex, toks)
    met = [r for r in relations if r.prop == "metWith"]
    assert len(met) == REPEATS
    # every meeting keeps the date and place of its own sentence, not another's
    ctx = Context.build(long_doc, lex, mentions, toks)
    assert all(r.when == "Monday" for r in met)
    assert all(r.where is not None and ctx.sent_of(r.where) == r.sent for r in met)
    quotes = list(extract_quotes(long_doc, mentions, lex, toks))
    assert len(quotes) == REPEATS
    assert all(q.sent == ctx.sent_of(q.trigger) for q in quotes)


def test_sentence_lookup_is_by_position(long_doc):
    ctx = Context.build(long_doc, load_lexicon(), [], list(long_doc))
    sents = ctx.sents
    for si in (0, 1, len(sents) // 2, len(sents) - 1):
        s = sents[si]
        assert ctx.sent_of(s.start) == si and ctx.sent_of(s.end - 1) == si


def test_token_columns_stay_right_when_the_string_cache_is_emptied(monkeypatch):
    """The per-process string cache behind the token columns is bounded: emptied when full,
    every column still reads the Doc's own strings."""
    import kg.extract.syntax as syntax

    monkeypatch.setattr(syntax, "_STRING_CACHE_MAX", 3)
    monkeypatch.setattr(syntax, "_STRING_OF", {i: "stale" for i in range(10)})  # over the bound
    for text in ("Blinken met Lavrov in Geneva.", "The Secretary called Kuleba on Monday."):
        doc = load_pipeline()(text)
        cols = syntax.Tokens(doc)
        assert cols.texts == [t.text for t in doc] and cols.lowers == [t.lower_ for t in doc]
        assert cols.lemmas == [t.lemma_.lower() for t in doc] and cols.pos == [t.pos_ for t in doc]
        assert cols.text == doc.text
        assert "stale" not in syntax._STRING_OF.values()
        assert len(syntax._STRING_OF) <= 3 * len(doc)  # this Doc's words, lower-cased forms and lemmas
