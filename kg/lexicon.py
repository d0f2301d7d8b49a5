"""The lexicon: trigger words, titles and the gazetteer, loaded from data files in the
ontology folder (``lexicon.yaml`` and ``gazetteer/*.csv``). Users extend kg by editing
those files; nothing here names a word of English."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import ConfigError
from kg.settings import ontology_dir


@dataclass(frozen=True)
class GazEntry:
    """A known actor: a country, organisation, treaty or person."""

    id: str
    kind: str  # COUNTRY, ORG, TREATY, PERSON
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    official: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    country: str | None = None  # the country an organisation or person belongs to
    parent: str | None = None  # the organisation an organ is part of
    members: tuple[str, ...] = ()
    organization: str | None = None


@dataclass(frozen=True)
class VerbTrigger:
    prop: str
    preps: tuple[str, ...]
    direct: bool = True
    particle: str | None = None
    nouns: tuple[str, ...] = ()  # light-verb objects: "hold talks", "impose sanctions"
    #: a required complement ("hold Russia accountable", "hold Russia to account"): when
    #: present only the triggers that require it apply
    complement: tuple[str, ...] = ()


@dataclass(frozen=True)
class NounTrigger:
    prop: str
    preps: tuple[str, ...]


@dataclass
class Lexicon:
    entries: dict[str, GazEntry] = field(default_factory=dict)
    verbs: dict[str, list[VerbTrigger]] = field(default_factory=dict)
    nouns: dict[str, list[NounTrigger]] = field(default_factory=dict)
    #: predicative adjectives, by surface form ("concerned about", "grateful to")
    adjectives: dict[str, list[VerbTrigger]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # lower-cased title -> kind
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym -> country id
    capitals: dict[str, str] = field(default_factory=dict)  # capital -> country id
    regions: dict[str, str] = field(default_factory=dict)  # surface form -> region (gazetteer/regions.csv)
    factuality: dict[str, set[str]] = field(default_factory=dict)
    vote_words: dict[str, set[str]] = field(default_factory=dict)
    government_nouns: set[str] = field(default_factory=set)
    group_nouns: set[str] = field(default_factory=set)
    wrapper_nouns: set[str] = field(default_factory=set)
    condemnatory: set[str] = field(default_factory=set)
    signatures: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    speech_acts: dict[str, set[str]] = field(default_factory=dict)
    target_nouns: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    treaty_nouns: set[str] = field(default_factory=set)
    support_frames: set[str] = field(default_factory=set)
    title_country: dict[str, str] = field(default_factory=dict)  # title -> country id
    #: gazetteer/name_words.csv: role -> words ("headline": never part of a name; "office":
    #: ends an office phrase before a name; "event"/"treaty": heads of descriptive nouns)
    name_words: dict[str, set[str]] = field(default_factory=dict)
    memberships: dict[str, set[str]] = field(default_factory=dict)
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    reflexive_possessives: dict[str, frozenset[str]] = field(default_factory=dict)  # "their" -> {"they"}

    def words(self, name: str) -> frozenset[str]:
        """A named word set of the ``word_sets`` section ("communication", "vote_nouns")."""
        try:
            return self.word_sets[name]
        except KeyError:
            raise ConfigError(f"lexicon.yaml: word_sets has no {name!r}") from None

    def allows(self, prop: str, subj_cls: str, obj_cls: str | None) -> bool:
        """Whether the classes fit the property's signature (unknown properties pass)."""
        sig = self.signatures.get(prop)
        if sig is None:
            return True
        return _fits(subj_cls, sig[0]) and (obj_cls is None or _fits(obj_cls, sig[1]))

    def surface_forms(self) -> list[tuple[str, GazEntry]]:
        """Every name, alias and official name with its entry, in a stable order."""
        out = []
        for e in sorted(self.entries.values(), key=lambda x: (x.kind, x.id)):
            for form in (e.name, e.official, *e.aliases):
                if form:
                    out.append((form, e))
        return out


_EVENT_CLASSES = {"EVENT", "VOTE", "MEETING", "CONFLICT"}


def _fits(cls: str, allowed: frozenset[str]) -> bool:
    if "ANY" in allowed or cls in allowed:
        return True
    if "ACTOR" in allowed and cls in ("PERSON", "COUNTRY", "ORG"):
        return True
    return "EVENT" in allowed and cls in _EVENT_CLASSES


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read gazetteer file: {exc}") from exc


def _load_gazetteer(folder: Path, lex: Lexicon) -> None:
    for row in _read_csv(folder / "countries.csv"):
        e = GazEntry(
            id=row["id"], kind="COUNTRY", name=row["name"], official=row["official"] or None,
            aliases=_split(row["aliases"]), demonyms=_split(row["demonyms"]),
            capitals=_split(row["capitals"]), wikidata=row["wikidata"] or None,
        )
        lex.entries[e.id] = e
        for d in e.demonyms:
            lex.demonyms.setdefault(d, e.id)
        for c in e.capitals:
            lex.capitals.setdefault(c, e.id)
    for row in _read_csv(folder / "organizations.csv"):
        lex.entries[row["id"]] = GazEntry(
            id=row["id"], kind="ORG", name=row["name"], aliases=_split(row["aliases"]),
            parent=row["parent"] or None, country=row["country"] or None,
            members=_split(row["members"]), wikidata=row["wikidata"] or None,
        )
    for row in _read_csv(folder / "treaties.csv"):
        lex.entries[row["id"]] = GazEntry(
            id=row["id"], kind="TREATY", name=row["name"], aliases=_split(row["aliases"]),
            wikidata=row["wikidata"] or None,
        )
    for row in _read_csv(folder / "persons.csv"):
        lex.entries[row["id"]] = GazEntry(
            id=row["id"], kind="PERSON", name=row["name"], aliases=_split(row["aliases"]),
            country=row["country"] or None, organization=row["organization"] or None,
            wikidata=row["wikidata"] or None,
        )
    for row in _read_csv(folder / "regions.csv"):
        for form in (row["name"], *_split(row["aliases"])):
            lex.regions.setdefault(form, row["name"])
    for row in _read_csv(folder / "name_words.csv"):
        lex.name_words.setdefault(row["role"], set()).add(row["word"])
    for row in _read_csv(folder / "titles.csv"):
        lex.titles[row["title"].lower()] = row["kind"]
        if row.get("country"):
            lex.title_country[row["title"].lower()] = row["country"]


