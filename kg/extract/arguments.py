"""Arguments: the entities a phrase stands for, and who does what a verb says.

:func:`expand` turns the head of a phrase into argument heads (conjuncts, "members ...
including X", "the case of X", "violations by X", relative pronouns, appositions);
:func:`subjects` finds the actor of a verb (its subject, the passive agent, or the
controller of the clause); :func:`attribution` and the speaker helpers find who says it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.entities import Mention
from kg.extract.records import Arg, Context
from kg.extract.syntax import (
    ACL,
    ADVCL,
    AGENT,
    AMOD,
    APPOS,
    COMPOUND,
    CONJ,
    DET,
    DOBJ,
    NMOD,
    NSUBJ,
    NSUBJPASS,
    POBJ,
    POSS,
    PREP,
    RELCL,
    XCOMP,
    conjuncts,
    is_passive,
    prep_objects,
)


def expand(ctx: Context, tok: Token, *, possessor: bool = False, depth: int = 0) -> list[Arg]:
    """The argument heads a phrase stands for: conjuncts, "members ... including X",
    "the case of X", "violations by X", relative pronouns, appositions."""
    if depth > 4:
        return []
    out: list[Arg] = []
    for t in _conjuncts(ctx, tok):
        out.extend(_unwrap(ctx, t, possessor=possessor, depth=depth))
    return list(dict.fromkeys(out))


_SKIP_IN_NP = {"DET", "ADV", "PUNCT", "ADJ", "NUM"}


def _conjuncts(ctx: Context, tok: Token) -> list[Token]:
    """Coordinated tokens, repairing a common parse error: "X and <long name>" where the
    parser left "and" dangling and attached the second name elsewhere."""
    out = conjuncts(tok)
    if tok.i in ctx.idx:
        # "the Democratic Republic of the Congo and Rwanda": the parser may hang the
        # conjunct on any word of a long name
        m = ctx.idx[tok.i]
        for k in range(m.start, m.end):
            out.extend(c for c in ctx.toks[k].conjuncts if c.i not in range(m.start, m.end))
        out.extend(ctx.toks[n.head] for n in listed_with(ctx, m))
        out = sorted(dict.fromkeys(out), key=lambda x: x.i)
    for t in list(out):
        out.extend(_appositive_items(ctx, t))
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




def _kind(ctx: Context, i: int) -> str:
    m = ctx.idx.get(i)
    if m is None:
        return ""
    if m.label == "PERSON" or m.kind in ("title", "counterpart"):
        return "PERSON"
    return "ACTOR" if m.label in ("COUNTRY", "ORG") else m.label


def _appositive_items(ctx: Context, t: Token) -> list[Token]:
    """"The Secretary, the Cardinal, and the Archbishop discussed": the parser takes the
    middle item of a list of three for an apposition of the first. An apposition of the
    same kind of entity followed by a conjunct of the first is a list item."""
    kind = _kind(ctx, t.i)
    if not kind:
        return []
    out: list[Token] = []
    for a in t.children:
        if a.dep_ != APPOS or _kind(ctx, a.i) != kind or ctx.toks[ctx.idx[a.i].start - 1].text == "(":
            continue
        if kind == "PERSON" and ctx.idx[t.i].kind == "name" and ctx.idx[a.i].kind == "title":
            continue  # "Sergei Lavrov, the foreign minister": a real apposition
        # "A, B, and C": C coordinated with A or with B
        later = [c for c in (*t.children, *a.children) if c.dep_ == CONJ and c.i > a.i]
        if later:
            out.extend([a, *a.conjuncts])
    return out


#: what may stand between two items of a list: "A, B, and C", "A; B", "A (Colombia), B"
_LIST_GLUE = {",", ";", "and", "(", ")"}
#: lower-case words inside an office's name ("Deputy to the Commander", "Minister of the Environment")
_OFFICE_GLUE = {"the", "of", "for", "to", "and", "on"}
#: a long list is one the parser garbles; two or three names it coordinates well
_LONG_LIST = 4


def list_gap(ctx: Context, a: Mention, b: Mention) -> bool:
    """Whether only list punctuation and the rest of an item stand between two names
    (``b`` after ``a``): commas, semicolons, "and", a parenthesised country, and the
    words of an office the mentions left out ("Vice President and Foreign Minister Marta
    Lucia Ramirez", "U.S. Ambassador to Costa Rica Cynthia Telles", "Head of Presidential
    Office Andriy Yermak"), which are capitalised; any other lower-case word ends a list."""
    k = a.end
    if k > b.prefix_start or k < b.prefix_start and ctx.toks[k].text not in _LIST_GLUE:
        return False  # (no gap at all: one name split in two, "Arnoldo Andre | Tinoco")
    while k < b.prefix_start:
        t = ctx.toks[k]
        n = ctx.idx.get(k)
        if n is not None and n.label == "PERSON":
            return False
        if n is not None:
            k = max(n.end, k + 1)  # "(Costa Rica)", "U.S."
            continue
        if t.text in _LIST_GLUE or t.lower_ in _OFFICE_GLUE or (t.text[:1].isupper() and t.pos_ != "VERB"):
            k += 1
            continue
        return False
    return True


def listed_with(ctx: Context, m: Mention) -> list[Mention]:
    """The other items of a long list of names that ``m`` belongs to, read from the text
    rather than the parse (which garbles lists of titled names): "Under Secretary Jose
    Fernandez, U.S. Ambassador to Costa Rica Cynthia Telles, Foreign Minister Arnoldo Andre
    Tinoco (Costa Rica), and Foreign Minister Erika Mouynes (Panama) signed ...". Items
    are names of one class, each office before a name part of its item, separated only by
    commas, semicolons, "and" and a parenthesised country or body; the list ends at a name
    that is the subject of another verb."""
    if m.label not in ("PERSON", "COUNTRY", "ORG") or m.kind != "name":
        return []
    same = [n for n in ctx.mentions_by_sent[ctx.sent_of(m.start)] if n.label == m.label and n.kind == "name"]
    if len(same) < _LONG_LIST:
        return []
    same.sort(key=lambda n: n.start)
    at = next((k for k, n in enumerate(same) if n is m), None)
    if at is None:
        return []
    verb = _clause_verb(ctx.toks[m.head])

    def glued(a: Mention, b: Mention) -> bool:
        return list_gap(ctx, a, b)

    def member(n: Mention) -> bool:
        h = ctx.toks[n.head]
        return not (h.dep_ in (NSUBJ, NSUBJPASS) and verb is not None and h.head.i != verb.i)

    chain = [m]
    k = at
    while k > 0 and glued(same[k - 1], same[k]) and member(same[k - 1]):
        k -= 1
        chain.insert(0, same[k])
    k = at
    while k + 1 < len(same) and glued(same[k], same[k + 1]) and member(same[k + 1]):
        k += 1
        chain.append(same[k])
    return [n for n in chain if n is not m] if len(chain) >= _LONG_LIST else []


def _clause_verb(t: Token) -> Token | None:
    """The verb whose clause holds a token."""
    cur = t
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def _unwrap(ctx: Context, t: Token, *, possessor: bool, depth: int) -> list[Arg]:
    lex = ctx.lex
    if t.lower_ in lex.words("relative_pronouns"):
        cur = t.head
        for _ in range(3):
            if cur.dep_ == RELCL:
                return expand(ctx, cur.head, possessor=possessor, depth=depth + 1)
            if cur.head is cur:
                break
            cur = cur.head
    ev = event_at(ctx, t)
    if ev is not None:
        return [ev]
    nxt = t.right_edge.i + 1
    if t.i not in ctx.idx and t.pos_ == "NOUN" and nxt + 1 < len(ctx.toks) and ctx.toks[nxt].text == "," \
            and (nxt + 1) in ctx.idx and ctx.idx[nxt + 1].label == "PERSON" and ctx.idx[nxt + 1].prefix_start == nxt + 1:
        return [ctx.idx[nxt + 1].head]  # "a U.S. citizen, Gordon Black," (apposition the parser missed)
    if t.lemma_.lower() in lex.words("vote_nouns") and any(c.dep_ == DET and c.lower_ in ("the", "that", "this") for c in t.children):
        ref = vote_ref(ctx, t, ctx.sent_of(t.i))
        if ref:
            return [ref]
    if t.i in ctx.idx:
        m = ctx.idx[t.i]
        if m.kind == "demonym" and t.dep_ == APPOS:
            # "Paul Whelan, an American who ...": the apposition names the person
            return expand(ctx, t.head, possessor=possessor, depth=depth + 1)
        if m.kind == "title" and m.plural:
            # "Representatives of the Arab League, Egypt and France met", "the Foreign
            # Ministers of India, Israel and the UAE": the delegations stand for their states
            states = _delegations_of(ctx, t, depth)
            if states:
                return states
        return [m.head]
    low = t.lower_
    if low in lex.words("class_heads"):
        named = [d for d in t.subtree if d.i < t.i and d.i in ctx.idx
                 and ctx.idx[d.i].label in ("ORG", "TREATY")]
        if named:
            return [ctx.idx[named[0].i].head]
    # "members of the G20, including India, China and South Africa"
    for p in t.children:
        if p.dep_ == PREP and p.lower_ in lex.words("including") | {"from", "of"} and (
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
    if low in lex.group_nouns or low in lex.government_nouns or low in lex.words("people_nouns"):
        # "our Liberian partners", "the Kenyan people", "the Kenyan Government": the country
        for c in t.children:
            if c.dep_ in (AMOD, COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "COUNTRY" \
                    and ctx.idx[c.i].kind in ("demonym", "name"):
                return [ctx.idx[c.i].head]
    if low in lex.group_nouns:
        # "its members", "the alliance's members": the organisation acting
        for c in t.children:
            if c.dep_ == POSS and c.i in ctx.idx:
                return [ctx.idx[c.i].head]
    if possessor and low in lex.words("act_nouns"):
        # "rejected the ruling of the court", "welcomed the decision of the Council"
        for _lo, o in prep_objects(t, ("of", "by")):
            return expand(ctx, o, depth=depth + 1)
    if low in lex.government_nouns:
        # "the Maduro regime", "the Assad government": the leader named stands for it
        for c in t.children:
            if c.dep_ == COMPOUND and c.i in ctx.idx and ctx.idx[c.i].label == "PERSON":
                return [ctx.idx[c.i].head]
    if low in lex.words("group_member_nouns"):
        # "M23 rebels", "Houthi militants"
        for c in t.children:
            if c.dep_ in (COMPOUND, NMOD, AMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "ORG":
                return [ctx.idx[c.i].head]
    if possessor and t.pos_ in ("NOUN", "PROPN"):
        for c in t.children:
            if c.dep_ == POSS and c.i in ctx.idx and ctx.idx[c.i].key not in ("we", "i"):
                # ("our desire to help": the speaker's own act, never the object of its words)
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


def _delegations_of(ctx: Context, t: Token, depth: int) -> list[Arg]:
    """The states and bodies a plural office names by "of"/"from" ("Representatives of
    A, B and C"), when every one of them is a country or an organisation."""
    for _lo, o in prep_objects(t, ("of", "from")):
        got = expand(ctx, o, depth=depth + 1)
        if got and all(isinstance(a, int) and ctx.idx[a].label in ("COUNTRY", "ORG") for a in got):
            return got
    return []


def subjects(ctx: Context, verb: Token, depth: int = 0) -> list[Arg]:
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
    subj = [c for c in verb.children if c.dep_ == NSUBJ]
    if subj:
        # "Secretary Blinken, Foreign Minister Park, and Foreign Minister Hayashi condemned":
        # the parser may take a list of subjects for two subjects of one verb
        return list(dict.fromkeys(a for c in subj for a in expand(ctx, c)))
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == XCOMP:
        objs = [c for c in head.children if c.dep_ == DOBJ]
        if objs and head.lemma_ not in ctx.lex.words("subject_control"):
            return expand(ctx, objs[0])
        return subjects(ctx, head, depth + 1)
    if verb.dep_ in (ADVCL, CONJ, ACL) and head.pos_ in ("VERB", "AUX"):
        got = subjects(ctx, head, depth + 1)
        if got or verb.dep_ != CONJ:
            return got
        # "said the veto was a disgrace and accused Moscow": the parser often hangs the
        # second verb on the reported clause; its subject is the reporter's.
        return explicit_speaker(ctx, head.head) if head.head is not head else []
    if verb.dep_ == ACL and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        if verb.i > 0 and ctx.toks[verb.i - 1].text == "," and head.head.pos_ == "VERB" and head.head is not head:
            return subjects(ctx, head.head, depth + 1)  # "confronted Lavrov, calling on Russia to"
        return expand(ctx, head)  # "quoted Foreign Minister Zarif saying ..."
    if verb.dep_ == ACL and head.pos_ == "NOUN":
        poss = [c for c in head.children if c.dep_ == POSS]
        if poss:
            return expand(ctx, poss[0])  # "France's decision to provide ..."
        if head.dep_ == DOBJ and head.head.lemma_.lower() in ctx.lex.words("ability_frames"):
            return subjects(ctx, head.head, depth + 1)  # "Russia has the capacity to launch ..."
    if verb.dep_ in (XCOMP, "acomp") and head.pos_ == "ADJ":
        return subjects(ctx, head, depth + 1)
    if verb.dep_ == RELCL:
        return expand(ctx, head)
    if verb.dep_ in (ADVCL, ACL):
        # "Strongly condemning ..., the General Assembly voted" (participle before its subject)
        return subjects(ctx, head, depth + 1)
    return []


def attribution(ctx: Context, sent: Span) -> tuple[Arg, ...]:
    """The source of a claim reported "according to X"."""
    lowers = ctx.lowers  # (the words first, without a Token each)
    for i in range(sent.start, sent.end):
        if lowers[i] == "according" and i + 1 < len(ctx.doc) and lowers[i + 1] == "to":
            for o in ctx.doc[i + 1].children:
                if o.dep_ == POBJ:
                    return tuple(expand(ctx, o))
    return ()


def event_at(ctx: Context, tok: Token) -> str | None:
    """The event read from this token, or, for "the deal", "the agreement", "the treaty",
    the last agreement named before it."""
    own = ctx.event_by_token.get(tok.i)
    if own is not None:
        return own.key
    if tok.lemma_.lower() in ctx.lex.treaty_nouns and any(
            c.dep_ in (DET, POSS) and c.lower_ in ("the", "that", "this", "its", "their") for c in tok.children):
        return ctx.last_treaty_before(tok.i)
    return None


def vote_ref(ctx: Context, tok: Token, si: int) -> str | None:
    """The vote event a noun refers to: its own event, or "that vote" -> the last one."""
    own = event_at(ctx, tok)
    if own:
        return own
    if tok.lemma_.lower() in ctx.lex.words("vote_nouns"):
        return ctx.last_vote_until(si)
    return None


def speaker_of(ctx: Context, tok: Token, exclude: list[Arg]) -> tuple[list[Arg], Token | None]:
    """Who says the clause holding ``tok``: the subject of the nearest reporting verb above."""
    reporting = ctx.lex.words("communication") | ctx.lex.speech_acts.get("urging_verbs", set())
    cur = tok
    for _ in range(10):
        if cur.head is cur:
            break
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in reporting:
            subj = [s for s in subjects(ctx, cur) if s not in exclude]
            if subj:
                return subj, cur
    return [], None


def explicit_speaker(ctx: Context, verb: Token) -> list[Arg]:
    """The subject of the nearest reporting verb at or above ``verb`` that has one of its
    own: coordination inside a reported clause ("concerns that Russia has ... and
    emphasized") is a common misparse, and the speaker is rarely the reported subject."""
    verbs = ctx.lex.words("communication") | ctx.lex.speech_acts.get("urging_verbs", set())
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


def own_possessive(ctx: Context, subj: list[Arg], obj: Arg) -> bool:
    """"They discussed their efforts", "we reaffirmed our commitment": an object named by
    the subject's own possessive pronoun is the subject again, not another party."""
    if not isinstance(obj, int) or not 0 <= obj < len(ctx.toks):
        return False
    owners = ctx.lex.reflexive_possessives.get(ctx.toks[obj].lower_)
    return bool(owners) and any(isinstance(a, int) and ctx.toks[a].lower_ in owners for a in subj)


#: Dependencies through which a topic phrase names its entities ("the latest developments
#: in the Sahel region", "human rights and religious freedom in China").
_TOPIC_DEPS = {PREP, POBJ, CONJ, COMPOUND, AMOD, APPOS, POSS, NMOD, "cc", "pcomp", "dobj", "det"}


def _listed_objects(ctx: Context, obj: Token) -> list[Token]:
    """The later items of a list of objects the parser hung on the verb instead of the
    first object ("discussed progress on X, the impact of Y, and Z": "impact" as "dep")."""
    if obj.dep_ != DOBJ:
        return []
    return [c for c in obj.head.children if c.dep_ in ("dep", "appos", "npadvmod") and c.i > obj.i
            and c.pos_ in ("NOUN", "PROPN") and ctx.toks[c.left_edge.i - 1].text in (",", ";")]


def topics(ctx: Context, tok: Token) -> list[Arg]:
    """Every entity a topic phrase names, through prepositions, coordination and
    modifiers but not through clauses: what "discussed ..." is about."""
    out: list[Arg] = []
    stack = [tok, *_listed_objects(ctx, tok)]
    while stack:
        t = stack.pop()
        m = ctx.idx.get(t.i)
        # "U.S. and EU initiatives", "Russian forces": an actor named as a modifier is
        # whose the topic is, not the topic ("Russia's buildup" is about Russia)
        modifier = t is not tok and t.dep_ in (COMPOUND, AMOD, NMOD) and m is not None and m.label != "PLACE"
        if m is not None and m.kind not in ("pronoun",) and not modifier:
            out.append(m.head)
        stack.extend(c for c in t.children if c.dep_ in _TOPIC_DEPS)
    return sorted(dict.fromkeys(out), key=lambda a: a if isinstance(a, int) else -1)
