"""Dependency labels and small helpers over spaCy tokens, shared by the extractors."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

# Dependency labels (ClearNLP style, as en_core_web_sm uses them).
NSUBJ, NSUBJPASS, CSUBJ = "nsubj", "nsubjpass", "csubj"
DOBJ, DATIVE, ATTR, OPRD = "dobj", "dative", "attr", "oprd"
AGENT, PREP, POBJ, PCOMP = "agent", "prep", "pobj", "pcomp"
POSS, COMPOUND, AMOD, APPOS, NMOD = "poss", "compound", "amod", "appos", "nmod"
CONJ, CC, PRECONJ = "conj", "cc", "preconj"
XCOMP, CCOMP, ADVCL, RELCL, ACL, ACOMP = "xcomp", "ccomp", "advcl", "relcl", "acl", "acomp"
NEG, AUX, AUXPASS, DET, PRT, MARK, NPADVMOD = "neg", "aux", "auxpass", "det", "prt", "mark", "npadvmod"
ROOT = "ROOT"

SUBJECTS = {NSUBJ, CSUBJ}
CLAUSAL = {XCOMP, CCOMP, ADVCL, RELCL, ACL, CONJ}


def conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it ("India, China and South Africa")."""
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def children(tok: Token, *deps: str) -> Iterator[Token]:
    return (c for c in tok.children if c.dep_ in deps)


def prep_objects(tok: Token, preps: set[str] | tuple[str, ...]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs below a token, e.g. ("with", Lavrov) for "met with Lavrov";
    multi-word prepositions such as "according to" are not split."""
    out = []
    for p in tok.children:
        if p.dep_ in (PREP, AGENT, DATIVE) and p.lower_ in preps:
            for o in p.children:
                if o.dep_ in (POBJ, PCOMP):
                    out.extend((p.lower_, c) for c in conjuncts(o))
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in (NSUBJPASS, AUXPASS) for c in verb.children)
