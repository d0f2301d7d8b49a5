"""Offices and memberships: who holds which office where, who is a citizen of which
country, which body is part of which, and who is a member of what.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.arguments import expand, subjects
from kg.extract.entities import Mention
from kg.extract.factuality import factuality
from kg.extract.records import Context, RelationMention
from kg.extract.syntax import (
    AMOD,
    APPOS,
    ATTR,
    COMPOUND,
    DOBJ,
    NMOD,
    NSUBJPASS,
    RELCL,
    is_passive,
    prep_objects,
)


def office_relations(ctx: Context) -> Iterator[RelationMention]:
    """jobTitle, officialOf, citizenOf and partOf read from how people and bodies are named:
    "German Foreign Minister Annalena Baerbock", "her Russian counterpart, Sergei Lavrov",
    "Paul Whelan, an American", "the Russian Foreign Ministry"."""
    lex = ctx.lex
    doc = ctx.doc
    spokes_office: Mention | None | bool = False  # "Office of the Spokesperson", found once
    for m in ctx.mentions:
        if m.label != "PERSON" or m.kind != "name":
            continue
        si = ctx.sent_of(m.start)
        if m.title:
            yield RelationMention("jobTitle", (m.head,), literal=m.title, sent=si, trigger=m.start,
                                  rule="title", confidence=0.9)
            aff = m.affiliation
            if aff is None and m.key:
                entry = lex.entries.get(m.key.split(":", 1)[1])
                if entry is not None and (entry.country or entry.organization):
                    aff = f"COUNTRY:{entry.country}" if entry.country else f"ORG:{entry.organization}"
                    rule = "title+gazetteer"
                else:
                    rule = ""
            else:
                rule = "title-affiliation"
            if aff is None and m.title.lower() in lex.title_country:
                aff, rule = f"COUNTRY:{lex.title_country[m.title.lower()]}", "title-country"
            if aff is None and m.title.lower().startswith("spokes"):
                if spokes_office is False:
                    spokes_office = next((o for o in ctx.mentions if o.label == "ORG" and "spokes" in o.text.lower()), None)
                org = spokes_office
                if org is not None:
                    yield RelationMention("officialOf", (m.head,), (org.head,), sent=si, trigger=m.start,
                                          rule="title-office", confidence=0.7)
                    continue
            if aff:
                yield RelationMention("officialOf", (m.head,), (f"KEY:{aff}",), sent=si,
                                      trigger=m.start, rule=rule, confidence=0.85 if not m.former else 0.6)
        # "Paul Whelan, an American": citizenship from a demonym in apposition
        head = doc[m.head]
        for c in head.children:
            if c.dep_ == APPOS and c.i in ctx.idx and ctx.idx[c.i].kind == "demonym":
                yield RelationMention("citizenOf", (m.head,), (c.i,), sent=si, trigger=c.i,
                                      rule="appos-demonym", confidence=0.8)
        # "a U.S. citizen, Gordon Black", "Gordon Black, a U.S. citizen"
        nouns = [c for c in head.children if c.dep_ == APPOS] + ([head.head] if head.dep_ == APPOS else [])
        if m.prefix_start >= 2 and doc[m.prefix_start - 1].text == ",":
            nouns.append(doc[m.prefix_start - 2])
        for n in nouns:
            if n.lower_ in lex.words("citizen_nouns"):
                for c in n.children:
                    if c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "COUNTRY":
                        yield RelationMention("citizenOf", (m.head,), (ctx.idx[c.i].head,), sent=si, trigger=n.i,
                                              rule="appos-citizen", confidence=0.8)
    # "her Russian counterpart, Sergei Lavrov": the counterpart's nationality is the office's
    for m in ctx.mentions:
        if m.kind == "counterpart" and m.affiliation:
            for c in doc[m.head].children:
                if c.dep_ == APPOS and c.i in ctx.idx and ctx.idx[c.i].label == "PERSON":
                    yield RelationMention("officialOf", (c.i,), (f"KEY:{m.affiliation}",),
                                          sent=ctx.sent_of(c.i), trigger=m.head,
                                          rule="counterpart-appos", confidence=0.8)
    # "the Russian Foreign Ministry" is part of Russia
    for m in ctx.mentions:
        if m.label == "ORG" and m.kind == "name" and m.affiliation and m.key is None:
            yield RelationMention("partOf", (m.head,), (f"KEY:{m.affiliation}",),
                                  sent=ctx.sent_of(m.start), trigger=m.head, rule="org-nationality",
                                  confidence=0.8)


def memberships(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """memberOf from "members of X, including A and B", "elected A to X", "X comprises A"."""
    lex = ctx.lex
    ms = lex.memberships
    member_nouns, admission_verbs = ms["member_nouns"], ms["admission_verbs"]
    composition_verbs = ms["composition_verbs"]
    for tok in ctx.toks[sent.start:sent.end]:
        low, lemma = tok.lower_, tok.lemma_.lower()
        # "members of the G20, including India, China and South Africa"
        if low in member_nouns and tok.pos_ == "NOUN":
            orgs = [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            orgs += [c.i for c in tok.children if c.dep_ in (COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "ORG"]
            members = [a for _, o in prep_objects(tok, tuple(lex.words("including"))) for a in expand(ctx, o)]
            if tok.dep_ == ATTR or tok.dep_ == APPOS:
                members += subjects(ctx, tok.head) if tok.dep_ == ATTR else expand(ctx, tok.head)
            if orgs and members:
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule="members-including", confidence=0.8)
        # "The Assembly elected Estonia to the Economic and Social Council"
        if lemma in admission_verbs and tok.pos_ == "VERB":
            members = [a for c in tok.children if c.dep_ in (DOBJ, NSUBJPASS) for a in expand(ctx, c)]
            orgs = [a for _, o in prep_objects(tok, ("to", "into", "as")) for a in expand(ctx, o)
                    if isinstance(a, int) and ctx.idx[a].label == "ORG"]
            if members and orgs:
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}-to", factuality=fact, cue=cue, confidence=0.75)
        # "The G20 is comprised of 19 countries and the European Union";
        # "the P5+1 group that includes the U.S., Britain ..."
        if lemma in composition_verbs and tok.pos_ == "VERB":
            whole = subjects(ctx, tok) if not is_passive(tok) else [a for c in tok.children if c.dep_ == NSUBJPASS for a in expand(ctx, c)]
            if tok.dep_ == RELCL:
                whole = expand(ctx, tok.head)
            parts = [a for c in tok.children if c.dep_ == DOBJ for a in expand(ctx, c)]
            parts += [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            whole = [w for w in whole if isinstance(w, int) and ctx.idx[w].label == "ORG"]
            if whole and parts:
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(parts), tuple(whole), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}", factuality=fact, cue=cue, confidence=0.75)
