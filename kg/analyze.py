"""The graph seen as a network: entities as nodes, relations as edges with their evidence,
and the analyses behind ``kg analyze`` and the explorer (centrality, communities, paths
between two actors, relation counts, a timeline). networkx is imported where used."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.errors import KgError
from kg.namespace import DIP

CLASS_NAMES = {DIP.Person: "Person", DIP.Country: "Country", DIP.Organization: "Organization",
               DIP.Place: "Place", DIP.Treaty: "Treaty", DIP.Event: "Event", DIP.Meeting: "Meeting",
               DIP.Vote: "Vote", DIP.ArmedConflict: "ArmedConflict"}
#: Classes drawn and analysed as actors and things; meetings are shown through their edges.
NETWORK_CLASSES = {"Person", "Country", "Organization", "Place", "Treaty", "Event", "Vote", "ArmedConflict"}


@dataclass
class Evidence:
    sentence: str
    article: str
    factuality: str
    rule: str
    date: str = ""


@dataclass
class Edge:
    source: str
    target: str
    prop: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        return any(e.factuality == "Asserted" for e in self.evidence)


@dataclass
class NodeInfo:
    iri: str
    label: str
    cls: str
    alt_labels: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (property, literal) e.g. jobTitle


@dataclass
class NetworkView:
    nodes: dict[str, NodeInfo]
    edges: list[Edge]


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def network_view(g: Graph) -> NetworkView:
    """Entities and relations (asserted, negated and hedged) with evidence, sorted."""
    nodes: dict[str, NodeInfo] = {}
    for s, _, o in g.triples((None, RDF.type, None)):
        if o in CLASS_NAMES and isinstance(s, URIRef) and CLASS_NAMES[o] in NETWORK_CLASSES:
            label = g.value(s, RDFS.label)
            nodes[str(s)] = NodeInfo(str(s), str(label) if label else _local(s), CLASS_NAMES[o])
    for iri, n in nodes.items():
        n.alt_labels = sorted(str(x) for x in g.objects(URIRef(iri), SKOS.altLabel))
    titles: dict = {}
    for art in g.subjects(RDF.type, DIP.Article):
        titles[art] = str(g.value(art, DCTERMS.title) or _local(art))
    texts: dict = {}
    edges: dict[tuple, Edge] = {}
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s is None or p is None or o is None:
            continue
        prop = _local(p)
        fact = _local(g.value(st, DIP.factuality) or DIP.Asserted)
        sent = g.value(st, DIP.evidence)
        if sent not in texts:
            texts[sent] = str(g.value(sent, DIP.sentenceText) or "") if sent is not None else ""
        art = g.value(st, PROV.wasDerivedFrom)
        date = g.value(st, DIP.eventDate)
        ev = Evidence(texts[sent], titles.get(art, ""), fact, str(g.value(st, DIP.rule) or ""),
                      str(date) if date is not None else "")
        if isinstance(o, Literal):
            if str(s) in nodes and fact == "Asserted":
                nodes[str(s)].facts.append((prop, str(o)))
            continue
        if str(s) not in nodes or str(o) not in nodes:
            continue
        key = (str(s), prop, str(o))
        edges.setdefault(key, Edge(str(s), str(o), prop)).evidence.append(ev)
    for n in nodes.values():
        n.facts = sorted(set(n.facts))
    out = sorted(edges.values(), key=lambda e: (e.source, e.prop, e.target))
    for e in out:
        e.evidence.sort(key=lambda x: (x.factuality != "Asserted", x.article, x.sentence))
    return NetworkView(dict(sorted(nodes.items())), out)


def to_networkx(g: Graph | NetworkView, *, asserted_only: bool = True):
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
    for a, b in G.edges():
        if a != b:
            H.add_edge(a, b)
    return H


def centrality(G, top: int | None = None) -> list[dict]:
    """Nodes ranked by PageRank, with degree (number of distinct neighbours) and
    degree centrality; ties broken by label, so the order is deterministic."""
    import networkx as nx

    H = _simple(G)
    if not H:
        return []
    pr = nx.pagerank(H, alpha=0.85)
    dc = nx.degree_centrality(H)
    rows = [{"iri": n, "label": H.nodes[n]["label"], "type": H.nodes[n]["type"], "degree": H.degree(n),
             "degree_centrality": round(dc[n], 6), "pagerank": round(pr[n], 6)} for n in H]
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


def timeline(g: Graph) -> list[dict]:
    """Dated events, oldest first: meetings, calls, votes, visits, signings."""
    labels = {}
    rows = []
    for st, _, date in g.triples((None, DIP.eventDate, None)):
        if (st, RDF.type, RDF.Statement) not in g:
            continue
        if (st, DIP.factuality, DIP.Asserted) not in g:
            continue
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        for x in (s, o):
            if x not in labels:
                labels[x] = str(g.value(x, RDFS.label) or _local(x))
        place = g.value(st, DIP.eventPlace)
        sent = g.value(st, DIP.evidence)
        rows.append({"date": str(date), "subject": labels[s], "relation": _local(p), "object": labels[o],
                     "place": str(g.value(place, RDFS.label) or "") if place is not None else "",
                     "evidence": str(g.value(sent, DIP.sentenceText) or "")})
    rows.sort(key=lambda r: (r["date"], r["subject"], r["relation"], r["object"]))
    return rows


def analyze(g: Graph, *, top: int = 10, path: tuple[str, str] | None = None) -> dict:
    """Everything ``kg analyze`` reports, as plain data."""
    view = network_view(g)
    G = to_networkx(view)
    for n, d in G.nodes(data=True):
        d["alt"] = view.nodes[n].alt_labels
    out: dict = {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "central": centrality(G, top),
        "communities": [[G.nodes[n]["label"] for n in c] for c in communities(G)],
        "relations": relation_counts(G),
        "timeline": timeline(g),
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

    lines.append(f"# Graph analysis: {r['nodes']} entities, {r['edges']} relations" if md
                 else f"Graph: {r['nodes']} entities, {r['edges']} asserted relations")
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
