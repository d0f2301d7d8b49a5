"""Events kg names itself before relations refer to them: votes and the texts voted on
("the draft resolution on Syria", "the General Assembly vote"), and agreements named by
description ("a peace agreement", "a defense cooperation agreement").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import Mention
from kg.extract.records import Context, EventMention
from kg.extract.syntax import (
    ACL,
    AMOD,
    COMPOUND,
    DET,
    DOBJ,
    POBJ,
    POSS,
    PREP,
    RELCL,
    XCOMP,
    prep_objects,
)
from kg.lexicon import Lexicon


def treaty_events(ctx: Context) -> None:
    """Agreements named by description ("a peace agreement", "a defense cooperation
    agreement") become Treaty nodes; "the deal" refers back to the last one."""
    for si, sent in enumerate(ctx.sents):
        for i in range(sent.start, sent.end):
            if ctx.pos[i] not in ("NOUN", "PROPN") or ctx.lemmas[i] not in ctx.lex.treaty_nouns or i in ctx.idx:
                continue
            tok = ctx.toks[i]
            end = tok.i + 1
            if tok.pos_ == "PROPN":
                # "signed a Memorandum of Understanding": a capitalised agreement with its "of" name
                if not any(c.dep_ == DET and c.lower_ in ("a", "an") for c in tok.children):
                    continue
                if end + 1 < sent.end and ctx.toks[end].lower_ == "of" and ctx.toks[end + 1].text[:1].isupper():
                    end += 2
                    while end < sent.end and ctx.toks[end].text[:1].isupper() and end not in ctx.idx:
                        end += 1
            if tok.dep_ == POBJ and tok.head.lower_ == "in":
                continue  # "in agreement"
            dets = {c.lower_ for c in tok.children if c.dep_ in (DET, POSS)}
            mods = [c for c in tok.children if c.dep_ in (AMOD, COMPOUND) and c.i < tok.i
                    and c.i not in ctx.idx and c.pos_ in ("NOUN", "ADJ", "PROPN")]
            if dets & {"the", "that", "this", "it"} and not mods:
                continue
            if not mods and not dets & {"a", "an"}:
                continue
            start = min([m.left_edge.i for m in mods] + [tok.i])
            label = ctx.doc[start:end].text
            if tok.tag_ == "NNS":
                continue  # "three peace deals", "these agreements": no one agreement
            ctx.add_event(EventMention(f"TREATY:{si}@{tok.i}", label, "TREATY", si, (tok.text,)))


def vote_events(ctx: Context) -> None:
    """Create an event for each vote or text voted on, before relations refer to them."""
    doc = ctx.doc
    vw = ctx.lex.vote_words
    text_nouns = vw["texts"]
    voting = vw["verbs"] | {"vote"}
    for si, sent in enumerate(ctx.sents):
        voted = None  # whether the sentence votes on a text: read once per sentence
        for i in range(sent.start, sent.end):
            low = ctx.lemmas[i]
            if low not in text_nouns and low != "vote":
                continue  # neither branch below can hold
            tok = ctx.toks[i]
            if tok.pos_ == "NOUN" and low in text_nouns and tok.tag_ != "NNS":
                # a text that is approved, adopted, vetoed or voted on in this sentence
                if voted is None:
                    voted = any(lemma in voting for lemma in ctx.lemmas[sent.start:sent.end])
                if not voted:
                    continue
                definite = any(c.dep_ == DET and c.lower_ in ("the", "that", "this") for c in tok.children)
                bare = not any(c.dep_ in (AMOD, COMPOUND, PREP, ACL, RELCL) for c in tok.children)
                if definite and bare and ctx.events:
                    continue  # "the draft" is the text already named
                if tok.dep_ == POBJ and tok.head.lower_ in ("of", "on") and not any(
                        c.dep_ in (ACL, RELCL) for c in tok.children) and tok.head.head.lemma_ != "vote":
                    continue
                label, alts = _text_label(ctx, tok, sent)
                comps = [c for c in tok.children if c.dep_ == COMPOUND and c.i < tok.i]
                start = min([c.left_edge.i for c in comps] + [tok.i])
                head_np = ctx.doc[start:tok.i + 1].text.lower()
                label = label or head_np
                alts = tuple(dict.fromkeys((*alts, head_np)))
                ctx.add_event(EventMention(f"VOTE:{si}@{tok.i}", label, "VOTE", si, alts))
            elif low == "vote" and tok.pos_ == "VERB":
                # "141 countries had voted to condemn Russia at the United Nations"
                org = None
                for _, o in prep_objects(tok, ("at", "in")):
                    if o.i in ctx.idx and ctx.idx[o.i].label == "ORG":
                        org = ctx.idx[o.i]
                if org is None:
                    for x in tok.children:
                        if x.dep_ == XCOMP:
                            for _, o in prep_objects(x, ("at", "in")):
                                if o.i in ctx.idx and ctx.idx[o.i].label == "ORG":
                                    org = ctx.idx[o.i]
                if org is not None:
                    short = _short_name(ctx, org)
                    aim = next((x for x in tok.children if x.dep_ == XCOMP), None)
                    alts = ()
                    if aim is not None:
                        obj = next((c for c in aim.children if c.dep_ == DOBJ), None)
                        if obj is not None:
                            alts = (f"vote to {aim.lemma_} {doc[obj.left_edge.i:obj.right_edge.i + 1].text}",)
                    ctx.add_event(EventMention(f"VOTE:{si}@{tok.i}", f"{short} vote", "VOTE", si, alts))


def _short_name(ctx: Context, m: Mention) -> str:
    if m.key:
        e = ctx.lex.entries.get(m.key.split(":", 1)[1])
        if e is not None:
            forms = [f for f in (e.name, *e.aliases) if f and " " not in f and f.isupper()]
            if forms:
                return sorted(forms, key=len)[0]
            return e.name
    return m.text


def _text_label(ctx: Context, tok: Token, sent: Span) -> tuple[str, tuple[str, ...]]:
    """A name for a text voted on: its own words ("a text on unilateral economic
    measures ..."), the body it was voted in ("Security Council text"), or the headline."""
    doc = ctx.doc
    if ctx.headline_topic and ctx.sents and tok.i < ctx.sents[0].end:
        return ctx.headline_topic, ()  # "X Reaffirmed in Text Approved by ...": the text on X
    mods = [c for c in tok.children if c.dep_ in (AMOD, COMPOUND) and c.i < tok.i]
    on = [p for p in tok.children if p.dep_ == PREP and p.lower_ in ("on", "about", "condemning", "concerning")]
    if on:
        p = on[0]
        return f"{tok.text} {doc[p.i:p.right_edge.i + 1].text}".strip(" ,."), ()
    if mods:
        start = min(m.left_edge.i for m in mods)
        return doc[start:tok.i + 1].text, ()
    acl = [c for c in tok.children if c.dep_ == ACL and c.tag_ == "VBG"]
    if acl:
        # "a resolution demanding the immediate withdrawal of all foreign forces"
        end = acl[0].right_edge.i
        for d in acl[0].subtree:
            if d.dep_ == PREP and d.head is not acl[0] and d.lower_ != "of":
                end = min(end, d.i - 1)
        return f"{tok.text} {doc[acl[0].i:end + 1].text}".strip(" ,."), ()
    for body_prep in ("in", "by"):
        for _, o in prep_objects(tok, (body_prep,)) + [x for c in tok.children if c.dep_ == ACL for x in prep_objects(c, (body_prep,))]:
            if o.i in ctx.idx and ctx.idx[o.i].label == "ORG" and ctx.idx[o.i].kind != "shortname":
                return f"{ctx.idx[o.i].text} {tok.text}", ()
    if ctx.headline_topic:
        return ctx.headline_topic, ()
    return "", ()



def headline_topic(doc: Doc, sents: list[Span], lex: Lexicon) -> str | None:
    """In "X Reaffirmed in Text Approved by Committee" the text is about X."""
    if not sents:
        return None
    head = sents[0]
    words = [t for t in head if not t.is_space]
    if not any(t.lower_ in lex.vote_words["texts"] for t in words):
        return None
    for t in words[1:]:
        if t.tag_ in ("VBN", "VBZ", "VBD") and t.pos_ in ("VERB", "AUX"):
            if t.tag_ != "VBN":
                return None
            topic = doc[words[0].i:t.i].text.strip()
            return topic if len(topic.split()) >= 2 else None
    return None
