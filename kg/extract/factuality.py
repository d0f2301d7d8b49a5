"""Factuality: whether a relation is asserted, negated, hedged or only planned.

A statement under negation ("no talks"), a modal ("may supply"), a hedging verb ("fear",
"hope"), a condition or a failure ("failing to agree") is not asserted. An event
announced for later ("will meet", "is set to travel", "plans to visit", a headline's
"Sherman to Visit Japan") is ``planned``: kept with its date, not asserted. The words
come from the ``factuality`` section of ``ontology/lexicon.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import (
    ACL,
    ADVCL,
    AMOD,
    AUX,
    CCOMP,
    DET,
    MARK,
    NEG,
    POSS,
    PRECONJ,
    RELCL,
    ROOT,
)
from kg.lexicon import Lexicon


def factuality(tok: Token, lex: Lexicon, prop: str | None = None) -> tuple[str, str | None]:
    """Walk from the trigger up through the clauses that embed it; the first negation,
    modal, hedging verb, hedging noun or condition decides, and for an event (a meeting,
    a trip, a signing: ``plan_properties``) the first cue of a plan. Returns
    (factuality, cue).

    A nominalisation with a possessive agent ("Putin's suspension of New START") is
    presupposed, whatever clause it sits in: only its own determiners and adjectives
    ("no", "possible") can take it back."""
    fx = lex.factuality
    neg_dets = fx["negation_determiners"]
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == POSS for c in tok.children):
        for c in tok.children:
            if c.dep_ in (NEG, DET, PRECONJ) and (c.lower_ in neg_dets or c.dep_ == NEG):
                return "negated", c.text
            if c.dep_ == AMOD and c.lemma_.lower() in fx["hedge_adjectives"]:
                return "hedged", c.text
        return "asserted", None
    modals = fx["modal"]
    hedge_verbs = fx["hedge_verbs"]
    hedge_nouns = fx["hedge_nouns"]
    hedge_adjs = fx["hedge_adjectives"]
    conditional = fx["conditional_markers"]
    negating = fx["negation_verbs"]
    readiness = fx["readiness"]
    communication = lex.words("communication")
    plannable = prop is not None and prop in lex.words("plan_properties")
    plan_aux, plan_words = fx["planned_auxiliaries"], fx["planned_words"]
    cur, first = tok, True
    for _ in range(10):
        for c in cur.children:
            if c.dep_ == NEG or (c.dep_ in (DET, PRECONJ) and c.lower_ in neg_dets):
                return "negated", c.text
            if plannable and c.dep_ == AUX and c.lower_ in plan_aux:
                return "planned", c.text
            if c.dep_ == AUX and c.lower_ in modals:
                if c.lower_ == "would" and _reported_future(cur, lex):
                    if plannable:
                        return "planned", c.text  # "said he would meet Lavrov"
                    continue
                return "hedged", c.text
            if c.dep_ == MARK and c.lower_ in conditional:
                return "hedged", c.text
        # a headline's "X to Visit Y" (the parser may read it "X [who is] to visit", a relcl,
        # and may tag its "to" IN rather than TO)
        if plannable and first and (cur.dep_ == ROOT or cur.sent.start == 0 and cur.dep_ in (RELCL, ACL)) \
                and cur.i < cur.sent.start + 12 and any(
                c.dep_ == AUX and c.lower_ == "to" for c in cur.children) and not cur.sent.text.rstrip().endswith("."):
            return "planned", "to"  # a headline: "Deputy Secretary Sherman to Visit Japan"
        if not first:
            lem = cur.lemma_.lower()
            if plannable and cur.pos_ in ("VERB", "ADJ", "AUX") and lem in plan_words:
                return "planned", cur.text
            if cur.pos_ in ("VERB", "AUX") and lem in negating:
                return "negated", cur.text
            if cur.pos_ == "VERB" and lem in hedge_verbs:
                return "hedged", cur.text
            if cur.pos_ == "NOUN" and lem in hedge_nouns:
                return "hedged", cur.text
            if cur.pos_ == "ADJ" and lem in hedge_adjs and not (lem in readiness and prop == "supports"):
                return "hedged", cur.text
        if cur.dep_ == ROOT or cur.head is cur:
            break
        if cur.dep_ in (ACL, RELCL) and cur.pos_ in ("VERB", "AUX") and not (
                cur.dep_ == ACL and any(c.dep_ == AUX and c.tag_ == "TO" for c in cur.children)):
            # "a draft vetoed by China" is a fact even in "failed to adopt a draft ...";
            # "the capacity to launch" is not: an infinitive depends on its noun
            if cur.head.lower_ in fx.get("generic_heads", ()) or any(
                    c.dep_ == DET and c.lower_ in fx.get("generic_heads", ()) for c in cur.head.children):
                return "hedged", cur.head.text  # "anyone who supplies Cuba's police force ..."
            break
        # Leaving a reported clause ("Blinken said that ..."): report verbs do not hedge.
        if cur.dep_ == CCOMP and cur.head.lemma_ in communication:
            break
        first = False
        cur = cur.head
    return "asserted", None


def _reported_future(verb: Token, lex: Lexicon) -> bool:
    """"said that NATO would suspend": future in the past, reported as decided; not
    "would have" (counterfactual) and not under a condition."""
    if any(c.lower_ == "have" and c.dep_ == AUX for c in verb.children):
        return False
    conditions = lex.factuality["condition_clauses"]
    if any(c.dep_ in (ADVCL, MARK) and c.lower_ in conditions or
           any(g.lower_ in conditions for g in c.children if g.dep_ == MARK)
           for c in verb.children):
        return False
    head = verb.head
    return verb.dep_ == CCOMP and head.tag_ == "VBD" and head.lemma_.lower() in lex.words("communication")
