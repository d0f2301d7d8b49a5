"""Entity resolution: one entity per real-world actor, and every relation restated
between entities.

Rule-based and deterministic, no model download:

* gazetteer entities are keyed by their gazetteer id, so "Russian Federation",
  "Russia" and "Moscow" (acting) are one node in every article;
* a capital is its country when it acts ("Washington was prepared to support") and a
  place when something happens in it ("the gathering in New Delhi, India");
* person names cluster by surname and full name ("Antony J. Blinken", "Blinken");
* references are read in order: "he"/"she" is the last person who was a subject,
  "him"/"her" the last person mentioned, "they" the last group of subjects, "the two
  diplomats" the last pair who met or spoke, "the two sides" their countries, "the
  Secretary" the person whose title it is, "his Chinese counterpart" the official of
  China named in the article, "the Assembly" the organisation whose name ends so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.entities import Mention
from kg.extract.relations import EventMention, RelationMention
from kg.extract.syntax import NSUBJ, NSUBJPASS, POBJ
from kg.lexicon import Lexicon
from kg.namespace import CONSULTATION, SYMMETRIC

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "from"}


@dataclass
class Entity:
    key: str
    cls: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    wikidata: str | None = None
    mentions: int = 0


@dataclass(frozen=True)
class Statement:
    """A relation between two entities (or an entity and a literal), read from one sentence."""

    subj: str
    prop: str
    obj: str | None
    literal: str | None
    sent: int
    rule: str
    factuality: str
    cue: str | None
    confidence: float
    trigger: str
    attributed_to: tuple[str, ...] = ()
    when: str | None = None  # date phrase, resolved against the article date by the graph builder
    where: str | None = None  # entity key of the place


@dataclass
class Resolution:
    entities: dict[str, Entity]
    statements: list[Statement]


def wikidata_or_gazetteer(lex: Lexicon, key: str) -> bool:
    return ":" in key and key.split(":", 1)[1] in lex.entries


def _norm_name(text: str) -> str:
    t = re.sub(r"\b[A-Z]\.\s*", "", text)  # middle initials
    t = re.sub(r"[\u2019']s$", "", t.strip())
    return re.sub(r"\s+", " ", t).strip()


class _Resolver:
    def __init__(self, doc: Doc, mentions: list[Mention], events: list[EventMention], lex: Lexicon, scope: str):
        self.doc, self.mentions, self.lex, self.scope = doc, mentions, lex, scope
        self.entities: dict[str, Entity] = {}
        self.by_start: dict[int, Mention] = {m.start: m for m in mentions}
        self.tok2m: dict[int, Mention] = {}
        for m in mentions:
            for k in range(m.start, m.end):
                self.tok2m[k] = m
        self.resolved: dict[int, list[str]] = {}  # mention start -> entity keys
        self.titles: dict[str, tuple[str, str | None]] = {}  # person key -> (title, affiliation)
        self.affiliation: dict[str, str] = {}  # person key -> country/org key
        self.events = {e.key: e for e in events}
        self.last_pair: list[str] = []
        # countries the article names outright: their capitals, even as places, stand for them
        self.named_countries = {m.key for m in mentions if m.key and m.key.startswith("COUNTRY:")
                                and m.kind in ("name", "demonym", "government")}
        for m in mentions:  # and the countries of the officials it names
            if m.affiliation and m.affiliation.startswith("COUNTRY:"):
                self.named_countries.add(m.affiliation)
            entry = lex.entries.get(m.key.split(":", 1)[1]) if m.key and m.key.startswith("PERSON:") else None
            if entry is not None and entry.country:
                self.named_countries.add(f"COUNTRY:{entry.country}")
        self._person_keys()
        self.author = self._find_author()

    def _find_author(self) -> str | None:
        """Who "I" is: the person a statement or remarks are from ("Statement from
        President Biden", "Remarks by ..."), or the byline ("Antony J. Blinken, Secretary
        of State") in the first lines."""
        sents = list(self.doc.sents)[:4]
        for s in sents:
            words = {t.lower_ for t in s[:4]}
            persons = [m for m in self.mentions if s.start <= m.start < s.end and m.label == "PERSON"
                       and m.kind == "name"]
            if persons and (words & {"statement", "remarks", "message", "op", "letter", "readout"}
                            or (persons[0].start == s.start and len(s) <= 12 and "," in s.text)):
                return self._name_entity(persons[0])[0]
        return None

    # ------------------------------------------------------------ entities

    def entity(self, key: str, cls: str, surface: str | None = None) -> str:
        ent = self.entities.get(key)
        if ent is None:
            label, wikidata = surface or key.split(":", 1)[-1], None
            gid = key.split(":", 1)[1] if ":" in key else key
            entry = self.lex.entries.get(gid) if key.split(":", 1)[0] in ("COUNTRY", "ORG", "TREATY", "PERSON") else None
            if entry is not None:
                label, wikidata = entry.name, entry.wikidata
            ent = self.entities[key] = Entity(key, cls, label, wikidata=wikidata)
        if surface and surface != ent.label:
            if ent.cls == "PERSON" and not wikidata_or_gazetteer(self.lex, key) \
                    and len(_norm_name(surface).split()) > len(_norm_name(ent.label).split()):
                ent.alt_labels.add(ent.label)  # the fullest name is the canonical one
                ent.label = surface
            else:
                ent.alt_labels.add(surface)
        ent.mentions += 1
        return key

    def ensure(self, key: str) -> str:
        """The entity of a key reached indirectly (a person's country), created if new."""
        if key not in self.entities:
            self.entity(key, key.split(":", 1)[0])
        return key

    def _person_keys(self) -> None:
        """Full names first, then single names that are part of one ("Blinken")."""
        full: dict[str, str] = {}
        for m in self.mentions:
            if m.label == "PERSON" and m.kind == "name":
                name = _norm_name(m.text)
                if m.key:
                    for tok in name.split():
                        full.setdefault(tok, m.key)
                    full[name] = m.key
                elif len(name.split()) >= 2:
                    full.setdefault(name, f"PERSON:{name}")
        for name, key in list(full.items()):
            for tok in name.split():
                if len(tok) > 2:
                    full.setdefault(tok, key)
        self.person_key = full

    def _name_entity(self, m: Mention) -> list[str]:
        if m.label == "PERSON":
            name = _norm_name(m.text)
            key = m.key or self.person_key.get(name) or f"PERSON:{name}"
            k = self.entity(key, "PERSON", m.text)
            if m.title:
                self.titles[k] = (m.title, m.affiliation)
            if m.affiliation:
                self.affiliation.setdefault(k, m.affiliation)
            elif m.key:
                entry = self.lex.entries.get(m.key.split(":", 1)[1])
                if entry is not None and entry.country:
                    self.affiliation.setdefault(k, f"COUNTRY:{entry.country}")
            return [k]
        if m.kind == "capital":
            if self._locative(m):
                return [self.entity(f"PLACE:{m.text}", "PLACE", m.text)]
            return [self.entity(m.key, "COUNTRY", m.text)]
        if m.kind in ("demonym", "government"):
            return [self.entity(m.key, "COUNTRY")] if m.key else []
        if m.key:
            cls = m.key.split(":", 1)[0]
            key = self._longer_namesake(m)
            return [self.entity(key, cls, m.text)]
        if m.label == "ORG":
            return [self.entity(f"ORG:{m.text}", "ORG", m.text)]
        if m.label in ("PLACE", "TREATY", "EVENT"):
            return [self.entity(f"{m.label}:{m.text}", m.label, m.text)]
        return []

    def _longer_namesake(self, m: Mention) -> str:
        """"Congo" in an article about the Democratic Republic of the Congo is that
        country, not its neighbour: a short name defers to a longer one named here that
        contains it."""
        words = m.text.lower().split()
        if len(words) != 1:
            return m.key
        found = set()
        for other in self.mentions:
            if other.key and other.key != m.key and other.key.split(":")[0] == m.key.split(":")[0] \
                    and other.kind == "name" and len(other.text.split()) > 1 \
                    and words[0] in other.text.lower().split():
                found.add(other.key)
        return found.pop() if len(found) == 1 else m.key

    def _locative(self, m: Mention) -> bool:
        """A capital is a place of its own where the text says so ("New Delhi, India") or
        where it is only a venue ("talks in Vienna", Austria being no party); when its
        country is in the story it stands for it, as "Washington" and "Moscow" do."""
        head = self.doc[m.head]
        if head.dep_ == POBJ and head.head.lower_ in LOCATIVE_PREPS and m.key not in self.named_countries:
            return True
        after = self.doc[m.end].text if m.end < len(self.doc) else ""
        if m.text.isupper() and after in ("-", "\u2014", "\u2013", "(", ","):
            return m.key not in self.named_countries  # a dateline: "BRUSSELS (Reuters) -"
        nxt = m.end
        if nxt + 1 < len(self.doc) and self.doc[nxt].text == ",":
            after = self.tok2m.get(nxt + 1)
            if after is not None and after.label == "COUNTRY" and after.kind == "name":
                return True
        return False

    # ------------------------------------------------------------ references

    def _persons_before(self, i: int) -> list[tuple[int, str, bool]]:
        """(position, person key, was a subject) of person mentions before token i."""
        out = []
        for m in self.mentions:
            if m.start >= i:
                break
            keys = self.resolved.get(m.start, [])
            for k in keys:
                if k.startswith("PERSON:") or self.entities.get(k, Entity(k, "", "")).cls == "PERSON":
                    subj = self.doc[m.head].dep_ in (NSUBJ, NSUBJPASS)
                    out.append((m.start, k, subj))
        return out

    def _resolve_reference(self, m: Mention) -> list[str]:
        low = m.text.lower()
        if m.kind == "pronoun":
            if m.key == "i":
                return [self.author] if self.author else []
            if m.key == "it" and low == "it":
                ev = [k for k in self._recent_events(m.start)]
                return ev[-1:] if ev else []
            if m.key in ("we", "it"):
                return self._last_actor(m.start)
            if low == "them":
                plural = [pm for pm in self.mentions if pm.start < m.start and pm.plural
                          and pm.kind in ("government", "group", "title") and self.resolved.get(pm.start)]
                if plural and plural[-1].start >= self.doc[m.start].sent.start - 60:
                    return self.resolved[plural[-1].start]
            if m.plural:
                return self._last_group(m.start)
            prior = self._persons_before(m.start)
            if not prior:
                return []
            if low in ("he", "she", "his") or (low == "her" and self.doc[m.head].dep_ == "poss"):
                subj = [k for _, k, s in prior if s]
                return [subj[-1]] if subj else [prior[-1][1]]
            # him/her: the last person mentioned who is not the subject of this clause
            clause_subj = {k for pos, k, s in prior if s and pos >= self.doc[m.start].sent.start}
            for _, k, _ in reversed(prior):
                if k not in clause_subj:
                    return [k]
            return [prior[-1][1]]
        if m.kind == "group":
            if m.key == "sides":
                return list(dict.fromkeys(self.ensure(self.affiliation.get(k, k)) for k in self.last_pair))
            return list(self.last_pair)
        if m.kind == "title":
            for c in self.doc[m.head].children:
                if c.dep_ == "appos" and c.i in self.tok2m and self.tok2m[c.i].label == "PERSON":
                    return self._name_entity(self.tok2m[c.i])
            words = set(m.title.lower().rstrip("s").split()) if m.plural else set(m.title.lower().split())
            hits = []
            for k, (title, aff) in self.titles.items():
                tw = set(title.lower().split())
                if words <= tw and (m.affiliation is None or aff == m.affiliation):
                    hits.append(k)
            # only holders named before ("the Secretary" refers back, never forward)
            prior = [k for _, k, _ in self._persons_before(m.start) if k in hits]
            if m.plural:
                return list(dict.fromkeys(prior))
            return [prior[-1]] if prior else []
        if m.kind == "counterpart":
            for c in self.doc[m.head].children:
                if c.dep_ == "appos" and c.i in self.tok2m and self.tok2m[c.i].label == "PERSON":
                    return self._name_entity(self.tok2m[c.i])
            hits = [k for k, aff in self.affiliation.items() if aff == m.affiliation and k in self.titles]
            return hits[:1] if not m.plural else hits
        if m.kind == "shortname":
            word = m.text.lower()
            for other in reversed(self.mentions):
                if other.start >= m.start or other.label != "ORG" or other.kind != "name":
                    continue
                names = [other.text]
                if other.key:
                    entry = self.lex.entries.get(other.key.split(":", 1)[1])
                    if entry is not None:
                        names += [entry.name, *entry.aliases]
                if any(n.split() and word in n.lower().split() for n in names):
                    return self.resolved.get(other.start) or self._name_entity(other)
            return []
        return []

    def _recent_events(self, i: int) -> list[str]:
        """Agreements and votes named before token i, oldest first."""
        out = []
        for key in self.events:
            pos = int(key.rsplit("@", 1)[1])
            if pos < i:
                out.append((pos, self.arg_keys(key)[0]))
        return [k for _, k in sorted(out)]

    def _last_actor(self, i: int) -> list[str]:
        """"We" in a government statement, "its" after a country: the last country or
        organisation that was a subject (else the last one named)."""
        named, subj = [], []
        for m in self.mentions:
            if m.start >= i:
                break
            for k in self.resolved.get(m.start, []):
                if self.entities.get(k) is not None and self.entities[k].cls in ("COUNTRY", "ORG"):
                    named.append(k)
                    if self.doc[m.head].dep_ in (NSUBJ, NSUBJPASS):
                        subj.append(k)
        return [subj[-1]] if subj else ([named[-1]] if named else [])

    def _last_group(self, i: int) -> list[str]:
        """The last subject made of several entities ("Secretary Blinken and the Foreign Ministers")."""
        best: list[str] = []
        for m in self.mentions:
            if m.start >= i:
                break
            tok = self.doc[m.head]
            if tok.dep_ in (NSUBJ, NSUBJPASS) and (tok.conjuncts or m.plural):
                keys = []
                for c in (tok, *tok.conjuncts):
                    cm = self.tok2m.get(c.i)
                    if cm is not None:
                        keys.extend(self.resolved.get(cm.start, []))
                keys = list(dict.fromkeys(keys))
                if len(keys) >= 2:
                    best = keys
        return best or list(self.last_pair)

    def resolve_mention(self, m: Mention) -> list[str]:
        if m.start in self.resolved:
            return self.resolved[m.start]
        if m.kind in ("pronoun", "group", "title", "counterpart", "shortname"):
            keys = self._resolve_reference(m)
        else:
            keys = self._name_entity(m)
        self.resolved[m.start] = keys
        return keys

    # ------------------------------------------------------------ arguments

    def arg_keys(self, arg: int | str, as_country: bool = False) -> list[str]:
        if isinstance(arg, str):
            if arg.startswith("KEY:"):
                key = arg[4:]
                return [self.entity(key, key.split(":", 1)[0])]
            ev = self.events.get(arg)
            if ev is None:
                return []
            key = f"{ev.cls}:{self.scope}:{ev.label}"
            k = self.entity(key, ev.cls, ev.label)
            for alt in ev.alt_labels:
                self.entities[k].alt_labels.add(alt)
            return [k]
        m = self.tok2m.get(arg)
        if m is None:
            return []
        keys = self.resolve_mention(m)
        if as_country:
            keys = [self.affiliation.get(k, k) for k in keys]
        return keys


def resolve(doc: Doc, mentions: list[Mention], relations: Iterable[RelationMention],
            events: list[EventMention], lex: Lexicon, scope: str) -> Resolution:
    """Entities and entity-level statements of one article. ``scope`` (the article's
    content hash) keys what only exists in that article, such as its votes."""
    r = _Resolver(doc, mentions, events, lex, scope)
    relations = sorted(relations, key=lambda x: (x.sent, x.trigger))
    statements: list[Statement] = []
    rel_iter = iter(relations)
    pending = next(rel_iter, None)
    for m in mentions:
        # Relations of earlier tokens first, so "the two diplomats" sees the last meeting.
        while pending is not None and pending.trigger < m.start:
            statements.extend(_resolve_relation(r, pending))
            pending = next(rel_iter, None)
        r.resolve_mention(m)
    while pending is not None:
        statements.extend(_resolve_relation(r, pending))
        pending = next(rel_iter, None)
    # Entities only mentioned by nationality ("Russian news agencies") are not nodes unless
    # a statement needs them.
    used = {s.subj for s in statements} | {s.obj for s in statements if s.obj}
    named = set()
    for m in mentions:
        if m.kind in ("name", "capital", "shortname"):
            named.update(r.resolved.get(m.start, []))
    statements = [s for s in statements if lex.allows(
        s.prop, r.entities[s.subj].cls, None if s.obj is None else r.entities[s.obj].cls)]
    used = {s.subj for s in statements} | {s.obj for s in statements if s.obj}
    entities = {k: e for k, e in r.entities.items() if k in used or k in named}
    return Resolution(entities, _drop_subsumed_titles(_dedupe(statements)))


def _drop_subsumed_titles(statements: list[Statement]) -> list[Statement]:
    """"Secretary" beside "Secretary of State" for the same person says nothing more."""
    titles: dict[str, set[str]] = {}
    for s in statements:
        if s.prop == "jobTitle" and s.literal:
            titles.setdefault(s.subj, set()).add(s.literal.lower())

    def subsumed(s: Statement) -> bool:
        if s.prop != "jobTitle" or not s.literal:
            return False
        mine = s.literal.lower()
        return any(mine != t and set(mine.split()) < set(t.split()) for t in titles.get(s.subj, ()))

    return [s for s in statements if not subsumed(s)]


def _resolve_relation(r: _Resolver, rel: RelationMention) -> list[Statement]:
    trigger = r.doc[rel.trigger].text if 0 <= rel.trigger < len(r.doc) else ""
    subj = list(dict.fromkeys(k for a in rel.subj for k in r.arg_keys(a)))
    attributed = tuple(dict.fromkeys(k for a in rel.attributed_to for k in r.arg_keys(a)))

    where = None
    if rel.where is not None:
        places = r.arg_keys(rel.where)
        where = places[0] if places else None

    def st(s: str, o: str | None, lit: str | None = None) -> Statement:
        return Statement(s, rel.prop, o, lit, rel.sent, rel.rule, rel.factuality, rel.cue,
                         rel.confidence, trigger, attributed, rel.when, where)

    out: list[Statement] = []
    if rel.literal is not None:
        out = [st(s, None, rel.literal) for s in subj]
    elif rel.reciprocal:
        parties = subj
        if any(isinstance(a, int) and r.tok2m.get(a) is not None and r.tok2m[a].key == "sides" for a in rel.subj):
            parties = list(dict.fromkeys(r.ensure(r.affiliation.get(k, k)) for k in parties))
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                if a != b:
                    out.append(st(a, b))
        if rel.prop in CONSULTATION and len(parties) >= 2:
            r.last_pair = parties
    else:
        if rel.obj == ("PAIR:OTHER",):
            # the other party of the conversation the readout is about
            objs = [r.ensure(k) for k in r.last_pair if k not in subj]
        else:
            objs = list(dict.fromkeys(k for a in rel.obj for k in r.arg_keys(a)))
        for s in subj:
            for o in objs:
                if s != o:
                    out.append(st(s, o))
        if rel.prop in SYMMETRIC and len(objs) == 2 and rel.rule.startswith(("verb:", "light-verb:")):
            # "met with Japan's Hayashi and Korea's Park": a three-way meeting; two hosts
            # of one country ("the President and his Foreign Minister") say nothing new
            a, b = objs
            if r.affiliation.get(a, a) != r.affiliation.get(b, b):
                out.append(st(a, b))
        if rel.prop in CONSULTATION and subj and objs:
            r.last_pair = list(dict.fromkeys(subj + objs))
        elif len(subj) >= 2 and rel.prop not in ("jobTitle", "officialOf"):
            r.last_pair = subj  # "the foreign ministers of A and B signed ...": the two
    return out


def _dedupe(statements: list[Statement]) -> list[Statement]:
    seen, out = set(), []
    for s in statements:
        k = (s.subj, s.prop, s.obj, s.literal, s.sent, s.factuality)
        if k not in seen:
            seen.add(k)
            out.append(s)
    return out
