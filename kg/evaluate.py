"""Score kg against annotated news: ``kg eval GOLD_DIR``.

A gold folder holds ``NAME.txt`` (an article) beside ``NAME.gold.json`` (what it states; the
format of the shared evaluation README: entities with a type and labels, relations with
alternatives and optional ones, negatives). Each article is built on its own, exactly as
``kg build NAME.txt`` would, and its graph is read the way the shared scorer reads any graph:

* by local name, whatever the namespace: labels are the values of ``label``, ``prefLabel``,
  ``altLabel``, ``hiddenLabel`` and ``name``; types are closed over ``rdfs:subClassOf`` and
  predicates over ``rdfs:subPropertyOf`` (from the graph, the ontology and the core
  vocabulary's own hierarchy), and only triples whose predicate reaches a core property count;
* a gold entity matches every node one of whose labels equals one of its labels once both are
  normalised (case, punctuation, spacing, a leading "the", a possessive 's); two nodes for
  one entity are a split; a typed node (Person, Country, Organization, Place, Treaty) that
  matches no gold entity is a stray;
* a gold relation is found when an edge joins a node of (one of) its subjects to a node of
  (one of) its objects by its property or a sub-property, either way round for a symmetric
  property, or, for a literal, when the literal agrees (``jobTitle``: the gold title within
  the found one; ``said``: one quotation within the other or half their words shared);
* an edge that matches no gold relation, nor only restates a matched one with a broader
  property between the same two nodes, is a false positive; a negative found as an edge is a
  negated or hedged statement asserted as fact.

Precision, recall and F1 are micro-averaged over all articles; per property, a missed or
found gold relation counts for its annotated property and a false positive for the most
specific core property of the edge.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal

from kg.errors import KgError
from kg.iri import local_name

#: The core vocabulary scored (entity-to-entity and literal-valued properties).
CORE = frozenset({
    "consultedWith", "metWith", "spokeWith", "negotiatedWith", "agreedWith", "visited", "hosted",
    "mediated", "urged", "criticized", "condemned", "accused", "warned", "threatened", "rejected",
    "praised", "suspended", "withdrewFrom", "signed", "supports", "sanctioned", "attacked",
    "invaded", "detained", "votedFor", "votedAgainst", "abstainedFrom", "memberOf", "officialOf",
    "citizenOf", "locatedIn", "partOf", "discussed", "said", "jobTitle",
})
#: The core vocabulary's own hierarchy, which holds whatever an ontology says.
CORE_PARENTS = {"metWith": "consultedWith", "spokeWith": "consultedWith",
                "condemned": "criticized", "invaded": "attacked"}
#: Properties scored in either direction.
UNDIRECTED = frozenset({"consultedWith", "metWith", "spokeWith", "negotiatedWith", "agreedWith"})
#: Classes whose unmatched nodes are strays (an Event may be anything, so it is not one).
NAMED_CLASSES = frozenset({"Person", "Country", "Organization", "Place", "Treaty"})
LABEL_PROPERTIES = frozenset({"label", "prefLabel", "altLabel", "hiddenLabel", "name"})

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Casefolded, NFKC, without possessive 's, dots, apostrophes, hyphens and dashes, other
    punctuation as spaces, single-spaced, without a leading 'the'."""
    t = unicodedata.normalize("NFKC", str(text)).casefold().translate(_QUOTES)
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[.'\u2010-\u2015-]", "", t)
    t = " ".join(re.sub(r"[^\w\s]", " ", t).split())
    return t[4:] if t.startswith("the ") else t


def label_key(text: str) -> str:
    """A label's identity: normalised and blind to spacing ('G-20', 'G20', 'G 20')."""
    return normalise(text).replace(" ", "")


def literal_agrees(prop: str, gold: str, found: str) -> bool:
    """Does a found literal state the gold one? A job title must contain the gold title; a
    quotation must contain it, lie within it (20 characters or more), or share half its words."""
    g, f = normalise(gold), normalise(found)
    if not g or not f:
        return False
    if prop == "jobTitle":
        return label_key(gold) in label_key(found)
    if g in f or (len(f) >= 20 and f in g):
        return True
    gw, fw = set(g.split()), set(f.split())
    return len(gw & fw) >= 0.5 * max(1, len(gw | fw))


def _ancestors(parents: dict[str, set[str]], name: str) -> frozenset[str]:
    seen, todo = {name}, [name]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return frozenset(seen)


class GraphReading:
    """A graph as the scorer sees it: node -> label keys, node -> closed types, and the
    edges (subject, the core properties the predicate reaches, object), each once."""

    def __init__(self, graph: Graph, ontology: Graph | None = None):
        class_parents: dict[str, set[str]] = defaultdict(set)
        prop_parents: dict[str, set[str]] = defaultdict(set)
        for child, parent in CORE_PARENTS.items():
            prop_parents[child].add(parent)
        for source in (graph, ontology if ontology is not None else Graph()):
            for s, o in source.subject_objects(RDFS.subClassOf):
                class_parents[local_name(s)].add(local_name(o))
            for s, o in source.subject_objects(RDFS.subPropertyOf):
                prop_parents[local_name(s)].add(local_name(o))
        self.labels: dict = defaultdict(set)
        self.shown: dict = {}
        self.types: dict = defaultdict(set)
        edges = set()
        for s, p, o in graph.triples((None, None, None)):
            name = local_name(p)
            if name in LABEL_PROPERTIES and isinstance(o, Literal):
                self.labels[s].add(label_key(o))
                self.shown[s] = min(self.shown.get(s, str(o)), str(o))
            elif p == RDF.type:
                self.types[s] |= _ancestors(class_parents, local_name(o))
            else:
                core = _ancestors(prop_parents, name) & CORE
                if core:
                    edges.add((s, core, o))
        self.edges = sorted(edges, key=str)
        self._parents = prop_parents

    def show(self, term) -> str:
        if isinstance(term, Literal):
            return repr(str(term)[:40])
        return self.shown.get(term, str(term))

    def most_specific(self, core: frozenset[str]) -> str:
        """The property of an edge to count it under: the one in ``core`` that no other
        property in it specialises (metWith rather than consultedWith)."""
        narrow = [p for p in core
                  if not any(q != p and p in _ancestors(self._parents, q) for q in core)]
        return sorted(narrow or core)[0]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class ArticleScore:
    """One article's score; the lists say what to look at."""

    name: str
    relations: Tally = field(default_factory=Tally)
    by_property: dict[str, Tally] = field(default_factory=dict)
    entities: int = 0           # required gold entities
    found: int = 0              # ... matched by at least one node
    typed: int = 0              # ... by a node of the gold type
    named_nodes: int = 0
    stray: list[str] = field(default_factory=list)       # typed nodes no gold entity matches
    splits: list[str] = field(default_factory=list)      # gold ids matched by several nodes
    not_found: list[str] = field(default_factory=list)
    wrong_type: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)      # gold relations not found
    false: list[str] = field(default_factory=list)       # edges no gold relation accounts for
    negatives: list[str] = field(default_factory=list)   # negatives asserted as facts
    problem: str | None = None                           # the article could not be built


