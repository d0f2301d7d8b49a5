"""Relations between mentions, read from the dependency parse.

:func:`extract_relations` yields :class:`RelationMention` records. Arguments are token
indices (the heads of the argument phrases, coordination already expanded) or, for
events kg creates itself (a vote, a text voted on), string keys of :class:`EventMention`
records. The resolver maps them to entities.

Each record keeps the rule that produced it, a confidence, and its factuality: a
statement under negation ("no talks"), a modal ("may supply"), a hedging verb ("fear",
"hope"), a condition or a failure ("failing to agree") is not asserted.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import Mention, mention_index
from kg.extract.syntax import (
    ACL,
    ADVCL,
    AGENT,
    AMOD,
    APPOS,
    ATTR,
    AUX,
    CCOMP,
    COMPOUND,
    CONJ,
    DET,
    DOBJ,
    NEG,
    NMOD,
    NSUBJ,
    NSUBJPASS,
    POBJ,
    POSS,
    PRECONJ,
    PREP,
    PRT,
    RELCL,
    XCOMP,
    conjuncts,
    is_passive,
    prep_objects,
)
from kg.lexicon import Lexicon

Arg = int | str  # token index, or the key of an EventMention

COMMUNICATION = {"say", "tell", "add", "note", "state", "stress", "emphasize", "emphasise",
                 "underscore", "reiterate", "highlight", "affirm", "announce", "declare",
                 "insist", "argue", "write", "confirm", "claim", "explain", "warn", "quote",
                 "describe", "call", "express", "voice", "discuss", "condemn"}
RELATIVE_PRONOUNS = {"who", "whom", "that", "which"}
INCLUDING = {"including", "such as", "like"}


@dataclass(frozen=True)
class EventMention:
    """An event kg names itself: a vote, the text voted on, a meeting."""

    key: str
    label: str
    cls: str  # VOTE, MEETING, EVENT
    sent: int
    alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationMention:
    prop: str
    subj: tuple[Arg, ...]
    obj: tuple[Arg, ...] = ()
    literal: str | None = None
    sent: int = 0
    trigger: int = -1
    rule: str = ""
    factuality: str = "asserted"  # asserted | negated | hedged
    cue: str | None = None
    confidence: float = 0.8
    attributed_to: tuple[Arg, ...] = ()
    reciprocal: bool = False  # symmetric among all subjects ("the two sides met")
    when: str | None = None  # the date phrase of the event ("today", "March 2")
    where: int | None = None  # token of the place it happened ("in Geneva")


_UNSET = object()


@dataclass
class _Ctx:
    doc: Doc
    lex: Lexicon
    mentions: list[Mention]
    idx: dict[int, Mention]
    sents: list[Span]
    toks: list[Token] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    headline_topic: str | None = None
    # Per-sentence indexes, built once per Doc so every pass stays linear in the article's
    # size (Span.ents and a scan of all mentions per sentence are O(article) each).
    sent_of_tok: list[int] = field(default_factory=list)
    sent_mentions: list[list[Mention]] = field(default_factory=list)
    sent_dates: list[list[Span]] = field(default_factory=list)
    _indexed_events: int = 0
    _event_at: dict[int, str] = field(default_factory=dict)
    _treaty_events: list[tuple[int, str]] = field(default_factory=list)
    _treaty_mentions: list[tuple[int, int]] = field(default_factory=list)
    _spokes_org: object = _UNSET

    def index_sentences(self) -> None:
        self.sent_of_tok = [0] * len(self.doc)
        self.sent_mentions = [[] for _ in self.sents]
        self.sent_dates = [[] for _ in self.sents]
        for si, s in enumerate(self.sents):
            self.sent_of_tok[s.start:s.end] = [si] * (s.end - s.start)
        for m in self.mentions:
            if 0 <= m.start < len(self.sent_of_tok):
                self.sent_mentions[self.sent_of_tok[m.start]].append(m)
        for e in self.doc.ents:
            if e.label_ == "DATE":
                self.sent_dates[self.sent_of_tok[e.start]].append(e)
        self._treaty_mentions = sorted((m.start, m.head) for m in self.mentions if m.label == "TREATY")

    def event_index(self) -> dict[int, str]:
        """Token index -> the key of the event named there (events are only ever appended)."""
        for ev in self.events[self._indexed_events:]:
            at = int(ev.key.rsplit("@", 1)[1])
            self._event_at.setdefault(at, ev.key)  # the first event wins, as in a linear scan
            if ev.cls == "TREATY":
                bisect.insort(self._treaty_events, (at, ev.key))
        self._indexed_events = len(self.events)
        return self._event_at

    def treaties_before(self, i: int) -> list[tuple[int, str | int]]:
        """The last treaty event and the last treaty mention before token ``i``."""
        self.event_index()
        out: list[tuple[int, str | int]] = []
        for seq in (self._treaty_events, self._treaty_mentions):
            k = bisect.bisect_left(seq, (i,))
            if k:
                last = seq[k - 1][0]
                out += [x for x in seq[bisect.bisect_left(seq, (last,)):k]]
        return out

    def spokes_org(self) -> Mention | None:
        if self._spokes_org is _UNSET:
            self._spokes_org = next((o for o in self.mentions if o.label == "ORG" and "spokes" in o.text.lower()),
                                    None)
        return self._spokes_org


# ---------------------------------------------------------------- factuality


def factuality(tok: Token, lex: Lexicon, prop: str | None = None) -> tuple[str, str | None]:
    """Walk from the trigger up through the clauses that embed it; the first negation,
    modal, hedging verb, hedging noun or condition decides.

    A nominalisation with a possessive agent ("Putin's suspension of New START") is
    presupposed, whatever clause it sits in: only its own determiners and adjectives
    ("no", "possible") can take it back."""
    fx = lex.factuality
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == POSS for c in tok.children):
        for c in tok.children:
            if c.dep_ in (NEG, DET, PRECONJ) and c.lower_ in ("no", "neither", "nor", "not"):
                return "negated", c.text
            if c.dep_ == AMOD and c.lemma_.lower() in fx.get("hedge_adjectives", set()):
                return "hedged", c.text
        return "asserted", None
    fx.get("negation", set())
    modals = fx.get("modal", set())
    hedge_verbs = fx.get("hedge_verbs", set())
    hedge_nouns = fx.get("hedge_nouns", set())
    hedge_adjs = fx.get("hedge_adjectives", set())
    conditional = fx.get("conditional_markers", set())
    readiness = {"ready", "willing", "prepared"}
    cur, first = tok, True
    for _ in range(10):
        for c in cur.children:
            if c.dep_ == NEG or (c.dep_ in (DET, PRECONJ) and c.lower_ in ("no", "neither", "nor")):
                return "negated", c.text
            if c.dep_ == AUX and c.lower_ in modals:
                if c.lower_ == "would" and _reported_future(cur):
                    continue
                return "hedged", c.text
            if c.dep_ == "mark" and c.lower_ in conditional:
                return "hedged", c.text
        if not first:
            lem = cur.lemma_.lower()
            if cur.pos_ in ("VERB", "AUX") and lem in ("fail", "refuse", "decline", "deny"):
                return "negated", cur.text
            if cur.pos_ == "VERB" and lem in hedge_verbs:
                return "hedged", cur.text
            if cur.pos_ == "NOUN" and lem in hedge_nouns:
                return "hedged", cur.text
            if cur.pos_ == "ADJ" and lem in hedge_adjs and not (lem in readiness and prop == "supports"):
                return "hedged", cur.text
        if cur.dep_ in ("ROOT",) or cur.head is cur:
            break
        if cur.dep_ in (ACL, RELCL) and cur.pos_ in ("VERB", "AUX"):
            break  # "a draft vetoed by China" is a fact even in "failed to adopt a draft ..."
        # Leaving a reported clause ("Blinken said that ..."): report verbs do not hedge.
        if cur.dep_ == CCOMP and cur.head.lemma_ in COMMUNICATION:
            break
        first = False
        cur = cur.head
    return "asserted", None


def _reported_future(verb: Token) -> bool:
    """"said that NATO would suspend": future in the past, reported as decided; not
    "would have" (counterfactual) and not under a condition."""
    if any(c.lower_ == "have" and c.dep_ == AUX for c in verb.children):
        return False
    if any(c.dep_ in ("advcl", "mark") and c.lower_ in ("if", "unless", "while") or
           any(g.lower_ in ("if", "unless") for g in c.children if g.dep_ == "mark")
           for c in verb.children):
        return False
    head = verb.head
    return verb.dep_ == CCOMP and head.tag_ == "VBD" and head.lemma_.lower() in COMMUNICATION | {"announce"}


# ---------------------------------------------------------------- arguments


def expand(ctx: _Ctx, tok: Token, *, possessor: bool = False, depth: int = 0) -> list[Arg]:
    """The argument heads a phrase stands for: conjuncts, "members ... including X",
    "the case of X", "violations by X", relative pronouns, appositions."""
    if depth > 4:
        return []
    out: list[Arg] = []
    for t in _conjuncts(ctx, tok):
        out.extend(_unwrap(ctx, t, possessor=possessor, depth=depth))
    return list(dict.fromkeys(out))


_ACT_NOUNS = {"ruling", "decision", "proposal", "demand", "offer", "plan", "statement", "report", "claims",
              "claim", "accusation", "accusations", "call", "request", "initiative", "verdict", "judgment",
              "judgement", "resolution", "policy", "actions", "action", "conduct", "behavior", "behaviour"}
_GROUP_MEMBERS_NOUNS = {"rebels", "militants", "fighters", "insurgents", "separatists", "members", "forces",
                        "troops", "militia", "officials", "leaders", "spokesman", "spokeswoman"}
_SKIP_IN_NP = {"DET", "ADV", "PUNCT", "ADJ", "NUM"}


def _conjuncts(ctx: _Ctx, tok: Token) -> list[Token]:
    """Coordinated tokens, repairing a common parse error: "X and <long name>" where the
    parser left "and" dangling and attached the second name elsewhere."""
    out = conjuncts(tok)
    if tok.i in ctx.idx:
        # "the Democratic Republic of the Congo and Rwanda": the parser may hang the
        # conjunct on any word of a long name
        m = ctx.idx[tok.i]
        for k in range(m.start, m.end):
            out.extend(c for c in ctx.toks[k].conjuncts if c.i not in range(m.start, m.end))
        out = sorted(dict.fromkeys(out), key=lambda x: x.i)
    for t in list(out):
        ccs = [c for c in t.children if c.dep_ == "cc" and c.lower_ in ("and", "or")]
        if ccs and not any(c.dep_ == CONJ and c.i > ccs[-1].i for c in t.children):
            k = ccs[-1].i + 1
            sent_end = t.sent.end
            while k < sent_end:
                cand = ctx.doc[k]
                if k in ctx.idx:
                    out.append(ctx.doc[ctx.idx[k].head])
                    break
                if cand.pos_ in _SKIP_IN_NP or cand.dep_ in ("amod", "compound", "nmod"):
                    if cand.text in (",", ";", ")") or (cand.pos_ == "PUNCT" and cand.text != "-"):
                        break
                    k += 1
                    continue
                if cand.pos_ in ("NOUN", "PROPN"):
                    out.append(cand)
                break
    return sorted(dict.fromkeys(out), key=lambda x: x.i)


# Heads that name the entity of their modifier: "the P5+1 group", "the New START treaty".
_CLASS_HEADS = {"treaty", "pact", "accord", "accords", "agreement", "convention", "charter", "group",
                "alliance", "bloc", "coalition", "grouping", "format", "organization", "organisation"}


def _unwrap(ctx: _Ctx, t: Token, *, possessor: bool, depth: int) -> list[Arg]:
    lex = ctx.lex
    if t.lower_ in RELATIVE_PRONOUNS:
        cur = t.head
        for _ in range(3):
            if cur.dep_ == RELCL:
                return expand(ctx, cur.head, possessor=possessor, depth=depth + 1)
            if cur.head is cur:
                break
            cur = cur.head
    ev = _event_at(ctx, t)
    if ev is not None:
        return [ev]
    nxt = t.right_edge.i + 1
    if t.i not in ctx.idx and t.pos_ == "NOUN" and nxt + 1 < len(ctx.toks) and ctx.toks[nxt].text == "," \
            and (nxt + 1) in ctx.idx and ctx.idx[nxt + 1].label == "PERSON" and ctx.idx[nxt + 1].prefix_start == nxt + 1:
        return [ctx.idx[nxt + 1].head]  # "a U.S. citizen, Gordon Black," (apposition the parser missed)
    if t.lemma_.lower() in _VOTE_NOUNS and any(c.dep_ == DET and c.lower_ in ("the", "that", "this") for c in t.children):
        ref = _vote_ref(ctx, t, _sent_of(ctx, t.i))
        if ref:
            return [ref]
    if t.i in ctx.idx:
        m = ctx.idx[t.i]
        if m.kind == "demonym" and t.dep_ == APPOS:
            # "Paul Whelan, an American who ...": the apposition names the person
            return expand(ctx, t.head, possessor=possessor, depth=depth + 1)
        return [m.head]
    low = t.lower_
    if low in _CLASS_HEADS:
        named = [d for d in t.subtree if d.i < t.i and d.i in ctx.idx
                 and ctx.idx[d.i].label in ("ORG", "TREATY")]
        if named:
            return [ctx.idx[named[0].i].head]
    # "members of the G20, including India, China and South Africa"
    for p in t.children:
        if p.dep_ == PREP and p.lower_ in INCLUDING | {"from", "of"} and (
                low in lex.group_nouns or low in lex.government_nouns or p.lower_ not in ("from", "of")) \
                and not (p.lower_ == "of" and low in lex.group_nouns):
            objs = [o for o in p.children if o.dep_ == POBJ]
            if objs:
                return expand(ctx, objs[0], possessor=possessor, depth=depth + 1)
    for a in t.children:
        if a.dep_ == APPOS:
            got = expand(ctx, a, possessor=possessor, depth=depth + 1)
            if got:
                return got
    if low in lex.wrapper_nouns:
        for _lo, o in prep_objects(t, ("of", "in")):
            return expand(ctx, o, possessor=possessor, depth=depth + 1)
    if low in lex.group_nouns:
        # "its members", "the alliance's members": the organisation acting
        for c in t.children:
            if c.dep_ == POSS and c.i in ctx.idx:
                return [ctx.idx[c.i].head]
    if possessor and low in _ACT_NOUNS:
        # "rejected the ruling of the court", "welcomed the decision of the Council"
        for _lo, o in prep_objects(t, ("of", "by")):
            return expand(ctx, o, depth=depth + 1)
    if low in lex.government_nouns:
        # "the Maduro regime", "the Assad government": the leader named stands for it
        for c in t.children:
            if c.dep_ == COMPOUND and c.i in ctx.idx and ctx.idx[c.i].label == "PERSON":
                return [ctx.idx[c.i].head]
    if low in _GROUP_MEMBERS_NOUNS:
        # "M23 rebels", "Houthi militants"
        for c in t.children:
            if c.dep_ in (COMPOUND, NMOD, AMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "ORG":
                return [ctx.idx[c.i].head]
    if possessor and t.pos_ in ("NOUN", "PROPN"):
        for c in t.children:
            if c.dep_ == POSS and c.i in ctx.idx:
                return [ctx.idx[c.i].head]
            if c.dep_ == POSS and c.pos_ in ("NOUN", "PROPN"):
                got = _unwrap(ctx, c, possessor=possessor, depth=depth + 1)
                if got:
                    return got
        # "violations by the Syrian authorities", "challenges posed by China"
        if t.dep_ == DOBJ:  # "condemned the attack on Israel by Hamas" ("by" hung on the verb)
            for p in t.head.children:
                if p.dep_ == PREP and p.lower_ == "by":
                    for o in p.children:
                        if o.dep_ == POBJ:
                            return expand(ctx, o, depth=depth + 1)
        for c in t.children:
            if c.dep_ == PREP and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == POBJ:
                        return expand(ctx, o, depth=depth + 1)
            if c.dep_ == ACL:
                for _lo, o in prep_objects(c, ("by",)):
                    return expand(ctx, o, depth=depth + 1)
        if possessor == "critical":
            # "condemned the North Korean missile launches", "sanctions on Iranian companies"
            for c in t.children:
                if c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "COUNTRY":
                    return [ctx.idx[c.i].head]
    if possessor == "critical" and low in lex.target_nouns:
        for c in t.children:
            if c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "COUNTRY":
                return [ctx.idx[c.i].head]
    return []


def subjects(ctx: _Ctx, verb: Token, depth: int = 0) -> list[Arg]:
    """Who does it: the subject, the passive agent, or the controller of the clause."""
    if depth > 4:
        return []
    if is_passive(verb):
        for p in verb.children:
            if p.dep_ == AGENT:
                for o in p.children:
                    if o.dep_ == POBJ:
                        return expand(ctx, o)
        if depth > 0:
            # controlling a clause below: "Washington was prepared to support Ukraine"
            return [a for c in verb.children if c.dep_ == NSUBJPASS for a in expand(ctx, c)]
        return []
    for c in verb.children:
        if c.dep_ == NSUBJ:
            return expand(ctx, c)
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == XCOMP:
        objs = [c for c in head.children if c.dep_ == DOBJ]
        if objs and head.lemma_ not in ("choose", "decide", "agree", "want"):
            return expand(ctx, objs[0])
        return subjects(ctx, head, depth + 1)
    if verb.dep_ in (ADVCL, CONJ, ACL) and head.pos_ in ("VERB", "AUX"):
        got = subjects(ctx, head, depth + 1)
        if got or verb.dep_ != CONJ:
            return got
        # "said the veto was a disgrace and accused Moscow": the parser often hangs the
        # second verb on the reported clause; its subject is the reporter's.
        return _explicit_speaker(ctx, head.head) if head.head is not head else []
    if verb.dep_ == ACL and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        if verb.i > 0 and ctx.toks[verb.i - 1].text == "," and head.head.pos_ == "VERB" and head.head is not head:
            return subjects(ctx, head.head, depth + 1)  # "confronted Lavrov, calling on Russia to"
        return expand(ctx, head)  # "quoted Foreign Minister Zarif saying ..."
    if verb.dep_ == ACL and head.pos_ == "NOUN":
        poss = [c for c in head.children if c.dep_ == POSS]
        if poss:
            return expand(ctx, poss[0])  # "France's decision to provide ..."
    if verb.dep_ in (XCOMP, "acomp") and head.pos_ == "ADJ":
        return subjects(ctx, head, depth + 1)
    if verb.dep_ == RELCL:
        return expand(ctx, head)
    if verb.dep_ in (ADVCL, ACL):
        # "Strongly condemning ..., the General Assembly voted" (participle before its subject)
        return subjects(ctx, head, depth + 1)
    return []


def attribution(ctx: _Ctx, sent: Span) -> tuple[Arg, ...]:
    """The source of a claim reported "according to X"."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].lower_ == "to":
            for o in ctx.doc[t.i + 1].children:
                if o.dep_ == POBJ:
                    return tuple(expand(ctx, o))
    return ()


