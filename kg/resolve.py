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

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from kg.extract.document import find_authors
from kg.extract.entities import Mention
from kg.extract.quotes import find_quotes
from kg.extract.records import AUTHOR
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


# (compiled once: names and labels are normalised many times in every article, and
# re.sub with a pattern string looks the pattern up in re's cache on every call)
_INITIAL = re.compile(r"\b[A-Z]\.\s*")
_POSSESSIVE_END = re.compile(r"[\u2019']s$")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"[\u2019']s\b")
_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
_OF_NAME = re.compile(r"^(\w+) of (?:the )?(\w+)$")


def _norm_name(text: str) -> str:
    t = _INITIAL.sub("", text)  # middle initials
    t = _POSSESSIVE_END.sub("", t.strip())
    return _SPACES.sub(" ", t).strip()


class _Resolver:
    def __init__(self, doc: Doc, mentions: list[Mention], events: list[EventMention], lex: Lexicon, scope: str,
                 text: str | None = None):
        self.doc, self.mentions, self.lex, self.scope = doc, mentions, lex, scope
        self.entities: dict[str, Entity] = {}
        self.by_start: dict[int, Mention] = {m.start: m for m in mentions}
        self._starts = [m.start for m in mentions]  # mentions come sorted by position
        self._namesakes: dict[str, set[str]] | None = None
        self._place_capitals: set[str] | None = None
        self.tok2m: dict[int, Mention] = {}
        for m in mentions:
            for k in range(m.start, m.end):
                self.tok2m[k] = m
        self.resolved: dict[int, list[str]] = {}  # mention start -> entity keys
        # resolved mentions by position: (start, key), sorted
        self._persons: list[tuple[int, str]] = []
        self._person_subjects: list[tuple[int, str]] = []
        self._person_starts: dict[str, list[int]] = {}
        self._actors: list[tuple[int, str]] = []
        self._actor_subjects: list[tuple[int, str]] = []
        self.titles: dict[str, tuple[str, str | None]] = {}  # person key -> (title, affiliation)
        # word -> person keys whose title holds it (or held it): "the Secretary" looks up the
        # holders of its words instead of scanning every title of the article
        self._title_words: dict[str, set[str]] = {}
        # word -> indexes in self.mentions of the organisations named with it ("the Assembly")
        self._org_words: dict[str, list[int]] | None = None
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
        # "the African Union Transition Mission in Somalia (ATMIS)": the acronym is the name
        self.acronyms: dict[str, Mention] = {}
        for a in mentions:
            k = a.end
            if a.kind == "name" and a.label in ("ORG", "TREATY", "EVENT", "PLACE") and a.end - a.start > 1 \
                    and k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")" \
                    and doc[k + 1].text.isupper() and len(doc[k + 1].text) >= 2:
                self.acronyms.setdefault(doc[k + 1].text, a)
        self.authors = find_authors(doc, mentions, lex.name_words.get("headline", frozenset()))
        self._quoted = [(q.start_char, q.end_char) for q in find_quotes(text if text is not None else doc.text)]  # in order, disjoint
        self._quoted_starts = [a for a, _ in self._quoted]
        self._author_keys: list[str] | None = None
        self.author = self._find_author()

    def author_keys(self) -> list[str]:
        """The entities of the release's author(s), resolved once."""
        if self._author_keys is None:
            self._author_keys = []  # set first: resolving a name never recurses here
            keys = [k for s in self.authors.starts if s in self.by_start
                    for k in self.resolve_mention(self.by_start[s])]
            self._author_keys = list(dict.fromkeys(keys))
        return self._author_keys

    def _speaker_state(self, key: str) -> str:
        """The state an author speaks for: a person's country, an office's country."""
        ent = self.entities.get(key)
        cls = ent.cls if ent is not None else key.split(":", 1)[0]
        if cls == "PERSON":
            aff = self.affiliation.get(key)
            if aff is None and key in self.titles:
                country = self.lex.title_country.get(self.titles[key][0].lower())
                aff = f"COUNTRY:{country}" if country else None
            return self.ensure(self._speaker_state(aff)) if aff else key
        if cls == "ORG":
            entry = self.lex.entries.get(key.split(":", 1)[1])
            if entry is not None and entry.country and not entry.members:
                return self.ensure(f"COUNTRY:{entry.country}")
        return key

    def _quoted_at(self, i: int) -> bool:
        c = self.doc[i].idx
        n = bisect.bisect_right(self._quoted_starts, c)
        return n > 0 and c < self._quoted[n - 1][1]

    def _first_person(self, m: Mention) -> list[str] | None:
        """"I" is the author; "we", "our", "us" the author's state, or every co-author
        of a joint statement. None when the text names no author, or inside a quotation
        (where the first person is the one quoted)."""
        if not self.authors.starts or self._quoted_at(m.start):
            return None
        keys = self.author_keys()
        if not keys:
            return None
        if m.key == "i":
            persons = [k for k in keys if self.entities.get(k) is not None and self.entities[k].cls == "PERSON"]
            return persons[:1] or None
        return list(dict.fromkeys(self._speaker_state(k) for k in keys))

    def _find_author(self) -> str | None:
        """Who "I" is: the person a statement or remarks are from ("Statement from
        President Biden", "Remarks by ..."), or the byline ("Antony J. Blinken, Secretary
        of State") in the first lines."""
        sents = list(itertools.islice(self.doc.sents, 4))
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
        # "Callejas Valcarcel" after "Oscar Callejas Valcarcel": a shorter run of a longer
        # name is that person (when only one longer name holds it)
        names = sorted(full, key=lambda n: -len(n.split()))
        for n, short in enumerate(names):
            words = short.split()
            if len(words) < 2:
                continue
            holders = {full[long] for long in names[:n] if len(long.split()) > len(words)
                       and f" {short} " in f" {long} "}
            if len(holders) == 1:
                full[short] = holders.pop()
        for name, key in list(full.items()):
            for tok in name.split():
                if len(tok) > 2:
                    full.setdefault(tok, key)
        self.person_key = full

    def _name_entity(self, m: Mention) -> list[str]:
        full = self.acronyms.get(m.text) if m.key is None and m.kind == "name" else None
        if full is not None and full is not m:
            keys = self._name_entity(full)
            for k in keys:
                self.entity(k, self.entities[k].cls, m.text)
            return keys
        if m.label == "PERSON":
            name = _norm_name(m.text)
            key = m.key or self.person_key.get(name) or f"PERSON:{name}"
            k = self.entity(key, "PERSON", m.text)
            if m.title:
                self.titles[k] = (m.title, m.affiliation)
                for w in m.title.lower().split():
                    self._title_words.setdefault(w, set()).add(k)
            if m.affiliation:
                self.affiliation.setdefault(k, m.affiliation)
            elif m.key:
                entry = self.lex.entries.get(m.key.split(":", 1)[1])
                if entry is not None and entry.country:
                    self.affiliation.setdefault(k, f"COUNTRY:{entry.country}")
            return [k]
        if m.kind == "capital":
            if self._place_capitals is None:  # a capital that is a venue once is a place throughout
                self._place_capitals = {c.text for c in self.mentions if c.kind == "capital" and self._locative(c)}
            if m.text in self._place_capitals:
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
        if m.label == "PLACE" and m.text in self.lex.regions:
            region = self.lex.regions[m.text]  # "Mideast" is the Middle East
            return [self.entity(f"PLACE:{region}", "PLACE", m.text)]
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
        if self._namesakes is None:  # word -> keys of the longer gazetteer names holding it
            self._namesakes = {}
            for other in self.mentions:
                if other.key and other.kind == "name" and len(other.text.split()) > 1:
                    # not its first word: "UN" in "UN Security Council" names the UN
                    for w in other.text.lower().split()[1:]:
                        self._namesakes.setdefault(w, set()).add(other.key)
        kind = m.key.split(":")[0]
        found = {k for k in self._namesakes.get(words[0], ()) if k != m.key and k.split(":")[0] == kind}
        return found.pop() if len(found) == 1 else m.key

    def _locative(self, m: Mention) -> bool:
        """A capital is a place of its own where the text says so ("New Delhi, India") or
        where it is only a venue ("talks in Vienna", Austria being no party); when its
        country is in the story it stands for it, as "Washington" and "Moscow" do."""
        head = self.doc[m.head]
        if head.dep_ == POBJ and head.head.lower_ in LOCATIVE_PREPS and (
                head.head.lower_ != "from" or m.key not in self.named_countries):
            return True  # "met in Ankara", "arrives in Riyadh": where, not who
        if head.dep_ == "appos" and head.head.lower_ == "capital":
            return True  # "near the capital, Bamako"
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

    def _record(self, m: Mention, keys: list[str]) -> None:
        """Index a resolved mention by position, so a reference finds the last person,
        subject or actor before it by bisection instead of rescanning the article."""
        subj = self.doc[m.head].dep_ in (NSUBJ, NSUBJPASS)
        for k in keys:
            ent = self.entities.get(k)
            cls = ent.cls if ent is not None else k.split(":", 1)[0]
            entry = (m.start, k)
            if cls == "PERSON":
                bisect.insort(self._persons, entry)
                bisect.insort(self._person_starts.setdefault(k, []), m.start)
                if subj:
                    bisect.insort(self._person_subjects, entry)
            elif cls in ("COUNTRY", "ORG"):
                bisect.insort(self._actors, entry)
                if subj:
                    bisect.insort(self._actor_subjects, entry)

    @staticmethod
    def _last_before(trail: list[tuple[int, str]], i: int) -> tuple[int, str] | None:
        n = bisect.bisect_left(trail, (i, ""))
        return trail[n - 1] if n else None

    def _persons_back(self, i: int):
        """Person mentions before token i, latest first: (position, key)."""
        n = bisect.bisect_left(self._persons, (i, ""))
        for j in range(n - 1, -1, -1):
            yield self._persons[j]

    def _resolve_reference(self, m: Mention) -> list[str]:
        low = m.text.lower()
        if m.kind == "pronoun":
            if m.key in ("i", "we"):
                mine = self._first_person(m)
                if mine is not None:
                    return mine
            if m.key == "i":
                return [self.author] if self.author else []
            if m.key == "it" and low == "it":
                ev = [k for k in self._recent_events(m.start)]
                return ev[-1:] if ev else []
            if m.key in ("we", "it"):
                return self._last_actor(m.start)
            if low == "them":
                horizon = self.doc[m.start].sent.start - 60
                for pm in self._mentions_back(m.start):
                    if pm.start < horizon:
                        break
                    if pm.plural and pm.kind in ("government", "group", "title") and self.resolved.get(pm.start):
                        return self.resolved[pm.start]
            if m.plural:
                return self._last_group(m.start)
            last = self._last_before(self._persons, m.start)
            if last is None:
                return []
            if low in ("he", "she", "his") or (low == "her" and self.doc[m.head].dep_ == "poss"):
                subj = self._last_before(self._person_subjects, m.start)
                return [subj[1]] if subj else [last[1]]
            # him/her: the last person mentioned who is not the subject of this clause
            sent_start = self.doc[m.start].sent.start
            lo = bisect.bisect_left(self._person_subjects, (sent_start, ""))
            hi = bisect.bisect_left(self._person_subjects, (m.start, ""))
            clause_subj = {k for _, k in self._person_subjects[lo:hi]}
            for _, k in self._persons_back(m.start):
                if k not in clause_subj:
                    return [k]
            return [last[1]]
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
            holders = set.intersection(*(self._title_words.get(w, set()) for w in words)) if words else self.titles
            for k in holders:
                title, aff = self.titles[k]
                tw = set(title.lower().split())
                if words <= tw and (m.affiliation is None or aff == m.affiliation):
                    hits.append(k)
            # only holders named before ("the Secretary" refers back, never forward)
            firsts, lasts = [], []
            for k in hits:
                starts = self._person_starts.get(k, [])
                n = bisect.bisect_left(starts, m.start)
                if n:
                    firsts.append((starts[0], k))
                    lasts.append((starts[n - 1], k))
            if m.plural:
                return [k for _, k in sorted(firsts)]
            return [max(lasts)[1]] if lasts else []
        if m.kind == "counterpart":
            for c in self.doc[m.head].children:
                if c.dep_ == "appos" and c.i in self.tok2m and self.tok2m[c.i].label == "PERSON":
                    return self._name_entity(self.tok2m[c.i])
            hits = [k for k, aff in self.affiliation.items() if aff == m.affiliation and k in self.titles]
            return hits[:1] if not m.plural else hits
        if m.kind == "shortname":
            # the last organisation named before with this word in one of its names
            named = self._org_word_index().get(m.text.lower(), [])
            j = bisect.bisect_left(named, bisect.bisect_left(self._starts, m.start))
            if not j:
                return []
            other = self.mentions[named[j - 1]]
            return self.resolved.get(other.start) or self._name_entity(other)
        return []

    def _org_word_index(self) -> dict[str, list[int]]:
        if self._org_words is None:
            self._org_words = {}
            for j, other in enumerate(self.mentions):
                if other.label != "ORG" or other.kind != "name":
                    continue
                names = [other.text]
                if other.key:
                    entry = self.lex.entries.get(other.key.split(":", 1)[1])
                    if entry is not None:
                        names += [entry.name, *entry.aliases]
                for w in dict.fromkeys(w for n in names for w in n.lower().split()):
                    self._org_words.setdefault(w, []).append(j)
        return self._org_words

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
        hit = self._last_before(self._actor_subjects, i) or self._last_before(self._actors, i)
        return [hit[1]] if hit else []

    def _last_group(self, i: int) -> list[str]:
        """The last subject made of several entities ("Secretary Blinken and the Foreign Ministers")."""
        for m in self._mentions_back(i):
            tok = self.doc[m.head]
            if tok.dep_ in (NSUBJ, NSUBJPASS) and (tok.conjuncts or m.plural):
                keys = []
                for c in (tok, *tok.conjuncts):
                    cm = self.tok2m.get(c.i)
                    if cm is not None:
                        keys.extend(self.resolved.get(cm.start, []))
                keys = list(dict.fromkeys(keys))
                if len(keys) >= 2:
                    return keys
        return list(self.last_pair)

    def _mentions_back(self, i: int):
        """Mentions before token i, latest first."""
        for j in range(bisect.bisect_left(self._starts, i) - 1, -1, -1):
            yield self.mentions[j]

    def resolve_mention(self, m: Mention) -> list[str]:
        if m.start in self.resolved:
            return self.resolved[m.start]
        if m.kind in ("pronoun", "group", "title", "counterpart", "shortname"):
            keys = self._resolve_reference(m)
        else:
            keys = self._name_entity(m)
        self.resolved[m.start] = keys
        self._record(m, keys)
        return keys

    # ------------------------------------------------------------ arguments

    def arg_keys(self, arg: int | str, as_country: bool = False) -> list[str]:
        if isinstance(arg, str):
            if arg == AUTHOR:
                # the release speaking in its own voice: the author's state, or each
                # co-author of a joint statement (nobody when the text names no author)
                return list(dict.fromkeys(self._speaker_state(k) for k in self.author_keys()))
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
            events: list[EventMention], lex: Lexicon, scope: str, text: str | None = None) -> Resolution:
    """Entities and entity-level statements of one article. ``scope`` (the article's
    content hash) keys what only exists in that article, such as its votes. ``text`` is
    ``doc.text`` when the caller has it already."""
    r = _Resolver(doc, mentions, events, lex, scope, text)
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
    named.update(_named_in_offices(r, mentions))
    statements = [s for s in statements if lex.allows(
        s.prop, r.entities[s.subj].cls, None if s.obj is None else r.entities[s.obj].cls)]
    same = _namesakes(r.entities, lex)
    if same:
        statements = [replace(s, subj=same.get(s.subj, s.subj), obj=same.get(s.obj, s.obj) if s.obj else s.obj,
                              where=same.get(s.where, s.where) if s.where else s.where,
                              attributed_to=tuple(dict.fromkeys(same.get(a, a) for a in s.attributed_to)))
                      for s in statements]
        statements = [s for s in statements if s.subj != s.obj]
        named = {same.get(k, k) for k in named}
    used = {s.subj for s in statements} | {s.obj for s in statements if s.obj}
    entities = {k: e for k, e in r.entities.items() if k in used or k in named}
    return Resolution(entities, _drop_subsumed_titles(_dedupe(statements)))