def _choices(x) -> list:
    return x if isinstance(x, list) else [x]


def _describe(rel: dict) -> str:
    o = rel["o"]
    obj = repr(o["literal"][:40]) if isinstance(o, dict) else o
    return f"{rel['s']} {rel['p']} {obj}"


def score_article(gold: dict, reading: GraphReading, name: str = "") -> ArticleScore:
    """Score one graph (already read) against one gold annotation."""
    out = ArticleScore(name or gold.get("article", ""))
    ids_by_label: dict[str, set[str]] = defaultdict(set)
    for e in gold["entities"]:
        for lab in e["labels"]:
            ids_by_label[label_key(lab)].add(e["id"])
    gold_of: dict = defaultdict(set)    # node -> gold ids
    nodes_of: dict = defaultdict(set)   # gold id -> nodes
    for node, keys in reading.labels.items():
        for k in keys:
            for gid in ids_by_label.get(k, ()):
                gold_of[node].add(gid)
                nodes_of[gid].add(node)

    required = [e for e in gold["entities"] if not e.get("optional")]
    out.entities = len(required)
    for e in required:
        nodes = nodes_of.get(e["id"], set())
        if not nodes:
            out.not_found.append(e["id"])
            continue
        out.found += 1
        if any(e["type"] in reading.types[n] for n in nodes):
            out.typed += 1
        else:
            out.wrong_type.append(e["id"])
    out.splits = [e["id"] for e in gold["entities"] if len(nodes_of.get(e["id"], ())) > 1]
    named = [n for n, t in reading.types.items() if t & NAMED_CLASSES]
    out.named_nodes = len(named)
    out.stray = sorted(reading.show(n) for n in named if not gold_of.get(n))

    def matches(subjects: list, prop: str, obj) -> set:
        wanted_s = set(subjects)
        found = set()
        for edge in reading.edges:
            s, core, o = edge
            if prop not in core:
                continue
            ends = [(s, o), (o, s)] if prop in UNDIRECTED else [(s, o)]
            for a, b in ends:
                if not gold_of.get(a, set()) & wanted_s:
                    continue
                if isinstance(obj, dict):
                    ok = isinstance(b, Literal) and literal_agrees(prop, obj["literal"], b)
                else:
                    ok = bool(gold_of.get(b, set()) & set(_choices(obj)))
                if ok:
                    found.add(edge)
        return found

    accounted: set = set()
    for rel in gold["relations"]:
        hits = matches(_choices(rel["s"]), rel["p"], rel["o"])
        accounted |= hits
        if rel.get("optional"):
            continue
        tally = out.by_property.setdefault(rel["p"], Tally())
        if hits:
            tally.tp += 1
        else:
            tally.fn += 1
            out.missed.append(_describe(rel))

    def restates(edge) -> bool:  # metWith matched, consultedWith between the same two nodes
        s, core, o = edge
        return any(core <= c and {s, o} == {ms, mo} for ms, c, mo in accounted)

    for edge in reading.edges:
        if edge in accounted or restates(edge):
            continue
        s, core, o = edge
        prop = reading.most_specific(core)
        out.by_property.setdefault(prop, Tally()).fp += 1
        out.false.append(f"{reading.show(s)} {'/'.join(sorted(core))} {reading.show(o)}")
    for neg in gold.get("negatives", []):
        if matches(_choices(neg["s"]), neg["p"], neg["o"]):
            out.negatives.append(f"{_describe(neg)} ({neg.get('why', '')})")
    for t in out.by_property.values():
        out.relations.add(t)
    return out