def _event_at(ctx: _Ctx, tok: Token) -> str | None:
    key = ctx.event_index().get(tok.i)
    if key is not None:
        return key
    if tok.lemma_.lower() in ctx.lex.treaty_nouns and any(
            c.dep_ in (DET, POSS) and c.lower_ in ("the", "that", "this", "its", "their") for c in tok.children):
        # "the deal", "the agreement", "the treaty": the last agreement named
        prior = ctx.treaties_before(tok.i)
        if prior:
            return max(prior)[1]
    return None


# ---------------------------------------------------------------- verbs and nouns


def _verb_relations(ctx: _Ctx, tok: Token, si: int) -> Iterator[RelationMention]:
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
        if not spec.particle and particles - {"up", "out", "down", "off"} and lemma in ("bring", "pull", "take"):
            continue
        objs: list[Arg] = []
        rule = f"verb:{lemma}"
        if spec.nouns:
            # light verbs: "held talks with X", "imposed sanctions on X"
            nouns = [d for d in dobjs if d.lemma_.lower() in spec.nouns or d.lower_ in spec.nouns]
            if not nouns:
                continue
            poss = _possessor_mode(spec.prop)
            for n in nouns:
                for _, o in prep_objects(n, spec.preps + (("between",) if spec.prop in lex.symmetric else ())):
                    objs.extend(expand(ctx, o, possessor=poss))
            for _, o in prep_objects(tok, spec.preps):
                objs.extend(expand(ctx, o, possessor=poss))
            rule = f"light-verb:{lemma}+{nouns[0].lemma_}"
        else:
            if spec.direct and participle:
                target = tok.head if tok.dep_ == ACL else next(
                    (c for c in tok.head.children if c.dep_ == DOBJ), None)
                if target is not None:
                    objs.extend(expand(ctx, target, possessor=_possessor_mode(spec.prop)))
            elif spec.direct:
                if passive:
                    # the parser sometimes labels a passive subject nsubj ("who ... has been jailed")
                    objs.extend(a for c in tok.children if c.dep_ in (NSUBJPASS, NSUBJ)
                                for a in expand(ctx, c, possessor=True))
                else:
                    for d in dobjs:
                        objs.extend(expand(ctx, d, possessor=_possessor_mode(spec.prop)))
            for _, o in prep_objects(tok, spec.preps):
                objs.extend(expand(ctx, o, possessor=_possessor_mode(spec.prop)))
        objs = [o for o in dict.fromkeys(objs) if o not in subj]
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
        if spec.prop in lex.symmetric and plural and not objs and not spec.nouns and not dobjs:
            # "Lavrov and Blinken met", "the two diplomats spoke"
            prop = spec.prop
            if prop == "spokeWith" and not any(c.lower_ in ("with", "to") for c in tok.children):
                prop = "consultedWith"  # "the two spoke": neither a call nor a meeting is said
            yield RelationMention(prop, tuple(subj), (), sent=si, trigger=tok.i,
                                  rule=f"reciprocal:{lemma}", factuality=fact, cue=cue,
                                  confidence=0.7, reciprocal=True)
            return


