"""Relations said by verbs: "Germany condemned Russia", "met with Lavrov", light verbs
("held talks with", "imposed sanctions on"), participles ("a deal brokered by Qatar") and
reciprocal plurals ("Lavrov and Blinken met"). Triggers come from the ``properties``
section of ``ontology/lexicon.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.arguments import expand, own_possessive, subjects, topics
from kg.extract.factuality import factuality
from kg.extract.records import Arg, Context, RelationMention
from kg.extract.syntax import (
    ACL,
    ADVCL,
    AGENT,
    DOBJ,
    NSUBJ,
    NSUBJPASS,
    PRT,
    is_passive,
    prep_objects,
)
from kg.lexicon import Lexicon
from kg.namespace import SYMMETRIC


def possessor_mode(lex: Lexicon, prop: str) -> bool | str:
    """How an object phrase names its entity for this property: "critical" relations
    may name it by nationality ("sanctions on Iranian companies") or by its act ("the
    DPRK's missile launches"); possessor relations by its act only."""
    if prop in lex.words("critical_properties"):
        return "critical"
    return prop in lex.words("possessor_properties")


def verb_relations(ctx: Context, tok: Token, si: int) -> Iterator[RelationMention]:
    """The relation a trigger verb states, with its subjects and objects."""
    lex = ctx.lex
    lemma = tok.lemma_.lower()
    specs = lex.verbs.get(lemma)
    if not specs or tok.pos_ not in ("VERB",):
        return
    passive = is_passive(tok)
    # "an agreement brokered by the United States", "..., brokered by the United States"
    participle = tok.tag_ == "VBN" and tok.dep_ in (ACL, ADVCL) and not passive and (
        tok.dep_ == ACL or any(c.dep_ == AGENT for c in tok.children))
    subj = subjects(ctx, tok)
    if participle:
        subj = [a for _, o in prep_objects(tok, ("by",)) for a in expand(ctx, o)]
    particles = {c.lower_ for c in tok.children if c.dep_ == PRT}
    dobjs = [c for c in tok.children if c.dep_ == DOBJ]
    for spec in specs:
        if spec.particle and spec.particle not in particles:
            continue
        if not spec.particle and particles - {"up", "out", "down", "off"} and lemma in lex.words("particle_verbs"):
            continue
        objs: list[Arg] = []
        rule = f"verb:{lemma}"
        if spec.nouns:
            # light verbs: "held talks with X", "imposed sanctions on X"
            nouns = [d for d in dobjs if d.lemma_.lower() in spec.nouns or d.lower_ in spec.nouns]
            if not nouns:
                continue
            poss = possessor_mode(lex, spec.prop)
            for n in nouns:
                for _, o in prep_objects(n, spec.preps + (("between",) if spec.prop in SYMMETRIC else ())):
                    objs.extend(expand(ctx, o, possessor=poss))
            for _, o in prep_objects(tok, spec.preps):
                objs.extend(expand(ctx, o, possessor=poss))
            rule = f"light-verb:{lemma}+{nouns[0].lemma_}"
        else:
            if spec.direct and participle:
                target = tok.head if tok.dep_ == ACL else next(
                    (c for c in tok.head.children if c.dep_ == DOBJ), None)
                if target is not None:
                    objs.extend(expand(ctx, target, possessor=possessor_mode(lex, spec.prop)))
            elif spec.direct:
                if passive:
                    # the parser sometimes labels a passive subject nsubj ("who ... has been jailed")
                    objs.extend(a for c in tok.children if c.dep_ in (NSUBJPASS, NSUBJ)
                                for a in expand(ctx, c, possessor=True))
                else:
                    for d in dobjs:
                        objs.extend(expand(ctx, d, possessor=possessor_mode(lex, spec.prop)))
            for _, o in prep_objects(tok, spec.preps):
                objs.extend(expand(ctx, o, possessor=possessor_mode(lex, spec.prop)))
            if spec.prop in lex.words("topic_properties") and not passive:
                # "discussed the latest developments in the Sahel": every entity the topic names
                for d in dobjs:
                    objs.extend(topics(ctx, d))
        objs = [o for o in dict.fromkeys(objs) if o not in subj and not own_possessive(ctx, subj, o)]
        fact, cue = factuality(tok, lex, spec.prop)
        if spec.prop == "detained" and passive and not subj:
            # "jailed in Russia": the state where a person is held holds them
            subj = [a for _, o in prep_objects(tok, ("in",)) for a in expand(ctx, o)
                    if isinstance(a, int) and ctx.idx[a].label == "COUNTRY"]
            rule = "passive-detained-in"
        if subj and objs:
            yield RelationMention(spec.prop, tuple(subj), tuple(objs), sent=si, trigger=tok.i,
                                  rule=rule, factuality=fact, cue=cue,
                                  confidence=0.8 if not passive else 0.75)
            return
        plural = len(subj) >= 2 or (len(subj) == 1 and isinstance(subj[0], int) and ctx.idx[subj[0]].plural)
        if spec.prop in SYMMETRIC and plural and not objs and not spec.nouns and not dobjs:
            # "Lavrov and Blinken met", "the two diplomats spoke"
            prop = spec.prop
            if prop == "spokeWith" and not any(c.lower_ in ("with", "to") for c in tok.children):
                prop = "consultedWith"  # "the two spoke": neither a call nor a meeting is said
            yield RelationMention(prop, tuple(subj), (), sent=si, trigger=tok.i,
                                  rule=f"reciprocal:{lemma}", factuality=fact, cue=cue,
                                  confidence=0.7, reciprocal=True)
            return