@dataclass
class Report:
    articles: list[ArticleScore]

    def total(self) -> Tally:
        t = Tally()
        for a in self.articles:
            t.add(a.relations)
        return t

    def by_property(self) -> dict[str, Tally]:
        props: dict[str, Tally] = {}
        for a in self.articles:
            for p, t in a.by_property.items():
                props.setdefault(p, Tally()).add(t)
        return dict(sorted(props.items()))

    def summary(self) -> dict:
        """The headline numbers, named and rounded as the shared scorer prints them."""
        p, r, f = self.total().prf()
        gold = sum(a.entities for a in self.articles)
        return {"articles": len(self.articles), "P": round(p, 3), "R": round(r, 3), "F1": round(f, 3),
                "entity_recall": round(sum(a.found for a in self.articles) / gold, 3) if gold else 0.0,
                "entity_typed": round(sum(a.typed for a in self.articles) / gold, 3) if gold else 0.0,
                "splits": sum(len(a.splits) for a in self.articles),
                "negatives_asserted": sum(len(a.negatives) for a in self.articles),
                "stray_named_nodes": sum(len(a.stray) for a in self.articles)}

    def to_json(self) -> dict:
        props = {}
        for name, t in self.by_property().items():
            p, r, f = t.prf()
            props[name] = {**asdict(t), "P": round(p, 3), "R": round(r, 3), "F1": round(f, 3)}
        return {"summary": self.summary(), "properties": props,
                "articles": {a.name: asdict(a) for a in self.articles}}