# Relations whose object may be an act of the actor it names ("condemned the DPRK's
# missile launches" condemns the DPRK).
_LIGHT_VERBS = {"launch", "wage", "carry", "conduct", "stage", "mount", "begin", "start", "continue", "make",
                "hold", "have", "undertake", "escalate", "step", "intensify", "announce", "provide", "offer",
                "pledge", "give", "send", "deliver", "extend", "impose"}
_POSSESSOR_PROPS = {"condemned", "criticized", "discussed", "rejected", "praised", "accused", "warned"}
# Relations whose object may be named by nationality ("sanctions on Iranian companies").
_CRITICAL_PROPS = {"condemned", "criticized", "accused", "sanctioned", "attacked", "invaded", "threatened",
                   "warned"}


def _possessor_mode(prop: str) -> bool | str:
    if prop in _CRITICAL_PROPS:
        return "critical"
    return prop in _POSSESSOR_PROPS


def _noun_relations(ctx: _Ctx, tok: Token, si: int) -> Iterator[RelationMention]:
    lex = ctx.lex
    specs = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not specs or tok.pos_ not in ("NOUN", "PROPN"):
        return
    # The agent: "Russia's invasion", "Russian aggression", "invasion by Russia".
    agents: list[Arg] = []
    for c in tok.children:
        if c.dep_ == POSS and c.i in ctx.idx:
            agents = expand(ctx, c)
        elif c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label in ("COUNTRY", "PERSON", "ORG"):
            agents = agents or [c.i]
    for _, o in prep_objects(tok, ("by", "from")):
        agents = agents or expand(ctx, o)
    if not agents and tok.dep_ in (DOBJ, NSUBJPASS) and tok.head.lemma_.lower() in _LIGHT_VERBS:
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
    if not agents and tok.dep_ == POBJ and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        # "Russia's war of aggression against Ukraine"
        outer = tok.head.head
        agents = [c.i for c in outer.children if c.dep_ == POSS and c.i in ctx.idx]
    for spec in specs:
        symmetric = spec.prop in lex.symmetric
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
        objs = [a for _, o in prep_objects(tok, spec.preps) for a in expand(ctx, o)]
        if not objs and tok.dep_ == DOBJ:
            # "condemned Russian aggression against Georgia", "against" hung on the verb
            objs = [a for _, o in prep_objects(tok.head, tuple(p for p in spec.preps if p != "of"))
                    for a in expand(ctx, o)]
        objs = [o for o in objs if o not in agents]
        if agents and objs:
            fact, cue = factuality(tok, lex, spec.prop)
            yield RelationMention(spec.prop, tuple(agents), tuple(objs), sent=si, trigger=tok.i,
                                  rule=f"noun:{tok.lemma_}", factuality=fact, cue=cue, confidence=0.7)
            return


