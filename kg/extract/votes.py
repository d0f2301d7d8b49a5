"""Votes: how each actor voted on a text or in a vote (events from :mod:`events`)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.arguments import expand, subjects, vote_ref
from kg.extract.factuality import factuality
from kg.extract.records import Context, RelationMention
from kg.extract.syntax import ACL, ATTR, DOBJ, NSUBJ, NSUBJPASS, POBJ, PREP, RELCL, prep_objects


def vote_relations(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """votedFor, votedAgainst and abstainedFrom: vote lists in parentheses, "among those
    voting against were ...", "abstained on", "vetoed", "voted in favour of"."""
    doc = ctx.toks
    texts, lemmas = ctx.texts, ctx.lemmas
    vw = ctx.lex.vote_words
    current = ctx.first_vote_in(si) or ctx.last_vote_until(si)
    # Vote lists: "3 against (Israel, Marshall Islands and United States) with 5 abstentions (...)"
    i = sent.start
    while i < sent.end:
        if texts[i] == "(" and current:
            j = i + 1
            while j < sent.end and texts[j] != ")":
                j += 1
            before = {t.lower_ for t in doc[max(sent.start, i - 3):i]}
            prop = None
            if before & vw.get("against", set()):
                prop = "votedAgainst"
            elif before & vw.get("abstain", set()):
                prop = "abstainedFrom"
            elif before & vw.get("for", set()):
                prop = "votedFor"
            members = list(dict.fromkeys(
                ctx.idx[k].head for k in range(i + 1, j) if k in ctx.idx and ctx.idx[k].label == "COUNTRY"))
            if prop and members:
                yield RelationMention(prop, tuple(members), (current,), sent=si, trigger=i,
                                      rule="vote-list", confidence=0.9)
            i = j
        i += 1
    # "Among those voting against were the Russian Federation, Belarus and Syria."
    for i in range(sent.start, sent.end):
        if lemmas[i] != "vote" or not current:
            continue
        tok = ctx.toks[i]
        if tok.dep_ in (ACL, RELCL):
            cue = {c.lower_ for c in tok.subtree}
            prop = ("votedAgainst" if "against" in cue else "votedFor" if cue & vw.get("for", set()) else None)
            root = sent.root
            listed = [a for c in root.children if c.dep_ in (NSUBJ, ATTR) and c.i not in range(tok.left_edge.i, tok.right_edge.i + 1)
                      for a in expand(ctx, c)]
            listed = [a for a in listed if isinstance(a, int) and ctx.idx[a].label == "COUNTRY"]
            if prop and listed:
                yield RelationMention(prop, tuple(listed), (current,), sent=si, trigger=tok.i,
                                      rule="vote-cue", confidence=0.7)
    for i in range(sent.start, sent.end):
        lemma = lemmas[i]
        if ctx.pos[i] != "VERB" or lemma not in ("abstain", "veto", "vote"):
            continue  # (the branches below are for these verbs only)
        tok = ctx.toks[i]
        if lemma == "abstain":
            target = None
            for _, o in prep_objects(tok, ("in", "on", "from")):
                target = vote_ref(ctx, o, si)
            target = target or current
            subj = subjects(ctx, tok)
            if subj and target:
                fact, cue = factuality(tok, ctx.lex)
                yield RelationMention("abstainedFrom", tuple(subj), (target,), sent=si, trigger=tok.i,
                                      rule="verb:abstain", factuality=fact, cue=cue, confidence=0.85)
        elif lemma == "veto":
            objs = [c for c in tok.children if c.dep_ in (DOBJ, NSUBJPASS)]
            if tok.dep_ == ACL:
                objs.append(tok.head)
            target = next((vote_ref(ctx, o, si) for o in objs if vote_ref(ctx, o, si)), None)
            subj = subjects(ctx, tok) if tok.dep_ != ACL else [
                a for _, o in prep_objects(tok, ("by",)) for a in expand(ctx, o)]
            if subj and target:
                fact, cue = factuality(tok, ctx.lex)
                yield RelationMention("votedAgainst", tuple(subj), (target,), sent=si, trigger=tok.i,
                                      rule="verb:veto", factuality=fact, cue=cue, confidence=0.85)
        elif lemma == "vote":
            how = None
            for _, fav in prep_objects(tok, ("in",)):
                if fav.lower_ in ctx.lex.vote_words.get("for", set()):
                    objs = [o for _, o in prep_objects(fav, ("of",))]
                    target = next((vote_ref(ctx, o, si) for o in objs if vote_ref(ctx, o, si)), None) or current
                    subj = subjects(ctx, tok)
                    if subj and target:
                        fact, cue = factuality(tok, ctx.lex)
                        yield RelationMention("votedFor", tuple(subj), (target,), sent=si, trigger=tok.i,
                                              rule="verb:vote-in-favour", factuality=fact, cue=cue, confidence=0.8)
            for p in tok.children:
                if p.dep_ == PREP and p.lower_ in ("for", "against"):
                    how = "votedFor" if p.lower_ == "for" else "votedAgainst"
                    objs = [o for o in p.children if o.dep_ == POBJ]
                    target = next((vote_ref(ctx, o, si) for o in objs if vote_ref(ctx, o, si)), None) or current
                    subj = subjects(ctx, tok)
                    if subj and target and how:
                        fact, cue = factuality(tok, ctx.lex)
                        yield RelationMention(how, tuple(subj), (target,), sent=si, trigger=tok.i,
                                              rule="verb:vote", factuality=fact, cue=cue, confidence=0.8)
