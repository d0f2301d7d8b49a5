"""Speech acts and evaluation: what a speaker's words do to another actor.

A speaker who calls another actor's act "unprovoked" or "aggression" criticises it; one
who says "Russia must withdraw" urges Russia; "would result in severe consequences"
warns.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.arguments import expand, explicit_speaker, speaker_of, subjects
from kg.extract.factuality import factuality
from kg.extract.quotes import QUOTE_CHARS
from kg.extract.records import AUTHOR, Arg, Context, RelationMention
from kg.extract.syntax import (
    ACL,
    ACOMP,
    ADVCL,
    AMOD,
    AUX,
    CCOMP,
    COMPOUND,
    CONJ,
    CSUBJ,
    DOBJ,
    MARK,
    NSUBJ,
    POSS,
    XCOMP,
    prep_objects,
)


def condemnatory(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """A speaker who calls another actor's act "unprovoked", "brutal" or "aggression"
    criticises that actor."""
    lex = ctx.lex
    critic_verbs = lex.words("communication") | lex.words("critic_verbs")
    seen = set()
    # inside a quotation the first person is the quoted
    quoted = any(t in QUOTE_CHARS for t in ctx.texts[sent.start:sent.end])
    for i in range(sent.start, sent.end):
        if ctx.lowers[i] not in lex.condemnatory:
            continue
        tok = ctx.toks[i]
        noun = tok if tok.pos_ == "NOUN" else tok.head
        while noun.dep_ == CONJ and noun.head.pos_ == "ADJ":
            noun = noun.head
        if noun.pos_ == "ADJ":
            noun = noun.head
        target = None
        for c in noun.children:
            if c.dep_ == POSS and c.i in ctx.idx:
                target = c.i
            elif c.dep_ in (AMOD, COMPOUND) and c.i in ctx.idx and ctx.idx[c.i].label == "COUNTRY":
                target = target or c.i
        if target is None or noun.i in seen:
            continue
        seen.add(noun.i)
        # The critic: the nearest enclosing clause with an actor for subject.
        cur, critic, reported = noun, None, False
        for _ in range(12):
            if cur.head is cur:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                subj = [s for s in subjects(ctx, cur) if s != target]
                if subj and cur.lemma_.lower() in critic_verbs:
                    critic = subj
                    break
                if subj:
                    # someone else's words or deeds ("the minister said Russia's brutal war
                    # ...", "Kim encouraged the PRC to urge the DPRK to cease its ...")
                    reported = True
        if critic is None and not reported and not quoted and ctx.idx[target].kind != "pronoun":
            # no speaker in the sentence: a release's own words ("Russia's unprovoked and
            # brutal war ...") are its author's criticism
            critic, cur = [AUTHOR], noun
        if critic:
            fact, cue = factuality(cur, lex)
            yield RelationMention("criticized", tuple(critic), (target,), sent=si, trigger=tok.i,
                                  rule="condemnatory-description" if critic != [AUTHOR] else "condemnatory-author",
                                  factuality=fact, cue=cue, confidence=0.6 if critic != [AUTHOR] else 0.5)



def speech_acts(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """urged and warned read from what a speaker says (``speech_acts`` in the lexicon):
    "Russia must withdraw", "it is imperative that Iran work with us", "emphasized the
    need to ..." (in a call readout: the counterpart), "further aggression would result
    in a swift response" (warned)."""
    sa = ctx.lex.speech_acts
    # every branch below starts from one of these words (by form or by lemma): the
    # others are skipped on the Context's columns, without a Token
    forms = sa.get("urging_modals", set()) | sa.get("urging_adjectives", set())
    lemmas = sa.get("urging_nouns", set()) | sa.get("call_for_verbs", set()) | sa.get("consequence_verbs", set())
    for i in range(sent.start, sent.end):
        low = ctx.lowers[i]
        if low not in forms and ctx.lemmas[i] not in lemmas:
            continue
        tok = ctx.toks[i]
        targets: list[Arg] = []
        prop, rule = None, ""
        if tok.dep_ == AUX and low in sa.get("urging_modals", set()) and tok.head.pos_ == "VERB":
            targets = [a for c in tok.head.children if c.dep_ == NSUBJ for a in expand(ctx, c)]
            prop, rule = "urged", "speech:must"
        elif tok.pos_ == "ADJ" and low in sa.get("urging_adjectives", set()):
            for c in tok.head.children if tok.dep_ == ACOMP else tok.children:
                if c.dep_ == CCOMP:
                    targets = [a for x in c.children if x.dep_ == NSUBJ for a in expand(ctx, x)]
            prop, rule = "urged", "speech:imperative-that"
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in sa.get("urging_nouns", set()) and tok.dep_ == DOBJ \
                and tok.head.lemma_.lower() in sa.get("urging_verbs", set()):
            targets = [a for _, o in prep_objects(tok, ("for",)) for a in expand(ctx, o)]
            prop, rule = "urged", "speech:the-need"
            subj = explicit_speaker(ctx, tok.head)
            if not targets:
                # "emphasized the need to see de-escalation" in a call readout urges the
                # counterpart; "they underscored the importance of coordination" (several
                # speakers, or no action asked for) urges nobody
                asks = any(c.dep_ in (ACL, XCOMP) and any(a.tag_ == "TO" for a in c.children) for c in tok.children)
                alone = len(subj) == 1 and not (isinstance(subj[0], int) and subj[0] in ctx.idx
                                                and ctx.idx[subj[0]].plural)
                targets = ["PAIR:OTHER"] if asks and alone else []
            if subj and targets:
                fact, cue = factuality(tok.head, ctx.lex)
                yield RelationMention(prop, tuple(subj), tuple(targets), sent=si, trigger=tok.i, rule=rule,
                                      factuality=fact, cue=cue, confidence=0.55)
            continue
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in sa.get("call_for_verbs", set()):
            # "called for Russia to cease all hostilities": the subject of the clause asked for
            for c in tok.children:
                if c.dep_ == ADVCL and any(m.dep_ == MARK and m.lower_ == "for" for m in c.children):
                    targets = [a for x in c.children if x.dep_ == NSUBJ for a in expand(ctx, x, possessor="critical")]
            if targets:
                subj = subjects(ctx, tok)
                if subj:
                    fact, cue = factuality(tok, ctx.lex)
                    yield RelationMention("urged", tuple(subj), tuple(targets), sent=si, trigger=tok.i,
                                          rule="speech:call-for", factuality=fact, cue=cue, confidence=0.7)
            continue
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in sa.get("consequence_verbs", set()):
            objs = [c for c in tok.children if c.dep_ == DOBJ] + [o for _, o in prep_objects(tok, ("in", "to"))]
            if any(o.lemma_.lower() in sa.get("consequence_nouns", set()) for o in objs):
                for c in tok.children:
                    if c.dep_ in (NSUBJ, CSUBJ):
                        targets = expand(ctx, c, possessor="critical")
                prop, rule = "warned", "speech:consequences"
        if not prop or not targets:
            continue
        speaker, verb = speaker_of(ctx, tok, targets)
        if not speaker:
            continue
        fact, cue = factuality(verb, ctx.lex)
        yield RelationMention(prop, tuple(speaker), tuple(targets), sent=si, trigger=tok.i, rule=rule,
                              factuality=fact, cue=cue, confidence=0.55)