def _named_in_offices(r: _Resolver, mentions: list[Mention]) -> list[str]:
    """Countries and organisations the gazetteer knows that an office names ("U.S.
    Ambassador to Australia Caroline Kennedy", "the Spokesman for UN Secretary-General Ban
    Ki-moon"): the office is the person's, but the place and the body are in the story."""
    spans = [(m.prefix_start, m.start) for m in mentions if m.title and m.prefix_start < m.start]
    spans += [(m.start, m.end) for m in mentions if m.kind == "title"]
    if not spans:
        return []
    keys = []
    for ent in r.doc.ents:
        kind, _, gid = ent.ent_id_.partition(":")
        if kind in ("COUNTRY", "ORG") and gid in r.lex.entries \
                and any(a <= ent.start and ent.end <= b for a, b in spans):
            keys.append(r.entity(ent.ent_id_, kind, ent.text))
    return keys


#: Which class a name read two ways in one article keeps: the model's ORG is its guess for
#: anything capitalised, a person's name or an event's is read from more evidence.
_CLASS_RANK = {"PERSON": 0, "COUNTRY": 1, "EVENT": 2, "TREATY": 3, "PLACE": 4, "ORG": 5}


def _label_key(text: str, reorder: bool = True) -> str:
    t = _POSSESSIVE.sub("", text.lower())
    t = _ARTICLE.sub("", " ".join(_NOT_WORD.sub(" ", t).split()))
    # "Ministry of the Interior" is the "Interior Ministry"
    return _OF_NAME.sub(r"\2 \1", t) if reorder else t