# ---------------------------------------------------------------- offices, membership, places


def _office_relations(ctx: _Ctx) -> Iterator[RelationMention]:
    lex = ctx.lex
    doc = ctx.doc
    for m in ctx.mentions:
        if m.label != "PERSON" or m.kind != "name":
            continue
        si = _sent_of(ctx, m.start)
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
                org = ctx.spokes_org()
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
            if n.lower_ in ("citizen", "national", "resident", "journalist", "citizens"):
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
                                          sent=_sent_of(ctx, c.i), trigger=m.head,
                                          rule="counterpart-appos", confidence=0.8)
    # "the Russian Foreign Ministry" is part of Russia
    for m in ctx.mentions:
        if m.label == "ORG" and m.kind == "name" and m.affiliation and m.key is None:
            yield RelationMention("partOf", (m.head,), (f"KEY:{m.affiliation}",),
                                  sent=_sent_of(ctx, m.start), trigger=m.head, rule="org-nationality",
                                  confidence=0.8)


def _membership(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    lex = ctx.lex
    for tok in ctx.toks[sent.start:sent.end]:
        low, lemma = tok.lower_, tok.lemma_.lower()
        # "members of the G20, including India, China and South Africa"
        if low in ("member", "members") and tok.pos_ == "NOUN":
            orgs = [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            orgs += [c.i for c in tok.children if c.dep_ in (COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "ORG"]
            members = [a for _, o in prep_objects(tok, tuple(INCLUDING)) for a in expand(ctx, o)]
            if tok.dep_ == ATTR or tok.dep_ == APPOS:
                members += subjects(ctx, tok.head) if tok.dep_ == ATTR else expand(ctx, tok.head)
            if orgs and members:
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule="members-including", confidence=0.8)
        # "The Assembly elected Estonia to the Economic and Social Council"
        if lemma in ("elect", "admit", "accept") and tok.pos_ == "VERB":
            members = [a for c in tok.children if c.dep_ in (DOBJ, NSUBJPASS) for a in expand(ctx, c)]
            orgs = [a for _, o in prep_objects(tok, ("to", "into", "as")) for a in expand(ctx, o)
                    if isinstance(a, int) and ctx.idx[a].label == "ORG"]
            if members and orgs:
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}-to", factuality=fact, cue=cue, confidence=0.75)
        # "The G20 is comprised of 19 countries and the European Union";
        # "the P5+1 group that includes the U.S., Britain ..."
        if (lemma in ("comprise", "include", "consist", "compose", "bring") and tok.pos_ in ("VERB",)):
            whole = subjects(ctx, tok) if not is_passive(tok) else [a for c in tok.children if c.dep_ == NSUBJPASS for a in expand(ctx, c)]
            if tok.dep_ == RELCL:
                whole = expand(ctx, tok.head)
            parts = [a for c in tok.children if c.dep_ == DOBJ for a in expand(ctx, c)]
            parts += [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            whole = [w for w in whole if isinstance(w, int) and ctx.idx[w].label == "ORG"]
            if whole and parts and lemma != "bring":
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(parts), tuple(whole), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}", factuality=fact, cue=cue, confidence=0.75)


def _places(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    doc = ctx.doc
    ms = ctx.sent_mentions[si]
    for a, b in zip(ms, ms[1:], strict=False):
        # "New Delhi, India", "Bali, Indonesia"
        if (a.label == "PLACE" or a.kind == "capital") and b.label == "COUNTRY" and b.kind == "name" \
                and b.start == a.end + 1 and doc[a.end].text == ",":
            yield RelationMention("locatedIn", (a.head,), (b.head,), sent=si, trigger=a.end,
                                  rule="place-comma-country", confidence=0.9)
    # "the occupied Palestinian territory, including Jerusalem"
    for tok in ctx.toks[sent.start:sent.end]:
        if tok.lower_ == "including" and tok.dep_ == PREP:
            whole = tok.head
            if whole.i in ctx.idx and ctx.idx[whole.i].label == "PLACE":
                for o in tok.children:
                    if o.dep_ == POBJ:
                        parts = [p for p in expand(ctx, o) if isinstance(p, int) and ctx.idx[p].label == "PLACE"]
                        if parts:
                            yield RelationMention("locatedIn", tuple(parts), (whole.i,), sent=si,
                                                  trigger=tok.i, rule="place-including", confidence=0.8)


def _hosts(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    """"host India": the host of the gathering the sentence is about."""
    for tok in ctx.toks[sent.start:sent.end]:
        if tok.lower_ in ("host", "hosts") and tok.dep_ in (COMPOUND, AMOD, NMOD) and tok.head.i in ctx.idx:
            host = ctx.idx[tok.head.i]
            target = next((m for m in ctx.sent_mentions[si] if m.label == "ORG" and m is not host), None)
            if target is not None and host.label == "COUNTRY":
                yield RelationMention("hosted", (host.head,), (target.head,), sent=si, trigger=tok.i,
                                      rule="host-apposition", confidence=0.6)


def _condemnatory(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    """A speaker who calls another actor's act "unprovoked", "brutal" or "aggression"
    criticises that actor."""
    lex = ctx.lex
    seen = set()
    for tok in ctx.toks[sent.start:sent.end]:
        if tok.lower_ not in lex.condemnatory:
            continue
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
        cur = noun
        for _ in range(8):
            if cur.head is cur:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                subj = [s for s in subjects(ctx, cur) if s != target]
                if subj and cur.lemma_.lower() in COMMUNICATION | {"mar", "discuss", "condemn", "denounce", "criticize"}:
                    fact, cue = factuality(cur, lex)
                    yield RelationMention("criticized", tuple(subj), (target,), sent=si, trigger=tok.i,
                                          rule="condemnatory-description", factuality=fact, cue=cue,
                                          confidence=0.6)
                    break


def _speaker_of(ctx: _Ctx, tok: Token, exclude: list[Arg]) -> tuple[list[Arg], Token | None]:
    """Who says the clause holding ``tok``: the subject of the nearest reporting verb above."""
    cur = tok
    for _ in range(10):
        if cur.head is cur:
            break
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in COMMUNICATION | ctx.lex.speech_acts.get("urging_verbs", set()):
            subj = [s for s in subjects(ctx, cur) if s not in exclude]
            if subj:
                return subj, cur
    return [], None


def _explicit_speaker(ctx: _Ctx, verb: Token) -> list[Arg]:
    """The subject of the nearest reporting verb at or above ``verb`` that has one of its
    own: coordination inside a reported clause ("concerns that Russia has ... and
    emphasized") is a common misparse, and the speaker is rarely the reported subject."""
    verbs = COMMUNICATION | ctx.lex.speech_acts.get("urging_verbs", set())
    cur = verb
    for _ in range(8):
        if cur.pos_ == "VERB" and cur.lemma_.lower() in verbs:
            subj = [c for c in cur.children if c.dep_ == NSUBJ]
            if subj:
                return expand(ctx, subj[0])
        if cur.head is cur:
            break
        cur = cur.head
    return []


def _speech_acts(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    sa = ctx.lex.speech_acts
    for tok in ctx.toks[sent.start:sent.end]:
        low = tok.lower_
        targets: list[Arg] = []
        prop, rule = None, ""
        if tok.dep_ == AUX and low in sa.get("urging_modals", set()) and tok.head.pos_ == "VERB":
            targets = [a for c in tok.head.children if c.dep_ == NSUBJ for a in expand(ctx, c)]
            prop, rule = "urged", "speech:must"
        elif tok.pos_ == "ADJ" and low in sa.get("urging_adjectives", set()):
            for c in tok.head.children if tok.dep_ == "acomp" else tok.children:
                if c.dep_ == CCOMP:
                    targets = [a for x in c.children if x.dep_ == NSUBJ for a in expand(ctx, x)]
            prop, rule = "urged", "speech:imperative-that"
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in sa.get("urging_nouns", set()) and tok.dep_ == DOBJ \
                and tok.head.lemma_.lower() in sa.get("urging_verbs", set()):
            targets = [a for _, o in prep_objects(tok, ("for",)) for a in expand(ctx, o)] or ["PAIR:OTHER"]
            prop, rule = "urged", "speech:the-need"
            subj = _explicit_speaker(ctx, tok.head)
            if subj:
                fact, cue = factuality(tok.head, ctx.lex)
                yield RelationMention(prop, tuple(subj), tuple(targets), sent=si, trigger=tok.i, rule=rule,
                                      factuality=fact, cue=cue, confidence=0.55)
            continue
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in sa.get("consequence_verbs", set()):
            objs = [c for c in tok.children if c.dep_ == DOBJ] + [o for _, o in prep_objects(tok, ("in", "to"))]
            if any(o.lemma_.lower() in sa.get("consequence_nouns", set()) for o in objs):
                for c in tok.children:
                    if c.dep_ in (NSUBJ, "csubj"):
                        targets = expand(ctx, c, possessor="critical")
                prop, rule = "warned", "speech:consequences"
        if not prop or not targets:
            continue
        speaker, verb = _speaker_of(ctx, tok, targets)
        if not speaker:
            continue
        fact, cue = factuality(verb, ctx.lex)
        yield RelationMention(prop, tuple(speaker), tuple(targets), sent=si, trigger=tok.i, rule=rule,
                              factuality=fact, cue=cue, confidence=0.55)


# ---------------------------------------------------------------- votes

_VOTE_NOUNS = {"vote", "resolution", "text", "draft", "motion", "referendum"}


def _treaty_events(ctx: _Ctx) -> None:
    """Agreements named by description ("a peace agreement", "a defense cooperation
    agreement") become Treaty nodes; "the deal" refers back to the last one."""
    for si, sent in enumerate(ctx.sents):
        for tok in ctx.toks[sent.start:sent.end]:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ctx.lex.treaty_nouns or tok.i in ctx.idx:
                continue
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
            label = ctx.doc[start:tok.i + 1].text
            if tok.tag_ == "NNS" and not mods:
                continue
            ctx.events.append(EventMention(f"TREATY:{si}@{tok.i}", label, "TREATY", si, (tok.text,)))


def _vote_events(ctx: _Ctx) -> None:
    """Create an event for each vote or text voted on, before relations refer to them."""
    doc = ctx.doc
    vw = ctx.lex.vote_words
    for si, sent in enumerate(ctx.sents):
        for tok in ctx.toks[sent.start:sent.end]:
            low = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and low in ("text", "resolution", "draft") and tok.tag_ != "NNS":
                # a text that is approved, adopted, vetoed or voted on in this sentence
                voted = any(t.lemma_.lower() in vw.get("verbs", set()) or t.lemma_.lower() == "vote"
                            for t in ctx.toks[sent.start:sent.end])
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
                ctx.events.append(EventMention(f"VOTE:{si}@{tok.i}", label, "VOTE", si, alts))
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
                    ctx.events.append(EventMention(f"VOTE:{si}@{tok.i}", f"{short} vote", "VOTE", si, alts))


def _short_name(ctx: _Ctx, m: Mention) -> str:
    if m.key:
        e = ctx.lex.entries.get(m.key.split(":", 1)[1])
        if e is not None:
            forms = [f for f in (e.name, *e.aliases) if f and " " not in f and f.isupper()]
            if forms:
                return sorted(forms, key=len)[0]
            return e.name
    return m.text


def _text_label(ctx: _Ctx, tok: Token, sent: Span) -> tuple[str, tuple[str, ...]]:
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


def _vote_relations(ctx: _Ctx, sent: Span, si: int) -> Iterator[RelationMention]:
    doc = ctx.toks
    vw = ctx.lex.vote_words
    evs = [e for e in ctx.events if e.sent == si and e.cls == "VOTE"]
    prior = [e for e in ctx.events if e.sent <= si and e.cls == "VOTE"]
    current = evs[0].key if evs else (prior[-1].key if prior else None)
    # Vote lists: "3 against (Israel, Marshall Islands and United States) with 5 abstentions (...)"
    i = sent.start
    while i < sent.end:
        if doc[i].text == "(" and current:
            j = i + 1
            while j < sent.end and doc[j].text != ")":
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
    for tok in ctx.toks[sent.start:sent.end]:
        if tok.lemma_.lower() == "vote" and tok.dep_ in (ACL, "relcl") and current:
            cue = {c.lower_ for c in tok.subtree}
            prop = ("votedAgainst" if "against" in cue else "votedFor" if cue & vw.get("for", set()) else None)
            root = sent.root
            listed = [a for c in root.children if c.dep_ in (NSUBJ, ATTR) and c.i not in range(tok.left_edge.i, tok.right_edge.i + 1)
                      for a in expand(ctx, c)]
            listed = [a for a in listed if isinstance(a, int) and ctx.idx[a].label == "COUNTRY"]
            if prop and listed:
                yield RelationMention(prop, tuple(listed), (current,), sent=si, trigger=tok.i,
                                      rule="vote-cue", confidence=0.7)
    for tok in ctx.toks[sent.start:sent.end]:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            continue
        if lemma == "abstain":
            target = None
            for _, o in prep_objects(tok, ("in", "on", "from")):
                target = _vote_ref(ctx, o, si)
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
            target = next((_vote_ref(ctx, o, si) for o in objs if _vote_ref(ctx, o, si)), None)
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
                    target = next((_vote_ref(ctx, o, si) for o in objs if _vote_ref(ctx, o, si)), None) or current
                    subj = subjects(ctx, tok)
                    if subj and target:
                        fact, cue = factuality(tok, ctx.lex)
                        yield RelationMention("votedFor", tuple(subj), (target,), sent=si, trigger=tok.i,
                                              rule="verb:vote-in-favour", factuality=fact, cue=cue, confidence=0.8)
            for p in tok.children:
                if p.dep_ == PREP and p.lower_ in ("for", "against"):
                    how = "votedFor" if p.lower_ == "for" else "votedAgainst"
                    objs = [o for o in p.children if o.dep_ == POBJ]
                    target = next((_vote_ref(ctx, o, si) for o in objs if _vote_ref(ctx, o, si)), None) or current
                    subj = subjects(ctx, tok)
                    if subj and target and how:
                        fact, cue = factuality(tok, ctx.lex)
                        yield RelationMention(how, tuple(subj), (target,), sent=si, trigger=tok.i,
                                              rule="verb:vote", factuality=fact, cue=cue, confidence=0.8)


def _vote_ref(ctx: _Ctx, tok: Token, si: int) -> str | None:
    """The vote event a noun refers to: its own event, or "that vote" -> the last one."""
    own = _event_at(ctx, tok)
    if own:
        return own
    if tok.lemma_.lower() in _VOTE_NOUNS:
        prior = [e for e in ctx.events if e.sent <= si and e.cls == "VOTE"]
        if prior:
            return prior[-1].key
    return None


# ---------------------------------------------------------------- when and where

#: Relations that are events with a time and a place.
EVENT_PROPS = {"metWith", "spokeWith", "consultedWith", "negotiatedWith", "agreedWith", "visited", "signed",
               "votedFor", "votedAgainst", "abstainedFrom", "hosted", "attacked", "invaded", "detained",
               "sanctioned", "suspended", "withdrewFrom"}
_DATE_CUE = ("today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "this morning")


def _with_time_and_place(ctx: _Ctx, r: RelationMention, sent: Span) -> RelationMention:
    trig = ctx.toks[r.trigger] if 0 <= r.trigger < len(ctx.toks) else None
    if trig is None:
        return r
    when = where = None
    dates = [e for e in ctx.sent_dates[ctx.sent_of_tok[sent.start]]
             if e.end <= sent.end and any(c in e.text.lower() for c in _DATE_CUE)]
    if dates:
        # the date attached to the trigger's clause, else the nearest one
        mine = [e for e in dates if trig in list(e.root.ancestors) or e.root.head == trig]
        best = mine[0] if mine else min(dates, key=lambda e: abs(e.start - trig.i))
        when = best.text
    scope = [trig, *trig.ancestors][:3]
    for t in scope:
        for _, o in prep_objects(t, ("in", "at")):
            m = ctx.idx.get(o.i)
            if m is not None and (m.label == "PLACE" or m.kind == "capital"):
                where = m.head
                break
        if where is not None:
            break
    if when is None and where is None:
        return r
    return RelationMention(**{**r.__dict__, "when": when, "where": where})


# ---------------------------------------------------------------- driver


def _sent_of(ctx: _Ctx, i: int) -> int:
    return ctx.sent_of_tok[i] if 0 <= i < len(ctx.sent_of_tok) else 0


def headline_topic(doc: Doc, sents: list[Span]) -> str | None:
    """In "X Reaffirmed in Text Approved by Committee" the text is about X."""
    if not sents:
        return None
    head = sents[0]
    words = [t for t in head if not t.is_space]
    if not any(t.lower_ in ("text", "resolution", "draft") for t in words):
        return None
    for t in words[1:]:
        if t.tag_ in ("VBN", "VBZ", "VBD") and t.pos_ in ("VERB", "AUX"):
            if t.tag_ != "VBN":
                return None
            topic = doc[words[0].i:t.i].text.strip()
            return topic if len(topic.split()) >= 2 else None
    return None


def extract_relations(doc: Doc, mentions: list[Mention], lex: Lexicon,
                      toks: list[Token] | None = None) -> tuple[list[RelationMention], list[EventMention]]:
    """All relation mentions of a Doc, in document order, and the events they refer to."""
    sents = list(doc.sents)
    ctx = _Ctx(doc, lex, mentions, mention_index(mentions), sents, toks if toks is not None else list(doc))
    ctx.index_sentences()
    ctx.headline_topic = headline_topic(doc, sents)
    _vote_events(ctx)
    _treaty_events(ctx)
    out: list[RelationMention] = list(_office_relations(ctx))
    for si, sent in enumerate(sents):
        attributed = attribution(ctx, sent)
        found: list[RelationMention] = []
        for tok in ctx.toks[sent.start:sent.end]:
            if tok.pos_ == "VERB":
                found.extend(_verb_relations(ctx, tok, si))
            elif tok.pos_ in ("NOUN", "PROPN"):
                found.extend(_noun_relations(ctx, tok, si))
        found.extend(_membership(ctx, sent, si))
        found.extend(_places(ctx, sent, si))
        found.extend(_hosts(ctx, sent, si))
        found.extend(_condemnatory(ctx, sent, si))
        found.extend(_speech_acts(ctx, sent, si))
        found.extend(_vote_relations(ctx, sent, si))
        question = sent.text.rstrip().endswith("?")
        found = [_with_time_and_place(ctx, r, sent) if r.prop in EVENT_PROPS else r for r in found]
        for r in found:
            if question and r.factuality == "asserted":
                r = RelationMention(**{**r.__dict__, "factuality": "hedged", "cue": "?"})
            if attributed and not r.attributed_to:
                r = RelationMention(**{**r.__dict__, "attributed_to": attributed})
            out.append(r)
    out.sort(key=lambda r: (r.sent, r.trigger, r.prop))
    return out, ctx.events