def _as_list(x) -> list:
    return x if isinstance(x, list) else ([] if x is None else [x])


def _load_triggers(data: dict, lex: Lexicon) -> None:
    for prop, spec in (data.get("properties") or {}).items():
        default_preps = tuple(_as_list(spec.get("preps")))
        for v in _as_list(spec.get("verbs")):
            if isinstance(v, str):
                v = {"lemma": v}
            trig = VerbTrigger(
                prop=prop,
                preps=tuple(v["preps"]) if "preps" in v else default_preps,
                direct=bool(v.get("direct", True)),
                particle=v.get("particle"),
                nouns=tuple(_as_list(v.get("nouns"))),
                complement=tuple(_as_list(v.get("complement"))),
            )
            lex.verbs.setdefault(v["lemma"], []).append(trig)
        for a in _as_list(spec.get("adjectives")):
            if isinstance(a, str):
                a = {"lemma": a}
            lex.adjectives.setdefault(a["lemma"], []).append(
                VerbTrigger(prop=prop, preps=tuple(a["preps"]) if "preps" in a else default_preps))
        for n in _as_list(spec.get("nouns")):
            lex.nouns.setdefault(n, []).append(NounTrigger(prop, default_preps))


class _WordLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in a lexicon they are words. A key given
    twice in one mapping is an error (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_WordLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


#: Keys each section must have: the code reads every one of them.
FACTUALITY_KEYS = ("negation_determiners", "negation_verbs", "modal", "hedge_verbs", "hedge_nouns",
                   "hedge_adjectives", "readiness", "conditional_markers", "condition_clauses",
                   "planned_auxiliaries", "planned_words")
VOTE_KEYS = ("for", "against", "abstain", "verbs", "texts")
MEMBERSHIP_KEYS = ("member_nouns", "admission_verbs", "composition_verbs")


def _require(path: Path, section: str, got: dict, keys: tuple[str, ...]) -> None:
    missing = [k for k in keys if k not in got]
    if missing:
        raise ConfigError(f"{path}: section {section!r} lacks {', '.join(missing)}")


@lru_cache(maxsize=4)
def load_lexicon(folder: str | None = None) -> Lexicon:
    """Load (once per folder) the lexicon and gazetteer."""
    base = Path(folder) if folder else ontology_dir()
    try:
        data = yaml.load((base / "lexicon.yaml").read_text(encoding="utf-8"), Loader=_WordLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{base / 'lexicon.yaml'}: {exc}") from exc
    lex = Lexicon()
    _load_triggers(data, lex)
    _load_gazetteer(base / "gazetteer", lex)
    lex.factuality = {k: set(_as_list(v)) for k, v in (data.get("factuality") or {}).items()}
    lex.vote_words = {k: set(_as_list(v)) for k, v in (data.get("votes") or {}).items()}
    lex.government_nouns = set(_as_list(data.get("government_nouns")))
    lex.group_nouns = set(_as_list(data.get("group_nouns")))
    lex.wrapper_nouns = set(_as_list(data.get("wrapper_nouns")))
    lex.condemnatory = set(_as_list(data.get("condemnatory")))
    lex.target_nouns = set(_as_list(data.get("target_nouns")))
    lex.org_heads = set(_as_list(data.get("org_heads"))) | lex.name_words.get("org", set())
    lex.treaty_nouns = set(_as_list(data.get("treaty_nouns")))
    lex.support_frames = set(_as_list(data.get("support_frames")))
    lex.speech_acts = {k: set(_as_list(v)) for k, v in (data.get("speech_acts") or {}).items()}
    lex.memberships = {k: set(_as_list(v)) for k, v in (data.get("memberships") or {}).items()}
    lex.word_sets = {k: frozenset(_as_list(v)) for k, v in (data.get("word_sets") or {}).items()}
    lex.reflexive_possessives = {k: frozenset(_as_list(v))
                                 for k, v in (data.get("reflexive_possessives") or {}).items()}
    _require(base / "lexicon.yaml", "factuality", lex.factuality, FACTUALITY_KEYS)
    _require(base / "lexicon.yaml", "votes", lex.vote_words, VOTE_KEYS)
    _require(base / "lexicon.yaml", "memberships", lex.memberships, MEMBERSHIP_KEYS)
    for prop, (subj, obj) in (data.get("signatures") or {}).items():
        lex.signatures[prop] = (frozenset(_as_list(subj)), frozenset(_as_list(obj)))
    return lex
