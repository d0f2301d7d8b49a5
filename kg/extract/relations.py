"""Relations between mentions, read from the dependency parse: the driver.

:func:`extract_relations` runs every construction family over a Doc and yields
:class:`RelationMention` records (see :mod:`kg.extract.records`). Each family is a module
of pure functions:

* :mod:`kg.extract.verbs`: trigger verbs, light verbs, participles, reciprocal plurals;
* :mod:`kg.extract.nominal`: nominalisations ("Russia's invasion of Ukraine");
* :mod:`kg.extract.speech`: speech acts and evaluation ("must", "the need to", "unprovoked");
* :mod:`kg.extract.votes` and :mod:`kg.extract.events`: votes, texts voted on, agreements;
* :mod:`kg.extract.offices`: titles, offices, citizenship, membership;
* :mod:`kg.extract.places`: locations, hosts, and the time and place of events;
* :mod:`kg.extract.arguments` and :mod:`kg.extract.factuality`: what every family shares.

Each record keeps the rule that produced it, a confidence, and its factuality.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.arguments import attribution
from kg.extract.entities import Mention
from kg.extract.events import headline_topic, treaty_events, vote_events
from kg.extract.nominal import noun_relations
from kg.extract.offices import memberships, office_relations
from kg.extract.places import EVENT_PROPERTIES, hosts, places, with_time_and_place
from kg.extract.records import Arg, Context, EventMention, RelationMention, replace
from kg.extract.speech import condemnatory, speech_acts
from kg.extract.verbs import adjective_relations, verb_relations
from kg.extract.votes import vote_relations
from kg.lexicon import Lexicon

__all__ = ["Arg", "EventMention", "RelationMention", "extract_relations"]


def extract_relations(doc: Doc, mentions: list[Mention], lex: Lexicon,
                      toks: list[Token] | None = None) -> tuple[list[RelationMention], list[EventMention]]:
    """All relation mentions of a Doc, in document order, and the events they refer to."""
    ctx = Context.build(doc, lex, mentions, toks)
    ctx.headline_topic = headline_topic(doc, ctx.sents, lex)
    vote_events(ctx)
    treaty_events(ctx)
    out: list[RelationMention] = list(office_relations(ctx))
    pos_of, lowers, lemmas = ctx.pos, ctx.lowers, ctx.lemmas
    for si, sent in enumerate(ctx.sents):
        attributed = attribution(ctx, sent)
        found: list[RelationMention] = []
        for i in range(sent.start, sent.end):
            # only trigger words can state a relation: test the word first, on the
            # Context's columns, and hand the families a Token only for a trigger
            pos, low, lemma = pos_of[i], lowers[i], lemmas[i]
            if pos == "VERB" and lemma in lex.verbs:
                found.extend(verb_relations(ctx, ctx.toks[i], si))
            if pos in ("ADJ", "VERB") and low in lex.adjectives:
                found.extend(adjective_relations(ctx, ctx.toks[i], si))
            elif pos in ("NOUN", "PROPN") and (lemma in lex.nouns or low in lex.nouns):
                found.extend(noun_relations(ctx, ctx.toks[i], si))
        found.extend(memberships(ctx, sent, si))
        found.extend(places(ctx, sent, si))
        found.extend(hosts(ctx, sent, si))
        found.extend(condemnatory(ctx, sent, si))
        found.extend(speech_acts(ctx, sent, si))
        found.extend(vote_relations(ctx, sent, si))
        # (the sentence's last word that is not whitespace; not sent.text, which joins
        # every token of the sentence)
        last = next((t for t in reversed(ctx.texts[sent.start:sent.end]) if t.strip()), "")
        question = last.rstrip().endswith("?")
        for r in found:
            if r.prop in EVENT_PROPERTIES:
                r = with_time_and_place(ctx, r, si)
            if question and r.factuality == "asserted":
                r = replace(r, factuality="hedged", cue="?")
            if attributed and not r.attributed_to:
                r = replace(r, attributed_to=attributed)
            out.append(r)
    out.sort(key=lambda r: (r.sent, r.trigger, r.prop))
    return out, ctx.events
