"""The graph seen as a network: entities as nodes, relations as edges with their evidence,
the counts every command reports, and the analyses behind ``kg analyze`` and the explorer
(centrality, communities, paths between two actors, relation counts, a timeline).

The view is read with a handful of SPARQL SELECTs on an embedded Oxigraph (a store, or a
graph file parsed by Oxigraph), each a single pattern or a join within one statement, so
the work grows with the graph and never with the number of articles that repeat an entity's
description. The results travel as CSV bytes from Oxigraph, not one Python object per term.
networkx is imported where used."""

from __future__ import annotations

import csv
import gc
import io
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from kg.errors import KgError
from kg.iri import local_name
from kg.namespace import ONTOLOGY_IRI

_D = ONTOLOGY_IRI
_ASSERTED = _D + "Asserted"
CLASS_NAMES = {_D + c: c for c in ("Person", "Country", "Organization", "Place", "Treaty", "Event", "Meeting",
                                    "Vote", "ArmedConflict")}
#: Classes drawn and analysed as actors and things; meetings are shown through their edges.
NETWORK_CLASSES = {"Person", "Country", "Organization", "Place", "Treaty", "Event", "Vote", "ArmedConflict"}
#: Factualities in the order an aggregated edge takes its style from: an edge asserted once is
#: asserted; one only ever planned is planned (dip:Planned, when the ontology has it).
FACTUALITIES = ("Asserted", "Planned", "Hedged", "Negated")

_PREFIXES = (f"PREFIX dip: <{_D}>\n"
             "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
             "PREFIX dcterms: <http://purl.org/dc/terms/>\n")


@dataclass(slots=True)  # one per statement: slots make the many small objects cheaper
class Evidence:
    sentence: str
    article: str
    factuality: str
    rule: str
    date: str = ""
    place: str = ""  # IRI of the event's place, if any
    article_date: str = ""


@dataclass
class Edge:
    source: str
    target: str
    prop: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        return self.factuality == "Asserted"

    @property
    def factuality(self) -> str:
        """The edge's style: the first of :data:`FACTUALITIES` among its evidence."""
        ev = self.evidence
        if len(ev) == 1:
            return ev[0].factuality
        have = {e.factuality for e in ev}
        return next((f for f in FACTUALITIES if f in have), min(have) if have else "Asserted")


@dataclass(slots=True)
class NodeInfo:
    iri: str
    label: str
    cls: str
    alt_labels: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (property, literal) e.g. jobTitle
    dates: list[str] = field(default_factory=list)  # the entity's own event dates (a vote's)


@dataclass
class NetworkView:
    nodes: dict[str, NodeInfo]
    edges: list[Edge]
    #: what the counts need besides nodes and edges: articles, meetings, and the statements
    #: (each mention of a relation or fact) by kind and factuality
    articles: int = 0
    meetings: int = 0
    statements: Counter = field(default_factory=Counter)


# ---------------------------------------------------------------- the graph source

@contextmanager
def no_gc():
    """Python's cyclic garbage collector paused for a bulk build. A view allocates one
    object per statement, all kept alive to the end, and each automatic collection walks
    every one of them again: on 20,000 entities that was half of the explorer's build
    time. Nothing built here holds a cycle that needs collecting."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def oxigraph_of(source):
    """The Oxigraph store to read ``source`` from: a ``pyoxigraph.Store``, a graph source
    of :func:`kg.query.open_graph` (a store or a graph file), a store folder or graph file
    path, or an rdflib Graph/Dataset (copied; for small graphs and library users)."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source
    if isinstance(getattr(source, "ox", None), ox.Store):
        return source.ox
    if isinstance(source, str | Path):
        from kg.query import open_graph

        return open_graph(source).ox
    from kg.store import _ox_term

    st = ox.Store()
    st.extend(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in source.triples((None, None, None)))
    return st


