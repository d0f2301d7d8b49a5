"""Time and place: where places are, who hosts, and when and where an event happened.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.arguments import expand
from kg.extract.records import Context, RelationMention, replace
from kg.extract.syntax import AMOD, COMPOUND, NMOD, POBJ, PREP, prep_objects
from kg.namespace import EVENT_PROPERTIES

__all__ = ["EVENT_PROPERTIES", "hosts", "places", "with_time_and_place"]


def places(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """locatedIn from "New Delhi, India" and "the occupied territory, including Jerusalem"."""
    doc = ctx.doc
    ms = ctx.mentions_by_sent[si]
    for a, b in zip(ms, ms[1:], strict=False):
        # "New Delhi, India", "Bali, Indonesia"
        if (a.label == "PLACE" or a.kind == "capital") and b.label == "COUNTRY" and b.kind == "name" \
                and b.start == a.end + 1 and doc[a.end].text == ",":
            yield RelationMention("locatedIn", (a.head,), (b.head,), sent=si, trigger=a.end,
                                  rule="place-comma-country", confidence=0.9)
    # "the occupied Palestinian territory, including Jerusalem"
    for i in range(sent.start, sent.end):
        if ctx.lowers[i] != "including":
            continue  # (the word first, without a Token)
        tok = ctx.toks[i]
        if tok.dep_ == PREP:
            whole = tok.head
            if whole.i in ctx.idx and ctx.idx[whole.i].label == "PLACE":
                for o in tok.children:
                    if o.dep_ == POBJ:
                        parts = [p for p in expand(ctx, o) if isinstance(p, int) and ctx.idx[p].label == "PLACE"]
                        if parts:
                            yield RelationMention("locatedIn", tuple(parts), (whole.i,), sent=si,
                                                  trigger=tok.i, rule="place-including", confidence=0.8)


def hosts(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """"host India": the host of the gathering the sentence is about."""
    host_words = ctx.lex.words("host_nouns")
    for i in range(sent.start, sent.end):
        if ctx.lowers[i] not in host_words:
            continue  # (the word first, without a Token)
        tok = ctx.toks[i]
        if tok.dep_ in (COMPOUND, AMOD, NMOD) and tok.head.i in ctx.idx:
            host = ctx.idx[tok.head.i]
            target = next((m for m in ctx.mentions_by_sent[si] if m.label == "ORG" and m is not host), None)
            if target is not None and host.label == "COUNTRY":
                yield RelationMention("hosted", (host.head,), (target.head,), sent=si, trigger=tok.i,
                                      rule="host-apposition", confidence=0.6)


def with_time_and_place(ctx: Context, r: RelationMention, si: int) -> RelationMention:
    """The record with the date phrase and the place of its event, when the sentence
    gives them: the date attached to the trigger's clause (else the nearest date), and a
    place "in"/"at" the trigger or the two clauses above it."""
    trig = ctx.toks[r.trigger] if 0 <= r.trigger < len(ctx.toks) else None
    if trig is None:
        return r
    when = where = None
    dates = ctx.dates_in(si)
    if dates:
        mine = [e for e in dates if trig in list(e.root.ancestors) or e.root.head == trig]
        best = mine[0] if mine else min(dates, key=lambda e: abs(e.start - trig.i))
        when = best.text
    for t in itertools.islice(itertools.chain((trig,), trig.ancestors), 3):
        for _, o in prep_objects(t, ("in", "at")):
            m = ctx.idx.get(o.i)
            if m is not None and (m.label == "PLACE" or m.kind == "capital"):
                where = m.head
                break
        if where is not None:
            break
    if when is None and where is None:
        return r
    return replace(r, when=when, where=where)