def gold_pairs(gold_dir: str | Path) -> list[tuple[Path, Path]]:
    """(NAME.txt, NAME.gold.json) for every gold file of the folder, sorted by name."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise KgError(f"{folder}: no such folder")
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        text = gold.with_name(gold.name.removesuffix(".gold.json") + ".txt")
        if not text.is_file():
            raise KgError(f"{gold}: no {text.name} beside it")
        pairs.append((text, gold))
    if not pairs:
        raise KgError(f"{folder}: no NAME.gold.json files (with NAME.txt beside them)")
    return pairs


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for key in ("entities", "relations"):
            if not isinstance(gold.get(key), list):
                raise ValueError(f"no {key!r} list")
    except (OSError, ValueError) as exc:
        raise KgError(f"{path}: not a gold file: {exc}") from exc
    return gold


def ontology_graph() -> Graph:
    """kg's ontology files, for the class and property hierarchies."""
    from kg.settings import ontology_dir

    g = Graph()
    for f in sorted(ontology_dir().glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def evaluate(gold_dir: str | Path, *, progress: Callable[[int, str], None] | None = None,
             out: str | Path | None = None) -> Report:
    """Build every NAME.txt of ``gold_dir`` on its own (as ``kg build NAME.txt``) and score
    it against NAME.gold.json. An article that cannot be built scores as an empty graph and
    carries its ``problem``. With ``out``, each graph is kept as ``out/NAME/graph.ttl``."""
    from kg.ingest import read_inputs
    from kg.pipeline import build_graph

    pairs = gold_pairs(gold_dir)
    golds = [load_gold(g) for _, g in pairs]
    onto = ontology_graph()
    scores = []
    for n, ((text, _), gold) in enumerate(zip(pairs, golds, strict=True), 1):
        articles, problems = read_inputs([str(text)])
        result = build_graph(articles) if articles else None
        problems = problems + (result.failed if result else [])
        graph = result.graph if result and result.read else Graph()
        if out is not None:
            from kg.export import write_rdf

            write_rdf(graph, Path(out) / text.name.removesuffix(".txt") / "graph.ttl", "ttl")
        score = score_article(gold, GraphReading(graph, onto), text.name)
        score.problem = "; ".join(str(p) for p in problems) or None
        scores.append(score)
        if progress:
            progress(n, text.name)
    return Report(scores)


def format_report(report: Report, *, articles: bool = True) -> str:
    """The report as text: each article's score with its misses and false positives, a
    table per property, and the summary as the last line."""
    lines: list[str] = []
    if articles:
        for a in report.articles:
            p, r, f = a.relations.prf()
            t = a.relations
            lines.append(f"== {a.name}: relations P={p:.2f} R={r:.2f} F1={f:.2f} "
                         f"(tp={t.tp} fp={t.fp} fn={t.fn}); entities found {a.found}/{a.entities}, "
                         f"typed {a.typed}, splits {len(a.splits)}, stray {len(a.stray)}, "
                         f"negatives asserted {len(a.negatives)}")
            if a.problem:
                lines.append(f"   not built: {a.problem}")
            for label, items in (("missed", a.missed), ("false positive", a.false),
                                 ("entity not found", a.not_found), ("entity wrong type", a.wrong_type),
                                 ("entity split", a.splits), ("negative asserted", a.negatives),
                                 ("stray node", a.stray)):
                lines.extend(f"   {label}: {it}" for it in items)
        lines.append("")
    lines.append(f"{'property':<16}{'gold':>6}{'tp':>6}{'fn':>6}{'fp':>6}{'P':>7}{'R':>7}{'F1':>7}")
    for name, t in report.by_property().items():
        p, r, f = t.prf()
        lines.append(f"{name:<16}{t.tp + t.fn:>6}{t.tp:>6}{t.fn:>6}{t.fp:>6}{p:>7.2f}{r:>7.2f}{f:>7.2f}")
    lines.append("")
    lines.append(" ".join(f"{k}={v}" for k, v in report.summary().items()))
    return "\n".join(lines) + "\n"


def score_files(pairs: Iterable[tuple[Path, Path]]) -> Report:
    """Score already built graphs: (NAME.gold.json, graph file) pairs."""
    onto = ontology_graph()
    scores = []
    for gold_path, graph_path in pairs:
        g = Graph()
        g.parse(graph_path)
        scores.append(score_article(load_gold(Path(gold_path)), GraphReading(g, onto), Path(gold_path).name))
    return Report(scores)


__all__ = ["ArticleScore", "GraphReading", "Report", "Tally", "evaluate", "format_report",
           "gold_pairs", "label_key", "literal_agrees", "normalise", "score_article", "score_files"]
