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
    ACOMP,
    ADVCL,
    AGENT,
    CCOMP,
    DOBJ,
    NSUBJ,
    NSUBJPASS,
    OPRD,
    POBJ,
    PREP,
    PRT,
    XCOMP,
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
    comps = _complements(tok)
    wanted = {w for spec in specs for w in spec.complement}
    with_complement = any(c.lemma_.lower() in wanted or c.lower_ in wanted for c in comps)
    for spec in specs:
        if spec.particle and spec.particle not in particles:
            continue
        if bool(spec.complement) != with_complement:
            continue  # "hold Russia accountable" criticises; it detains nobody
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
            if not objs and spec.prop == "criticized":
                # "expressed concern that these launches demonstrate the DPRK's ..."
                objs.extend(a for n in nouns for a in _clause_targets(ctx, n))
                objs.extend(a for a in _clause_targets(ctx, tok) if a not in objs)
            rule = f"light-verb:{lemma}+{nouns[0].lemma_}"
        else:
            if spec.direct and participle:
                target = tok.head if tok.dep_ == ACL else next(
                    (c for c in tok.head.children if c.dep_ == DOBJ), None)
                if target is not None:
                    objs.extend(expand(ctx, target, possessor=possessor_mode(lex, spec.prop)))
            elif spec.complement:
                # "hold Russia accountable": the parser makes the object the complement's subject
                for c in comps:
                    if c.lemma_.lower() in spec.complement or c.lower_ in spec.complement:
                        objs.extend(a for x in c.children if x.dep_ == NSUBJ
                                    for a in expand(ctx, x, possessor="critical"))
                for d in dobjs:
                    objs.extend(expand(ctx, d, possessor="critical"))
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
                if dobjs:
                    # "discussed human rights and religious freedom in China": the parser
                    # hangs "in China" on the verb; a country there is the topic's, while
                    # a city is where they met
                    for p, o in prep_objects(tok, ("in", "regarding", "concerning", "about")):
                        objs.extend(a for a in topics(ctx, o) if p != "in" or (
                            isinstance(a, int) and ctx.idx[a].label == "COUNTRY" and ctx.idx[a].kind == "name"))
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




def _complements(verb: Token) -> list[Token]:
    """The complements of a verb ("hold Russia accountable", "hold Russia to account")."""
    out = [c for c in verb.children if c.dep_ in (ACOMP, OPRD, CCOMP, XCOMP)]
    out += [o for p in verb.children if p.dep_ == PREP and p.lower_ == "to" for o in p.children if o.dep_ == POBJ]
    return out


def adjective_relations(ctx: Context, tok: Token, si: int) -> Iterator[RelationMention]:
    """The relation a predicative adjective states: "we remain deeply concerned about the
    crisis in Venezuela" (criticized), "concerned that Russia has massed troops", "grateful
    to Qatar" (praised). Triggers: ``adjectives`` of a property in the lexicon."""
    lex = ctx.lex
    specs = lex.adjectives.get(tok.lower_)
    if not specs or tok.pos_ not in ("ADJ", "VERB"):
        return
    if tok.dep_ == ACOMP:
        subj = subjects(ctx, tok.head)  # "we remain concerned", "the U.S. is grateful"
    elif tok.pos_ == "VERB" and is_passive(tok):
        subj = [a for c in tok.children if c.dep_ == NSUBJPASS for a in expand(ctx, c)]
    else:
        return  # "concerned citizens", "the countries concerned"
    if not subj:
        return
    for spec in specs:
        poss = possessor_mode(lex, spec.prop)
        objs = [a for _, o in prep_objects(tok, spec.preps) for a in expand(ctx, o, possessor=poss)]
        if not objs and spec.prop in lex.words("critical_properties") | {"criticized"}:
            objs = _clause_targets(ctx, tok)
        objs = [o for o in dict.fromkeys(objs) if o not in subj and not own_possessive(ctx, subj, o)]
        named = [o for o in objs if not (isinstance(o, int) and ctx.idx[o].kind == "pronoun")]
        objs = named or objs  # "the crisis in Venezuela and its impact": "its" is Venezuela again
        if objs:
            fact, cue = factuality(tok, lex, spec.prop)
            yield RelationMention(spec.prop, tuple(subj), tuple(objs), sent=si, trigger=tok.i,
                                  rule=f"adjective:{tok.lower_}", factuality=fact, cue=cue, confidence=0.65)
            return


def _clause_targets(ctx: Context, tok: Token) -> list[Arg]:
    """Whom a "that" clause of concern is about: "concerned that Russia has massed troops",
    "expressed concern that these launches demonstrate the DPRK's determination"."""
    for c in tok.children:
        if c.dep_ in (CCOMP, ACL) and c.pos_ in ("VERB", "AUX") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            got = [a for x in c.children if x.dep_ in (NSUBJ, NSUBJPASS) for a in expand(ctx, x, possessor="critical")]
            if not got:
                got = [a for x in c.children if x.dep_ == DOBJ for a in expand(ctx, x, possessor="critical")]
            return got
    return []
