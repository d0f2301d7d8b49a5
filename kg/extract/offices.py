"""Offices and memberships: who holds which office where, who is a citizen of which
country, which body is part of which, and who is a member of what.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.arguments import expand, list_gap, subjects
from kg.extract.document import find_authors, lines
from kg.extract.entities import Mention
from kg.extract.factuality import factuality
from kg.extract.records import Context, RelationMention
from kg.extract.syntax import (
    AMOD,
    APPOS,
    ATTR,
    COMPOUND,
    DOBJ,
    NMOD,
    NSUBJPASS,
    POSS,
    RELCL,
    is_passive,
    prep_objects,
)


def office_relations(ctx: Context) -> Iterator[RelationMention]:
    """jobTitle, officialOf, citizenOf and partOf read from how people and bodies are named:
    "German Foreign Minister Annalena Baerbock", "her Russian counterpart, Sergei Lavrov",
    "Paul Whelan, an American", "the Russian Foreign Ministry"."""
    lex = ctx.lex
    doc = ctx.doc
    spokes_office: Mention | None | bool = False  # "Office of the Spokesperson", found once
    shared = coordinated_affiliations(ctx)
    yield from home_officials(ctx, shared)
    for m in ctx.mentions:
        if m.label != "PERSON" or m.kind != "name":
            continue
        si = ctx.sent_of(m.start)
        if m.title:
            yield RelationMention("jobTitle", (m.head,), literal=m.title, sent=si, trigger=m.start,
                                  rule="title", confidence=0.9)
            aff = m.affiliation
            if aff is None and m.start in shared:
                aff, rule = shared[m.start], "title-coordinated"
            elif aff is None and m.key:
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
                if spokes_office is False:
                    spokes_office = next((o for o in ctx.mentions if o.label == "ORG" and "spokes" in o.text.lower()), None)
                org = spokes_office
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
            if n.lower_ in lex.words("citizen_nouns"):
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
                                          sent=ctx.sent_of(c.i), trigger=m.head,
                                          rule="counterpart-appos", confidence=0.8)
    yield from org_parts(ctx)


def org_parts(ctx: Context) -> Iterator[RelationMention]:
    """partOf for named bodies: "the Russian Foreign Ministry" (a nationality before the
    name), "Guatemala's Public Ministry", "the State Department's Bureau of ..." (a
    possessor), and a body the gazetteer places in another ("Office of the Spokesperson"
    in the State Department, the Security Council in the UN), once per body. Parties,
    movements and press agencies are not organs of a state."""
    lex = ctx.lex
    doc = ctx.doc
    done: set[str] = set()
    for m in ctx.mentions:
        if m.label != "ORG" or m.kind != "name":
            continue
        si = ctx.sent_of(m.start)
        if set(doc[m.start:m.end].text.lower().split()) & lex.words("non_state_org_heads"):
            continue
        # "the Russian Foreign Ministry" is part of Russia
        if m.affiliation and m.key is None:
            yield RelationMention("partOf", (m.head,), (f"KEY:{m.affiliation}",), sent=si, trigger=m.head,
                                  rule="org-nationality", confidence=0.8)
            continue
        # "Guatemala's Public Ministry", "the OPCW's Investigation and Identification Team"
        owner = next((ctx.idx[c.i] for k in range(m.start, m.end) for c in doc[k].children
                      if c.dep_ == POSS and not m.start <= c.i < m.end and c.i in ctx.idx
                      and ctx.idx[c.i].label in ("ORG", "COUNTRY") and ctx.idx[c.i].kind in ("name", "government")), None)
        if owner is not None and owner.key != m.key:
            yield RelationMention("partOf", (m.head,), (owner.head,), sent=si, trigger=m.head,
                                  rule="org-possessor", confidence=0.8)
            continue
        entry = lex.entries.get(m.key.split(":", 1)[1]) if m.key else None
        if entry is None or m.key in done or entry.id in lex.words("non_state_orgs"):
            continue
        whole = f"ORG:{entry.parent}" if entry.parent else f"COUNTRY:{entry.country}" if entry.country else None
        if whole:
            done.add(m.key)
            yield RelationMention("partOf", (m.head,), (f"KEY:{whole}",), sent=si, trigger=m.head,
                                  rule="org-gazetteer", confidence=0.9)


def memberships(ctx: Context, sent: Span, si: int) -> Iterator[RelationMention]:
    """memberOf from "members of X, including A and B", "elected A to X", "X comprises A"."""
    lex = ctx.lex
    ms = lex.memberships
    member_nouns, admission_verbs = ms["member_nouns"], ms["admission_verbs"]
    composition_verbs = ms["composition_verbs"]
    for i in range(sent.start, sent.end):
        low, lemma = ctx.lowers[i], ctx.lemmas[i]
        if low not in member_nouns and lemma not in admission_verbs and lemma not in composition_verbs:
            continue  # none of the three cases below (the words first, without a Token)
        tok = ctx.toks[i]
        # "members of the G20, including India, China and South Africa"
        if low in member_nouns and tok.pos_ == "NOUN":
            orgs = [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            orgs += [c.i for c in tok.children if c.dep_ in (COMPOUND, NMOD) and c.i in ctx.idx and ctx.idx[c.i].label == "ORG"]
            members = [a for _, o in prep_objects(tok, tuple(lex.words("including"))) for a in expand(ctx, o)]
            if tok.dep_ == ATTR or tok.dep_ == APPOS:
                members += subjects(ctx, tok.head) if tok.dep_ == ATTR else expand(ctx, tok.head)
            if orgs and members:
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule="members-including", confidence=0.8)
        # "The Assembly elected Estonia to the Economic and Social Council"
        if lemma in admission_verbs and tok.pos_ == "VERB":
            members = [a for c in tok.children if c.dep_ in (DOBJ, NSUBJPASS) for a in expand(ctx, c)]
            orgs = [a for _, o in prep_objects(tok, ("to", "into", "as")) for a in expand(ctx, o)
                    if isinstance(a, int) and ctx.idx[a].label == "ORG"]
            if members and orgs:
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(members), tuple(orgs), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}-to", factuality=fact, cue=cue, confidence=0.75)
        # "The G20 is comprised of 19 countries and the European Union";
        # "the P5+1 group that includes the U.S., Britain ..."
        if lemma in composition_verbs and tok.pos_ == "VERB":
            whole = subjects(ctx, tok) if not is_passive(tok) else [a for c in tok.children if c.dep_ == NSUBJPASS for a in expand(ctx, c)]
            if tok.dep_ == RELCL:
                whole = expand(ctx, tok.head)
            parts = [a for c in tok.children if c.dep_ == DOBJ for a in expand(ctx, c)]
            parts += [a for _, o in prep_objects(tok, ("of",)) for a in expand(ctx, o)]
            whole = [w for w in whole if isinstance(w, int) and ctx.idx[w].label == "ORG"]
            if whole and parts:
                fact, cue = factuality(tok, lex)
                yield RelationMention("memberOf", tuple(parts), tuple(whole), sent=si, trigger=tok.i,
                                      rule=f"membership:{lemma}", factuality=fact, cue=cue, confidence=0.75)


def _state_of(ctx: Context, m: Mention) -> str | None:
    """The country key a mention stands for or serves: its own key, the affiliation of
    its office, its gazetteer country, or the country its title implies."""
    if m.label == "COUNTRY" and m.key:
        return m.key
    if m.affiliation and m.affiliation.startswith("COUNTRY:"):
        return m.affiliation
    entry = ctx.lex.entries.get(m.key.split(":", 1)[1]) if m.key else None
    if entry is not None and entry.country and not entry.members:
        return f"COUNTRY:{entry.country}"
    if m.title and m.title.lower() in ctx.lex.title_country:
        return f"COUNTRY:{ctx.lex.title_country[m.title.lower()]}"
    return None


def home_state(ctx: Context, header_lines: int = 4) -> str | None:
    """The one state a release speaks for: that of its author(s) (a byline, "attributable
    to", a single-government statement) or of the office on a header line ("Office of the
    Spokesperson"). None for joint statements of several states and texts without an author."""
    authors = find_authors(ctx.doc, ctx.mentions, ctx.lex.name_words.get("headline", frozenset()))
    by_start = {m.start: m for m in ctx.mentions}
    states = {_state_of(ctx, by_start[s]) for s in authors.starts if s in by_start}
    for s, e in lines(ctx.doc)[:header_lines]:
        m = by_start.get(s)
        if m is not None and m.end == e and m.label == "ORG":  # an office alone on its line
            states.add(_state_of(ctx, m))
    states.discard(None)
    return states.pop() if len(states) == 1 else None


def _home_title(lex, title: str) -> bool:
    """Whether an office with no country named is one of the offices a release's own
    government has ("Assistant Secretary for African Affairs", "Special Envoy Godfrey",
    "Counselor"), not a head of state or a minister elsewhere, nor an international one
    ("Secretary-General", "Deputy Secretary General")."""
    low = title.lower()
    if "general" in low:
        return False
    words = low.replace("-", " ").split()
    while words and words[0] in lex.words("office_qualifiers"):
        words = words[1:]
    text = " ".join(words)
    # one-word offices only alone ("Secretary Austin", not "Secretary for Relations with
    # States"), longer ones also with their portfolio ("Assistant Secretary for ...")
    return any(text == h or (" " in h or h == "ambassador") and text.startswith(h + " ")
               for h in lex.words("home_office_titles"))


def _accredited_to(ctx: Context, title: str, state: str) -> bool:
    """Whether an office is accredited to ``state`` ("Ambassador to the United States")."""
    low = f" {title.lower()} "
    if " to " not in low:
        return False
    entry = ctx.lex.entries.get(state.split(":", 1)[1])
    if entry is None:
        return False
    names = [entry.name, *(entry.aliases or ())]
    after = low.split(" to ", 1)[1]
    return any(after.startswith(f"{n.lower()} ") or after.startswith(f"the {n.lower()} ") for n in names)


def coordinated_affiliations(ctx: Context) -> dict[int, str]:
    """Affiliations shared by coordinated titled names, by the start of the mention that
    lacks one: "Chinese Foreign Minister Wang Yi and Vice Foreign Minister Xie Feng" (the
    country before the first title), "President Alvarado and Foreign Minister Solano of
    Costa Rica" (the country after the last name)."""
    doc = ctx.doc
    persons = [m for m in ctx.mentions if m.label == "PERSON" and m.kind == "name"]
    out: dict[int, str] = {}

    def placed(m: Mention) -> bool:
        return m.affiliation is not None or bool(m.key and ctx.lex.entries.get(m.key.split(":", 1)[1]))

    def parenthesised(m: Mention) -> str | None:
        # "Foreign Minister Erika Mouynes (Panama)": the country of a list item
        k = m.end
        n = ctx.idx.get(k + 1) if k + 1 < len(doc) and doc[k].text == "(" else None
        if n is not None and n.start == k + 1 and n.label == "COUNTRY" and n.key and n.end < len(doc) \
                and doc[n.end].text == ")":
            return n.key
        return None

    for m in persons:
        aff = parenthesised(m)
        if aff and m.title and not placed(m):
            out[m.start] = aff
    persons.sort(key=lambda p: p.start)
    pairs = [(m, n) for m, n in zip(persons, persons[1:], strict=False)
             if ctx.sent_of(m.start) == ctx.sent_of(n.start) and list_gap(ctx, m, n)]
    for m, n in reversed(pairs):  # "Minister A and Minister B (Colombia)"
        if doc[m.end].lower_ == "and" and n.start in out and parenthesised(n) and m.title \
                and not placed(m) and m.start not in out:
            out[m.start] = out[n.start]
    listed = {n.start for _, n in pairs}  # items after the first of their list
    forward: dict[int, str] = {}  # affiliations carried along a list from its first item
    for m, n in pairs:
        joined = doc[m.end].lower_ == "and"
        # "Chinese Foreign Minister ...": the country before the first item's office
        before = bool(m.title) and doc[m.prefix_start].text != m.title.split()[0] and m.start not in listed
        after = joined and n.end < len(doc) and doc[n.end].lower_ == "of"  # "... Solano of Costa Rica"
        src = m.affiliation if m.affiliation and before else forward.get(m.start)
        # "Israeli Prime Minister Bennett and Ambassador Nides": an office of the release's
        # own government does not take a foreign country from its neighbour
        if src and placed(n):
            if _state_of(ctx, n) == src:
                forward[n.start] = src  # "..., Foreign Minister Dmytro Kuleba, ..." (known)
        elif src and n.title and n.start not in out and not _home_title(ctx.lex, n.title):
            out[n.start] = forward[n.start] = src
        elif src and not n.title:
            forward[n.start] = src  # an item whose office the mentions missed: go on
        elif n.affiliation and after and m.title and not placed(m) and m.start not in out:
            out[m.start] = n.affiliation
    return out


def home_officials(ctx: Context, shared: dict[int, str]) -> Iterator[RelationMention]:
    """officialOf the release's own state for the officials it names by an office of its
    own government and no country: in a State Department release "Assistant Secretary
    Daniel J. Kritenbrink", "Special Envoy Godfrey" and "Counselor Derek Chollet" serve the
    United States. A person any of whose mentions names a country or body is left alone."""
    persons = [m for m in ctx.mentions if m.label == "PERSON" and m.kind == "name"]
    if not any(m.title and _home_title(ctx.lex, m.title) for m in persons):
        return
    home = home_state(ctx)
    if home is None:
        return
    # one person, several mentions ("Counselor Derek Chollet", "Counselor Chollet")
    placed: set[str] = set()
    for m in persons:
        if _state_of(ctx, m) or m.affiliation is not None or m.start in shared \
                or (m.key and ctx.lex.entries.get(m.key.split(":", 1)[1])):
            placed.add(m.text.split()[-1].lower())
    for m in ctx.mentions:
        if m.kind == "counterpart":
            for c in ctx.doc[m.head].children:
                if c.i in ctx.idx and ctx.idx[c.i].label == "PERSON":
                    placed.add(ctx.idx[c.i].text.split()[-1].lower())
    done: set[str] = set()
    for m in persons:
        last = m.text.split()[-1].lower()
        if not m.title or m.former or last in placed or last in done or not _home_title(ctx.lex, m.title):
            continue
        if _accredited_to(ctx, m.title, home):
            continue  # "Ambassador to the United States, Abdullah al-Swaha": a guest's envoy
        done.add(last)
        yield RelationMention("officialOf", (m.head,), (f"KEY:{home}",), sent=ctx.sent_of(m.start),
                              trigger=m.start, rule="title-home-state", confidence=0.7)
