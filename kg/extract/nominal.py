"""Relations said by nouns: "Russia's invasion of Ukraine", "Russian aggression against
Georgia", "the encounter between Lavrov and Blinken", "provide assistance to Ukraine".
The agent comes from a possessive, "by X", a nationality adjective or the light verb's
subject; the object from the noun's prepositions (``properties`` in the lexicon).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.arguments import expand, own_possessive, subjects
from kg.extract.factuality import factuality
from kg.extract.records import Arg, Context, RelationMention
from kg.extract.syntax import (
    AMOD,
    COMPOUND,
    DOBJ,
    NMOD,
    NSUBJ,
    NSUBJPASS,
    POBJ,
    POSS,
    PREP,
    prep_objects,
)
from kg.extract.verbs import possessor_mode
from kg.namespace import SYMMETRIC


def noun_relations(ctx: Context, tok: Token, si: int) -> Iterator[RelationMention]:
    """The relation a trigger noun states, with its agent and objects."""
    lex = ctx.lex
    specs = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not specs or tok.pos_ not in ("NOUN", "PROPN"):
        return
    # The agent: "Russia's invasion", "Russian aggression", "invasion by Russia".
    agents: list[Arg] = []
    for c in tok.children:
        if c.dep_ == POSS and c.i in ctx.idx:
            agents = expand(ctx, c)
            if c.lower_ in lex.reflexive_possessives and tok.dep_ == DOBJ and tok.head.pos_ == "VERB":
                # "Sherman and Michaelis reaffirmed their support": "their" is the subject
                agents = subjects(ctx, tok.head) or agents
        elif c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label in ("COUNTRY", "PERSON", "ORG"):
            agents = agents or [c.i]
    for _, o in prep_objects(tok, ("by", "from")):
        agents = agents or expand(ctx, o)
    if not agents and tok.dep_ in (DOBJ, NSUBJPASS) and tok.head.lemma_.lower() in lex.words("light_verbs"):
        # "launch an invasion", "wage war": the agent of the light verb
        agents = subjects(ctx, tok.head)
    if not agents and tok.dep_ == DOBJ:
        # "condemned the attack on Israel by Hamas": the parser hangs "by" on the verb
        agents = [a for p in tok.head.children if p.dep_ == PREP and p.lower_ == "by"
                  for o in p.children if o.dep_ == POBJ for a in expand(ctx, o)]
    if not agents and tok.dep_ in (DOBJ, POBJ):
        # "provide assistance to Ukraine", "remains committed to the defense of Japan"
        frame = tok.head if tok.dep_ == DOBJ else tok.head.head
        if frame.lemma_.lower() in lex.support_frames:
            agents = subjects(ctx, frame) if frame.pos_ == "VERB" else subjects(ctx, frame.head) if frame.dep_ == "acomp" else []
            if not agents and frame.pos_ == "ADJ" and frame.dep_ == "acomp":
                agents = [a for c in frame.head.children if c.dep_ == NSUBJ for a in expand(ctx, c)]
    if not agents and tok.dep_ == POBJ and tok.head.lower_ in lex.words("means_preps"):
        # "continue to promote accountability, including through support to the OPCW":
        # the means of an act is its agent's
        frame = tok.head.head
        while frame.dep_ == PREP and frame.head is not frame:
            frame = frame.head
        if frame.pos_ == "VERB":
            agents = subjects(ctx, frame)
    if not agents and tok.dep_ == POBJ and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        # "Russia's war of aggression against Ukraine"
        outer = tok.head.head
        agents = [c.i for c in outer.children if c.dep_ == POSS and c.i in ctx.idx]
    for spec in specs:
        symmetric = spec.prop in SYMMETRIC
        if symmetric:
            parties = [a for _, o in prep_objects(tok, ("between", "among")) for a in expand(ctx, o)]
            withs = [a for _, o in prep_objects(tok, ("with",)) for a in expand(ctx, o)]
            fact, cue = factuality(tok, lex, spec.prop)
            if tok.dep_ == POBJ and tok.head.lower_ == "in" and tok.head.head.pos_ in ("AUX", "VERB"):
                # "the two sides were in agreement"
                parties = subjects(ctx, tok.head.head)
                if len(parties) == 1 and isinstance(parties[0], int) and ctx.idx[parties[0]].plural:
                    yield RelationMention(spec.prop, tuple(parties), (), sent=si, trigger=tok.i,
                                          rule=f"noun:in-{tok.lemma_}", factuality=fact, cue=cue,
                                          confidence=0.65, reciprocal=True)
                    return
            if len(parties) >= 2:
                yield RelationMention(spec.prop, tuple(parties), (), sent=si, trigger=tok.i,
                                      rule=f"noun:{tok.lemma_}-between", factuality=fact, cue=cue,
                                      confidence=0.75, reciprocal=True)
                return
            if agents and withs and tok.dep_ not in (DOBJ,):
                yield RelationMention(spec.prop, tuple(agents), tuple(withs), sent=si, trigger=tok.i,
                                      rule=f"noun:{tok.lemma_}-with", factuality=fact, cue=cue,
                                      confidence=0.7)
                return
            continue
        poss = possessor_mode(lex, spec.prop)
        objs = [a for _, o in prep_objects(tok, spec.preps) for a in expand(ctx, o, possessor=poss)]
        if not objs and tok.dep_ == DOBJ:
            # "condemned Russian aggression against Georgia", "against" hung on the verb
            objs = [a for _, o in prep_objects(tok.head, tuple(p for p in spec.preps if p != "of"))
                    for a in expand(ctx, o)]
        objs = [o for o in dict.fromkeys(objs) if o not in agents and not own_possessive(ctx, agents, o)]
        if agents and objs:
            fact, cue = factuality(tok, lex, spec.prop)
            yield RelationMention(spec.prop, tuple(agents), tuple(objs), sent=si, trigger=tok.i,
                                  rule=f"noun:{tok.lemma_}", factuality=fact, cue=cue, confidence=0.7)
            return