def _namesakes(entities: dict[str, Entity], lex: Lexicon) -> dict[str, str]:
    """Entities of one article that are one: the same name read as two classes ("Porras"
    a person and an organisation, "Battle of Guadalcanal" an organisation in the headline
    and an event below), and a one-word name that begins exactly one longer name "W of
    ..." ("the Compact" of "the Compact of Free Association", "the Department" of "the
    Department of State"). Returns key -> the key it merges into; the kept entity takes
    the other's labels."""
    by_label: dict[str, list[str]] = {}
    for k, e in entities.items():
        if k.split(":", 1)[0] not in _CLASS_RANK or k.count(":") > 1:
            continue  # events and votes of this article keep their own keys
        for lab in {e.label, *e.alt_labels}:
            for key in {_label_key(lab), _label_key(lab, reorder=False)}:
                by_label.setdefault(key, []).append(k)

    def rank(k: str) -> tuple:
        e = entities[k]
        return (not wikidata_or_gazetteer(lex, k), _CLASS_RANK.get(e.cls, 9), -len(e.label), k)

    merged: dict[str, str] = {}

    def find(k: str) -> str:
        while k in merged:
            k = merged[k]
        return k

    for keys in by_label.values():
        roots = sorted({find(k) for k in keys}, key=rank)
        gaz = [k for k in roots if wikidata_or_gazetteer(lex, k)]
        if len(roots) < 2 or len(gaz) > 1:
            continue  # two gazetteer entities sharing a label stay two
        for k in roots[1:]:
            merged[k] = roots[0]
    for k, e in entities.items():
        words = e.label.split()
        if len(words) != 1 or find(k) != k or e.cls not in ("ORG", "TREATY") or wikidata_or_gazetteer(lex, k):
            continue
        longer = {find(o) for lab, os in by_label.items() if lab.startswith(f"{words[0].lower()} of ")
                  for o in os} - {k}
        if len(longer) == 1:
            merged[k] = longer.pop()
    out = {k: find(k) for k in merged}
    for k, into in out.items():
        e, keep = entities[k], entities[into]
        keep.alt_labels |= {e.label, *e.alt_labels} - {keep.label}
        keep.mentions += e.mentions
    return out


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
        if len(objs) > 1 and set(objs) == set(subj):
            objs = []  # "we reaffirmed our support": co-authors about themselves, not each other
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