def _select(st, query: str):
    """Rows of a SELECT on the merged graph, as lists of strings ('' when unbound). The
    merged graph is the default graph when it holds anything (a graph file; a store that
    keeps its merged graph there), else the union of the named graphs."""
    import pyoxigraph as ox

    union = next(iter(st.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    res = st.query(_PREFIXES + query, use_default_graph_as_union=union)
    text = res.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows, None)  # the header
    return rows


# only the classes the view uses: a graph also types every statement, article and sentence
_TYPES = ("SELECT DISTINCT ?e ?c WHERE { VALUES ?c { "
          + " ".join(f"<{_D}{c}>" for c in sorted(NETWORK_CLASSES | {"Meeting"})) + " } ?e a ?c }")
_LABELS = "SELECT DISTINCT ?e ?l WHERE { ?e rdfs:label ?l }"
_ALT = "SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }"
_DATES = "SELECT DISTINCT ?e ?d WHERE { ?e dip:eventDate ?d }"
_ARTICLES = ("SELECT ?a ?t ?d WHERE { ?a a dip:Article OPTIONAL { ?a dcterms:title ?t } "
             "OPTIONAL { ?a dcterms:date ?d } }")
_SENTENCES = "SELECT ?s ?t WHERE { ?s dip:sentenceText ?t }"
# One row per statement: its statement IRI is not selected (decoding 40,000 long IRIs was a
# fifth of the query), and neither are its date and place, which would repeat the row for
# a statement with two of them; those come from _WHEN, keyed by what identifies a statement
# in kg's graphs (subject, relation, object, factuality, evidence sentence). _WHEN starts
# each pattern from the few dated or placed statements: a join on all statements would
# cost a third of _STATEMENTS on a graph with none.
_STATEMENTS = """SELECT ?s ?p ?o (isLiteral(?o) AS ?lit) ?f ?ev ?art ?rule WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st dip:factuality ?f } OPTIONAL { ?st dip:evidence ?ev }
  OPTIONAL { ?st prov:wasDerivedFrom ?art } OPTIONAL { ?st dip:rule ?rule } }"""
_WHEN = """SELECT ?s ?p ?o ?f ?ev ?date ?place WHERE {
  { ?st dip:eventDate ?date ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
  UNION { ?st dip:eventPlace ?place ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
  OPTIONAL { ?st dip:factuality ?f } OPTIONAL { ?st dip:evidence ?ev } }"""


def _label_rank(label: str) -> tuple:
    """Which of an entity's labels (articles may name it differently) the view shows: one
    not in capitals ("Wendy Sherman" over "WENDY R. SHERMAN", a signature line), then the
    fullest name up to 40 characters ("Antony Blinken" over "Blinken"), then the shortest;
    never dependent on how many articles repeat one."""
    shouted = label.isupper() and " " in label  # "NATO" is a name, "WENDY R. SHERMAN" a shout
    return (shouted, len(label) > 40, -len(label) if len(label) <= 40 else len(label), label)


def network_view(source) -> NetworkView:
    """Entities and relations (every factuality) with all their evidence, sorted.

    ``source`` is anything :func:`oxigraph_of` takes; an entity's label is chosen by
    :func:`_label_rank` among those the graph gives it."""
    st = oxigraph_of(source)
    with no_gc():
        return _network_view(st)


def _network_view(st) -> NetworkView:
    types: dict[str, str] = {}
    meetings = set()
    for e, c in _select(st, _TYPES):
        cls = CLASS_NAMES.get(c)
        if cls in NETWORK_CLASSES:
            types[e] = cls
        elif cls == "Meeting":
            meetings.add(e)
    best: dict[str, tuple] = {}
    for e, lab in _select(st, _LABELS):
        if e in types:
            key = _label_rank(lab)
            if e not in best or key < best[e]:
                best[e] = key
    nodes = {e: NodeInfo(e, best[e][-1] if e in best else local_name(e), cls) for e, cls in types.items()}
    for e, alt in _select(st, _ALT):
        if e in nodes and alt != nodes[e].label:
            nodes[e].alt_labels.append(alt)
    for e, d in _select(st, _DATES):
        if e in nodes:
            nodes[e].dates.append(d)
    titles, art_dates = {}, {}
    n_articles = 0
    for a, t, d in _select(st, _ARTICLES):
        if a not in titles:
            n_articles += 1
        titles[a] = t or titles.get(a) or local_name(a)
        art_dates[a] = d or art_dates.get(a, "")
    texts = dict(_select(st, _SENTENCES))
    by_key: dict[tuple, list] = {}  # (subject, relation, object) -> evidence
    facts: dict[str, set] = {}
    counted: Counter = Counter()  # (kind, factuality IRI) -> statements
    when: dict[tuple, list] = {}  # statement -> [date, place]: the first of each, in order
    for s, p, o, f, ev, date, place in _select(st, _WHEN):
        got = when.setdefault((s, p, o, f, ev), ["", ""])
        if date and (not got[0] or date < got[0]):
            got[0] = date
        if place and (not got[1] or place < got[1]):
            got[1] = place
    no_when = ("", "")
    local: dict[str, str] = {"": "Asserted"}  # IRI -> local name, for the few properties and factualities
    for s, p, o, lit, f, ev, art, rule in _select(st, _STATEMENTS):
        if lit == "true":
            counted[("fact", f)] += 1
            if s in nodes and (not f or f == _ASSERTED):
                facts.setdefault(s, set()).add((p, o))
            continue
        counted[("relation", f)] += 1
        if s not in nodes or o not in nodes:
            continue
        evs = by_key.get((s, p, o))
        if evs is None:
            evs = by_key[(s, p, o)] = []
        fact = local.get(f)
        if fact is None:
            fact = local[f] = local_name(f)
        date, place = when.get((s, p, o, f, ev), no_when) if when else no_when
        evs.append(Evidence(texts.get(ev, ""), titles.get(art, ""), fact, rule, date, place, art_dates.get(art, "")))
    for iri in {f for _, f in counted} | {p for _, p, _ in by_key}:
        if iri not in local:
            local[iri] = local_name(iri)
    statements: Counter = Counter()
    for (kind, f), n in counted.items():
        statements[(kind, local[f])] += n
    for e, fs in facts.items():
        nodes[e].facts = sorted({(local.get(p) or local.setdefault(p, local_name(p)), o) for p, o in fs})
    for n in nodes.values():
        if n.alt_labels:
            n.alt_labels = sorted(set(n.alt_labels))
        if n.dates:
            n.dates = sorted(set(n.dates))
    props = {p for _, p, _ in by_key}
    if len({local[p] for p in props}) < len(props):  # two IRIs of one name: one edge
        merged: dict[tuple, list] = {}
        for (s, p, o), evs in by_key.items():
            merged.setdefault((s, local[p], o), []).extend(evs)
        by_key = merged
    else:
        by_key = {(s, local[p], o): evs for (s, p, o), evs in by_key.items()}
    # edges sorted by (subject, relation, object), as one integer per edge: their ranks
    keys = sorted(nodes)
    rank = {k: i for i, k in enumerate(keys)}
    names = sorted({p for _, p, _ in by_key})
    prank = {p: i for i, p in enumerate(names)}
    nn, np_ = len(keys), len(names)
    out = []
    for (s, p, o), evs in sorted(by_key.items(), key=lambda kv: (rank[kv[0][0]] * np_ + prank[kv[0][1]]) * nn
                                 + rank[kv[0][2]]):
        if len(evs) > 1:
            evs.sort(key=lambda x: (FACTUALITIES.index(x.factuality) if x.factuality in FACTUALITIES else 9,
                                    x.date or "", x.article, x.article_date or "", x.sentence, x.rule or ""))
        out.append(Edge(s, o, p, evs))
    return NetworkView({k: nodes[k] for k in keys}, out, n_articles, len(meetings), statements)


# ---------------------------------------------------------------- counts

#: What each count means, in the words build, analyze and the explorer print.
COUNT_LABELS = {
    "articles": "articles",
    "entities": "entities (persons, countries, organisations, places, treaties, events, votes, conflicts)",
    "connected": "entities with at least one relation",
    "relations": "asserted relations between two entities (distinct subject, relation, object)",
    "not_asserted": "relations only negated, hedged or planned, never asserted",
    "facts": "asserted facts about one entity (jobTitle, said: distinct entity, property, value)",
    "statements": "statements (each mention of a relation or fact, with its evidence sentence)",
    "meetings": "meetings and calls (dated events with their participants)",
}


def graph_counts(view: NetworkView) -> dict:
    """Every number build, analyze and the explorer report, defined once.

    ``relations`` counts distinct asserted (subject, relation, object) edges between two
    entities: a relation read in ten articles counts once. ``statements`` counts every
    mention (one per sentence that states it), by factuality."""
    linked: set[str] = set()
    by_prop: Counter = Counter()  # asserted edges by relation
    for e in view.edges:
        linked.add(e.source)
        linked.add(e.target)
        if e.factuality == "Asserted":
            by_prop[e.prop] += 1
    n_asserted = sum(by_prop.values())
    facts = Counter(p for n in view.nodes.values() for p, _ in n.facts)
    by_fact: Counter = Counter()
    for (_, f), n in view.statements.items():
        by_fact[f] += n
    return {
        "articles": view.articles,
        "entities": len(view.nodes),
        "entities_by_class": dict(sorted(Counter(n.cls for n in view.nodes.values()).items())),
        "connected": len(linked & view.nodes.keys()),
        "relations": n_asserted,
        "relations_by_property": dict(sorted(by_prop.items(), key=lambda kv: (-kv[1], kv[0]))),
        "not_asserted": len(view.edges) - n_asserted,
        "facts": sum(facts.values()),
        "facts_by_property": dict(sorted(facts.items())),
        "statements": sum(view.statements.values()),
        "statements_by_factuality": dict(sorted(by_fact.items())),
        "meetings": view.meetings,
    }


def format_counts(c: dict) -> list[str]:
    """The counts as labelled lines (build's summary, analyze's header)."""
    by_class = ", ".join(f"{n} {k.lower()}" for k, n in c["entities_by_class"].items())
    lines = [f"{c['articles']:,} article{'s' if c['articles'] != 1 else ''}",
             f"{c['entities']:,} entities ({by_class}); {c['connected']:,} with at least one relation",
             f"{c['relations']:,} {COUNT_LABELS['relations']}"]
    lines += [f"  {p:<15} {n:,}" for p, n in c["relations_by_property"].items()]
    lines.append(f"{c['not_asserted']:,} {COUNT_LABELS['not_asserted']}")
    facts = ", ".join(f"{n:,} {p}" for p, n in c["facts_by_property"].items())
    lines.append(f"{c['facts']:,} asserted facts about one entity" + (f" ({facts})" if facts else ""))
    by_f = ", ".join(f"{n:,} {f.lower()}" for f, n in c["statements_by_factuality"].items())
    lines.append(f"{c['statements']:,} {COUNT_LABELS['statements']}" + (f": {by_f}" if by_f else ""))
    lines.append(f"{c['meetings']:,} {COUNT_LABELS['meetings']}")
    return lines


# ---------------------------------------------------------------- networkx

def to_networkx(g, *, asserted_only: bool = True):
    """A networkx MultiDiGraph: node attributes ``label`` and ``type``; edge key and
    attribute ``relation``, attribute ``evidence`` (the sentences, joined)."""
    import networkx as nx

    view = g if isinstance(g, NetworkView) else network_view(g)
    G = nx.MultiDiGraph()
    for iri, n in view.nodes.items():
        G.add_node(iri, label=n.label, type=n.cls)
    for e in view.edges:
        if asserted_only and not e.asserted:
            continue
        G.add_edge(e.source, e.target, key=e.prop, relation=e.prop,
                   evidence=" | ".join(sorted({x.sentence for x in e.evidence if x.factuality == "Asserted"})))
    return G


def _simple(G):
    """Undirected simple graph for centrality and communities (one edge per pair)."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((a, b) for a, b in G.edges() if a != b)
    return H


def pagerank(nodes: list[str], pairs) -> dict[str, float]:
    """PageRank (alpha 0.85) of the undirected simple graph on ``nodes`` with edges
    ``pairs``: networkx's definition (dangling nodes spread evenly), by power iteration in
    numpy to a tighter tolerance, without building a networkx graph or importing scipy."""
    import numpy as np

    idx = {k: i for i, k in enumerate(nodes)}
    ab = np.array([(idx[a], idx[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    x = pagerank_arrays(len(nodes), ab[:, 0], ab[:, 1])
    return {k: float(x[i]) for k, i in idx.items()}


def pagerank_arrays(n: int, a, b):
    """:func:`pagerank` on nodes ``0..n-1`` and edges ``a[i]-b[i]`` (numpy int arrays):
    the scores as a numpy array."""
    import numpy as np

    if not n:
        return np.zeros(0)
    keep = a != b
    a, b = a[keep], b[keep]
    und = np.unique(np.minimum(a, b) * n + np.maximum(a, b))  # one undirected edge per pair
    lo, hi = und // n, und % n
    rows, cols = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    deg = np.bincount(rows, minlength=n).astype(float)
    w = 1.0 / deg[rows] if len(rows) else np.zeros(0)
    dangling = deg == 0
    x = np.full(n, 1.0 / n)
    for _ in range(1000):
        prev = x
        x = 0.85 * (np.bincount(cols, weights=x[rows] * w, minlength=n) + x[dangling].sum() / n) + 0.15 / n
        if np.abs(x - prev).sum() < n * 1e-12:
            break
    return x


def centrality(G, top: int | None = None) -> list[dict]:
    """Nodes ranked by PageRank, with degree (number of distinct neighbours) and
    degree centrality; ties broken by label, so the order is deterministic."""
    H = _simple(G)
    if not H:
        return []
    pr = pagerank(list(H), H.edges())
    n = H.number_of_nodes()
    rows = [{"iri": v, "label": H.nodes[v]["label"], "type": H.nodes[v]["type"], "degree": H.degree(v),
             "degree_centrality": round(H.degree(v) / (n - 1), 6) if n > 1 else 0.0,
             "pagerank": round(pr[v], 6)} for v in H]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["label"]))
    return rows[:top] if top else rows


def communities(G) -> list[list[str]]:
    """Communities by modularity (Louvain, fixed seed: deterministic), largest first;
    each community's members sorted by label."""
    import networkx as nx

    H = _simple(G)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if not H:
        return []
    comms = nx.community.louvain_communities(H, seed=42)
    out = [sorted(c, key=lambda n: (H.nodes[n]["label"], n)) for c in comms]
    out.sort(key=lambda c: (-len(c), H.nodes[c[0]]["label"]))
    return out


def find_node(G, name: str) -> str:
    """The node whose label or alternative label is ``name`` (case-insensitive)."""
    low = name.casefold()
    exact = [n for n, d in G.nodes(data=True) if d["label"].casefold() == low]
    if exact:
        return sorted(exact)[0]
    alts = [n for n, d in G.nodes(data=True) if low in (a.casefold() for a in d.get("alt", ()))]
    if alts:
        return sorted(alts)[0]
    partial = sorted(n for n, d in G.nodes(data=True) if low in d["label"].casefold())
    if len(partial) == 1:
        return partial[0]
    hint = f" (did you mean: {', '.join(G.nodes[n]['label'] for n in partial[:5])}?)" if partial else ""
    raise KgError(f"no entity named {name!r} in the graph{hint}")


def paths_between(G, a: str, b: str, limit: int = 3) -> list[list[dict]]:
    """Shortest paths between two entities (edges in either direction), each hop with
    its relation and evidence sentence: "how is India connected to Ukraine?"."""
    import networkx as nx

    H = _simple(G)
    try:
        paths = list(islice(nx.all_shortest_paths(H, a, b), limit * 10))
    except nx.NetworkXNoPath:
        return []
    paths = sorted(paths, key=lambda p: [G.nodes[n]["label"] for n in p])[:limit]
    out = []
    for p in paths:
        hops = []
        for x, y in zip(p, p[1:], strict=False):
            forward = [(x, y, d) for d in G.get_edge_data(x, y, default={}).values()]
            backward = [(y, x, d) for d in G.get_edge_data(y, x, default={}).values()]
            s, o, d = sorted(forward + backward, key=lambda t: (t[2]["relation"], t[0]))[0]
            hops.append({"subject": G.nodes[s]["label"], "relation": d["relation"], "object": G.nodes[o]["label"],
                         "evidence": d.get("evidence", "").split(" | ")[0]})
        out.append(hops)
    return out


def relation_counts(G) -> dict[str, int]:
    return dict(sorted(Counter(d["relation"] for _, _, d in G.edges(data=True)).items()))


def timeline(view: NetworkView) -> list[dict]:
    """Dated asserted events between two entities, oldest first: meetings, calls, votes,
    visits, signings (one row per statement)."""
    rows = []
    for e in view.edges:
        for x in e.evidence:
            if x.date and x.factuality == "Asserted":
                place = view.nodes[x.place].label if x.place in view.nodes else ""
                rows.append({"date": x.date, "subject": view.nodes[e.source].label, "relation": e.prop,
                             "object": view.nodes[e.target].label, "place": place, "evidence": x.sentence})
    rows.sort(key=lambda r: (r["date"], r["subject"], r["relation"], r["object"], r["evidence"]))
    return rows


def analyze(g, *, top: int = 10, path: tuple[str, str] | None = None) -> dict:
    """Everything ``kg analyze`` reports, as plain data. ``g`` is a store, a graph file
    or anything :func:`network_view` reads."""
    view = g if isinstance(g, NetworkView) else network_view(g)
    G = to_networkx(view)
    for n, d in G.nodes(data=True):
        d["alt"] = view.nodes[n].alt_labels
    counts = graph_counts(view)
    out: dict = {
        "counts": counts,
        "nodes": counts["entities"], "edges": counts["relations"],
        "central": centrality(G, top),
        "communities": [[G.nodes[n]["label"] for n in c] for c in communities(G)],
        "relations": relation_counts(G),
        "timeline": timeline(view),
    }
    if path:
        a, b = find_node(G, path[0]), find_node(G, path[1])
        out["path"] = {"from": G.nodes[a]["label"], "to": G.nodes[b]["label"], "paths": paths_between(G, a, b)}
    return out


def format_analysis(r: dict, fmt: str) -> str:
    """Render :func:`analyze` output as ``table`` (terminal), ``markdown`` or ``json``."""
    import json

    if fmt == "json":
        return json.dumps(r, ensure_ascii=False, indent=1) + "\n"
    md = fmt == "markdown"
    lines: list[str] = []

    def table(title: str, cols: list[str], rows: list[list]) -> None:
        lines.append(f"## {title}" if md else title)
        lines.append("")
        if not rows:
            lines.append("(none)")
            lines.append("")
            return
        cells = [[str(c) for c in row] for row in rows]
        if md:
            lines.append("| " + " | ".join(cols) + " |")
            lines.append("|" + "|".join("---" for _ in cols) + "|")
            lines.extend("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells)
        else:
            w = [min(70, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(cols)]
            fmt_row = lambda vals: "  ".join(  # noqa: E731
                (v if len(v) <= w[i] else v[: w[i] - 1] + "\u2026").ljust(w[i]) for i, v in enumerate(vals)).rstrip()
            lines.append(fmt_row(cols))
            lines.append(fmt_row(["-" * x for x in w]))
            lines.extend(fmt_row(row) for row in cells)
        lines.append("")

    lines.append("# Graph analysis" if md else "Graph")
    lines.append("")
    lines.extend(("- " + x.strip() if md else x) for x in format_counts(r["counts"]))
    lines.append("")
    table("Most central actors", ["rank", "entity", "type", "degree", "PageRank"],
          [[i, c["label"], c["type"], c["degree"], f"{c['pagerank']:.4f}"] for i, c in enumerate(r["central"], 1)])
    table("Communities", ["#", "size", "members"],
          [[i, len(c), ", ".join(c[:12]) + (" \u2026" if len(c) > 12 else "")] for i, c in enumerate(r["communities"], 1)])
    table("Relations by type", ["relation", "count"], [[k, v] for k, v in r["relations"].items()])
    table("Timeline", ["date", "event", "place"],
          [[t["date"], f"{t['subject']} {t['relation']} {t['object']}", t["place"]] for t in r["timeline"]])
    if "path" in r:
        p = r["path"]
        title = f"How {p['from']} is connected to {p['to']}"
        rows = []
        for i, hops in enumerate(p["paths"], 1):
            for h in hops:
                rows.append([i, f"{h['subject']} {h['relation']} {h['object']}", h["evidence"]])
        table(title, ["path", "step", "evidence"], rows)
    return "\n".join(lines)
