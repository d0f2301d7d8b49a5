"""The interactive HTML explorer: one self-contained file that works offline.

pyvis supplies vis-network (its bundled script and stylesheet) and the physics options;
kg owns the page template and the data path, where pyvis falls short (see README,
"Explorer"):

* vis-network is inlined and the page links nothing: no CDN, no Bootstrap; the
  Content-Security-Policy allows no fetch and runs only the page's own scripts, named by
  their SHA-256 hashes (no ``'unsafe-inline'``);
* the data comes from :func:`kg.analyze.network_view` (SPARQL on Oxigraph), never from
  pyvis' ``add_node`` (quadratic) or per-field rdflib look-ups;
* relations are aggregated: one edge per (subject, relation, object) with its count and
  all its evidence; sentences and article titles are stored once and referred to by index;
* the page opens on an overview of the most central actors (at most
  :data:`OVERVIEW_MAX`, none isolated); search opens an entity's neighbourhood and any
  node can be expanded; the other entities are in the data, not on the canvas;
* all article text travels as JSON inside a ``<script type="application/json">`` block
  with ``<``, ``>`` and ``&`` escaped, and is put on the page with ``textContent`` only:
  a name or quotation holding ``<script>`` is shown, never run; the page title is
  escaped too (pyvis' ``heading`` is not).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.util
import json
from pathlib import Path

from kg.analyze import FACTUALITIES, NetworkView, graph_counts, network_view, no_gc, pagerank_arrays
from kg.errors import KgError
from kg.export import atomic_open

CLASS_COLORS = {
    "Person": "#4e79a7", "Country": "#e15759", "Organization": "#59a14f", "Place": "#9c755f",
    "Treaty": "#edc948", "Event": "#b07aa1", "Vote": "#ff9da7", "ArmedConflict": "#7f3c3c",
}
#: How each factuality is drawn: vis-network ``dashes`` and a colour. Asserted is solid
#: (coloured by its source node); planned is dotted blue; hedged and negated dashed red.
FACTUALITY_STYLE = {
    "Asserted": {"dashes": False, "color": ""},
    "Planned": {"dashes": [3, 5], "color": "#2b6cb0"},
    "Hedged": {"dashes": [10, 6], "color": "#c05621"},
    "Negated": {"dashes": [10, 6], "color": "#c53030"},
}
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                    "#9c755f", "#bab0ac", "#86bcb6", "#d37295", "#fabfd2", "#8cd17d", "#499894", "#79706e"]
#: The first view never draws more entities than this.
OVERVIEW_MAX = 300
#: Communities (for "colour by community") are found among this many most central entities.
COMMUNITY_MAX = 1500


@functools.cache
def _vis_assets() -> tuple[str, str]:
    # found, not imported: importing pyvis costs half a second and the page needs only its files
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("the HTML explorer needs the pyvis package (it ships vis-network): pip install pyvis")
    base = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def overview(order: list[str], neighbours: dict[str, set], size: int) -> list[str]:
    """The first view: going down the centrality order, an entity joins once it has a
    relation to a more central one, which joins with it; never an isolated entity, at most
    ``size`` of them."""
    rank = {v: i for i, v in enumerate(order)}
    chosen: set[str] = set()
    seen: set[str] = set()
    for v in order:
        room = size - len(chosen)
        if room <= 0:
            break
        mates = neighbours.get(v, set()) & seen
        if mates and v not in chosen:
            new = sorted(mates - chosen, key=rank.__getitem__)
            if len(new) < len(mates) or room >= 2:  # v joins one already drawn, or both fit
                chosen.add(v)
                chosen.update(new[: size - len(chosen)])
        seen.add(v)
    return [v for v in order if v in chosen]


def explorer_data(view: NetworkView, overview_size: int = 150) -> dict:
    """Everything the page draws, as JSON-ready data: every entity and aggregated edge,
    the sentences and articles they cite (stored once), the overview, and the counts."""
    import networkx as nx
    import numpy as np

    size = max(1, min(overview_size, OVERVIEW_MAX))
    # entities by number (their IRIs' order), so the bulk work hashes small ints, not IRIs
    keys = sorted(view.nodes)
    at = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    edges_in = view.edges
    src = [at[e.source] for e in edges_in]
    dst = [at[e.target] for e in edges_in]
    efact = [e.factuality for e in edges_in]
    neighbours: list[set] = [set() for _ in range(n)]
    for a, b in zip(src, dst, strict=True):
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    # centrality as in `kg analyze`: PageRank over the asserted relations
    asserted = np.fromiter((f == "Asserted" for f in efact), dtype=bool, count=len(efact))
    pr = pagerank_arrays(n, np.asarray(src, dtype=np.int64)[asserted], np.asarray(dst, dtype=np.int64)[asserted]).tolist()
    labels = [view.nodes[k].label for k in keys]
    order = sorted(range(n), key=lambda i: (-pr[i], labels[i], i))
    ids = [0] * n  # ids in centrality order: 0 is the most central
    for pos, i in enumerate(order):
        ids[i] = pos
    comm: dict[int, int] = {}
    core = [v for v in order if neighbours[v]][:COMMUNITY_MAX]
    H = nx.Graph()
    H.add_nodes_from(core)
    core_set = set(core)
    # sorted: Louvain's result depends on edge order (numbers sort as the IRIs do)
    H.add_edges_from((a, b) for a in core for b in sorted(neighbours[a]) if b in core_set and a < b)
    H.remove_nodes_from([v for v in core if H.degree(v) == 0])
    if H:
        for i, c in enumerate(sorted(nx.community.louvain_communities(H, seed=42), key=lambda c: (-len(c), min(c)))):
            for v in c:
                comm[v] = i
    top_pr = max(pr, default=1.0) or 1.0
    classes = sorted({nd.cls for nd in view.nodes.values()},
                     key=lambda c: (list(CLASS_COLORS).index(c) if c in CLASS_COLORS else 99, c))
    class_id = {c: i for i, c in enumerate(classes)}
    # the data travels column by column (a third of the size of one object per entity and
    # edge, and a third of the time to write); the page makes the objects. Lists that are
    # mostly empty (other names, facts, dates) are keyed by id and only where there is one.
    cols: dict = {"label": [], "cls": [], "value": [], "community": [], "degree": [], "iri": [],
                  "alt": {}, "facts": {}, "dates": {}}
    for pos, i in enumerate(order):
        nd = view.nodes[keys[i]]
        cols["label"].append(nd.label)
        cols["cls"].append(class_id[nd.cls])
        cols["value"].append(round(1 + 40 * pr[i] / top_pr, 3))
        cols["community"].append(comm.get(i, -1))
        cols["degree"].append(len(neighbours[i]))
        cols["iri"].append(nd.iri)
        for k in ("alt", "facts", "dates"):
            v = nd.alt_labels if k == "alt" else getattr(nd, k)
            if v:
                cols[k][pos] = v
    # one pass over every piece of evidence: a plain loop, it is the bulk of the work
    facts = list(FACTUALITIES)
    fact_id = {f: i for i, f in enumerate(facts)}
    sentences: dict[str, int] = {}
    articles: dict[tuple, int] = {}
    rules: dict[str, int] = {}
    all_ev, ns, edge_dates = [], [], {}
    for k, e in enumerate(edges_in):
        evs, dates = [], set()
        for x in e.evidence:
            si = sentences.get(x.sentence)
            if si is None:
                si = sentences[x.sentence] = len(sentences)
            akey = (x.article, x.article_date)
            ai = articles.get(akey)
            if ai is None:
                ai = articles[akey] = len(articles)
            fi = fact_id.get(x.factuality)
            if fi is None:  # a factuality the ontology gained later
                fi = fact_id[x.factuality] = len(facts)
                facts.append(x.factuality)
            ri = rules.get(x.rule or "")
            if ri is None:
                ri = rules[x.rule or ""] = len(rules)
            # evidence: [sentence, article, factuality, rule, event date]; indices into the tables
            evs.append((si, ai, fi, ri, x.date))
            if x.date:
                dates.add(x.date)
        all_ev.append(evs)
        ns.append(len(evs))
        if dates:
            edge_dates[k] = sorted(dates)
    relations = sorted({e.prop for e in edges_in})
    rel_id = {r: i for i, r in enumerate(relations)}
    edges = {"from": [ids[a] for a in src], "to": [ids[b] for b in dst], "rel": [rel_id[e.prop] for e in edges_in],
             "fact": [fact_id[f] for f in efact], "n": ns, "dates": edge_dates, "ev": all_ev}
    counts = graph_counts(view)
    first = overview(order, dict(enumerate(neighbours)), size)
    return {
        "nodes": cols, "edges": edges, "overview": [ids[v] for v in first], "classes": classes,
        "sentences": list(sentences), "articles": [list(a) for a in articles], "factualities": facts,
        "rules": list(rules), "counts": counts, "isolated": len(view.nodes) - counts["connected"],
        "colors": {c: CLASS_COLORS.get(c, "#bab0ac") for c in classes},
        "styles": {f: FACTUALITY_STYLE.get(f, FACTUALITY_STYLE["Hedged"]) for f in facts},
        "community_colors": COMMUNITY_COLORS, "relations": relations,
        "max_view": OVERVIEW_MAX,
    }


#: vis-network's options: kg's choices, with the Barnes-Hut physics pyvis' ``barnes_hut()``
#: gave (gravity -9000, central gravity 0.6, spring length 170, overlap 0.2); written out,
#: so building a page does not import pyvis (half a second).
_OPTIONS = {
    "configure": {"enabled": False},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "smooth": {"enabled": True, "type": "continuous"},
              "font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
              "color": {"inherit": "from", "opacity": 0.7},
              "scaling": {"min": 1, "max": 6, "label": {"enabled": False}}},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False},
    "physics": {"barnesHut": {"avoidOverlap": 0.2, "centralGravity": 0.6, "damping": 0.09,
                              "gravitationalConstant": -9000, "springConstant": 0.001, "springLength": 170},
                "enabled": True,
                # stabilised explicitly by the page (settle()), so no stray event fires on an empty network
                "stabilization": {"enabled": False, "iterations": 250, "updateInterval": 50}},
    "nodes": {"shape": "dot",
              "scaling": {"min": 6, "max": 40,
                          "label": {"enabled": True, "min": 14, "max": 44, "maxVisible": 44, "drawThreshold": 5}},
              "font": {"size": 14, "strokeWidth": 4, "strokeColor": "#ffffff"}},
    "layout": {"improvedLayout": False, "randomSeed": 7},
}


def render_html(source, title: str = "kg: diplomacy knowledge graph", overview_size: int = 150) -> str:
    """The explorer page for ``source``: a store, a graph file, an rdflib graph, or a
    :class:`~kg.analyze.NetworkView`."""
    view = source if isinstance(source, NetworkView) else network_view(source)
    with no_gc():
        data = _json_for_script(explorer_data(view, overview_size=overview_size))
    js, css = _vis_assets()
    styles = _STYLE
    csp = ("default-src 'none'; img-src data:; "
           f"script-src {_csp_hash(js)} {_csp_hash(_APP)}; style-src {_csp_hash(css)} {_csp_hash(styles)}")
    return _PAGE.format(
        csp=csp, title=html.escape(title), css=css, style=styles, js=js, app=_APP,
        data=data, options=_json_for_script(_OPTIONS),
    )


def write_html(source, path: str | Path, **kw) -> None:
    """Write the explorer for ``source`` to ``path``, atomically."""
    page = render_html(source, **kw)
    with atomic_open(path, "w") as fh:
        fh.write(page)


_STYLE = """
 html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
 #app { display: flex; height: 100%; }
 #graph { flex: 1; min-width: 0; }
 #side { width: 380px; overflow-y: auto; border-left: 1px solid #ddd; padding: 10px; box-sizing: border-box; }
 #side h2 { font-size: 15px; margin: 4px 0 8px; overflow-wrap: anywhere; }
 #side h3 { font-size: 13px; margin: 10px 0 4px; color: #555; }
 #side label { display: inline-block; margin: 2px 8px 2px 0; white-space: nowrap; }
 #legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin: 0 4px; vertical-align: -1px; }
 #factualities b { display: inline-block; width: 26px; margin: 0 4px; vertical-align: 3px; border-top-width: 2px; }
 #note { color: #555; font-size: 12px; margin: 6px 0; }
 #suggestions button { display: block; width: 100%; text-align: left; border: 0; border-bottom: 1px solid #eee;
   background: #fff; padding: 3px 4px; cursor: pointer; }
 #suggestions button:hover, #suggestions button.active { background: #eef4fb; }
 #suggestions .cls { color: #888; font-size: 12px; }
 input[type=search] { width: 100%; box-sizing: border-box; padding: 5px; }
 input[type=date] { width: 44%; }
 button { margin: 4px 4px 0 0; }
 .fact { border-top: 1px solid #eee; padding: 6px 0; }
 .fact .prop { font-weight: 600; }
 .fact .ev { color: #333; font-style: italic; overflow-wrap: anywhere; }
 .fact .meta { color: #777; font-size: 12px; }
 .rel { cursor: pointer; color: #2b5797; }
 .rel:hover { text-decoration: underline; }
 .scroll { max-height: 45vh; overflow-y: auto; border: 1px solid #eee; padding: 0 6px; }
 .Negated .prop, .Hedged .prop { color: #c53030; }
 .Planned .prop { color: #2b6cb0; }
 div.vis-tooltip { white-space: normal; max-width: 340px; overflow-wrap: anywhere; font: 13px/1.35 system-ui, sans-serif; }
 div.vis-tooltip .tt-head { font-weight: 600; margin-bottom: 3px; }
 #counts { font-size: 12px; color: #555; }
 #counts li { margin: 2px 0; }
"""

# The page's own script. Its SHA-256 is in the Content-Security-Policy, so the text must
# be exactly this (no formatting into it); the data it reads is in the JSON blocks.
_APP = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var options = JSON.parse(document.getElementById("kg-options").textContent);
  // the data comes column by column; the page works on one object per entity and per edge
  var P = D.nodes, Q = D.edges;
  D.nodes = P.label.map(function (label, i) {
    var cls = D.classes[P.cls[i]];
    return {id: i, label: label, group: cls, color: D.colors[cls], value: P.value[i], community: P.community[i],
            degree: P.degree[i], iri: P.iri[i], alt: P.alt[i] || [], facts: P.facts[i] || [], dates: P.dates[i] || []};
  });
  D.edges = Q.from.map(function (from, k) {
    return {id: k, from: from, to: Q.to[k], rel: D.relations[Q.rel[k]], fact: D.factualities[Q.fact[k]], n: Q.n[k],
            dates: Q.dates[k] || [], ev: Q.ev[k]};
  });
  var N = D.nodes, E = D.edges, MAX = D.max_view, EXPAND_MAX = 60, LABELLED_EDGES = 150;
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e.from].push(i); if (e.to !== e.from) adj[e.to].push(i); });
  var state = { shown: new Set(D.overview), mode: "overview", focus: null, classes: {}, relations: {}, facts: {},
                from: "", to: "", isolated: false, colour: "class", hops: 1 };
  Object.keys(D.colors).forEach(function (k) { state.classes[k] = true; });
  D.relations.forEach(function (r) { state.relations[r] = true; });
  D.factualities.forEach(function (f) { state.facts[f] = true; });
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var note = document.getElementById("note"), details = document.getElementById("details");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(n) { return n.toLocaleString("en-US"); }
  function other(e, id) { return e.from === id ? e.to : e.from; }
  // a date ("2022", "2022-03" or "2022-03-15") overlaps the chosen range
  function dateIn(d) {
    var start = (d + "-01-01").slice(0, 10);
    var end = d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d;
    return (!state.from || end >= state.from) && (!state.to || start <= state.to);
  }
  function datesOk(ds) { return !(state.from || state.to) || !ds.length || ds.some(dateIn); }
  function nodeOk(n) { return state.classes[n.group] !== false && datesOk(n.dates); }
  function edgeOk(e) {
    return state.relations[e.rel] && state.facts[e.fact] && datesOk(e.dates)
      && state.shown.has(e.from) && state.shown.has(e.to) && nodeOk(N[e.from]) && nodeOk(N[e.to]);
  }
  function nodeColour(n) {
    if (state.colour === "community" && n.community >= 0) return D.community_colors[n.community % D.community_colors.length];
    return state.colour === "community" ? "#cccccc" : n.color;
  }
  function nodeTip(n) {
    var d = el("div");
    d.appendChild(el("div", "tt-head", n.label + " (" + n.group + ")"));
    if (n.alt.length) d.appendChild(el("div", "", "also: " + n.alt.slice(0, 8).join(", ") + (n.alt.length > 8 ? ", \u2026" : "")));
    d.appendChild(el("div", "", fmt(n.degree) + " related entities" + (n.facts.length ? ", " + fmt(n.facts.length) + " facts" : "")));
    return d;
  }
  function edgeTip(e) {
    var d = el("div");
    d.appendChild(el("div", "tt-head", N[e.from].label + " \u2192 " + e.rel + " \u2192 " + N[e.to].label +
      (e.fact !== "Asserted" ? " [" + e.fact.toLowerCase() + "]" : "")));
    d.appendChild(el("div", "", e.n === 1 ? "1 sentence" : fmt(e.n) + " sentences"));
    d.appendChild(el("div", "", "\u201c" + D.sentences[e.ev[0][0]] + "\u201d"));
    return d;
  }
  function visNode(n, near) {
    var v = {id: n.id, label: n.label, value: n.value, color: nodeColour(n), title: nodeTip(n)};
    if (near) { var a = 2.39996 * n.id; v.x = near.x + 60 * Math.cos(a); v.y = near.y + 60 * Math.sin(a); }
    return v;
  }
  function visEdge(e, labelled) {
    var st = D.styles[e.fact] || {};
    var v = {id: e.id, from: e.from, to: e.to, value: e.n, dashes: st.dashes || false, title: edgeTip(e),
             label: labelled ? e.rel + (e.n > 1 ? " \u00d7" + e.n : "") : undefined};
    if (st.color) v.color = {color: st.color, opacity: 0.9};
    return v;
  }

  // ------------------------------------------------------------ what is drawn
  var labelled = null;
  function render(near) {
    var wantE = new Set();
    state.shown.forEach(function (id) {
      adj[id].forEach(function (i) { if (edgeOk(E[i])) wantE.add(i); });
    });
    var wantN = new Set();
    wantE.forEach(function (i) { wantN.add(E[i].from); wantN.add(E[i].to); });
    state.shown.forEach(function (id) {
      if (nodeOk(N[id]) && (state.isolated || id === state.focus)) wantN.add(id);
    });
    var lab = wantE.size <= LABELLED_EDGES;
    nodes.remove(nodes.getIds().filter(function (id) { return !wantN.has(id); }));
    var have = new Set(nodes.getIds());
    var add = [];
    wantN.forEach(function (id) { if (!have.has(id)) add.push(visNode(N[id], near)); });
    nodes.add(add);
    if (lab !== labelled) { edges.clear(); labelled = lab; }
    edges.remove(edges.getIds().filter(function (id) { return !wantE.has(id); }));
    var haveE = new Set(edges.getIds()), addE = [];
    wantE.forEach(function (i) { if (!haveE.has(i)) addE.push(visEdge(E[i], lab)); });
    edges.add(addE);
    return add.length;
  }
  var settling = 0;
  function settle(added, then) {
    window.kgReady = false;
    var token = ++settling;
    function done() {
      if (token !== settling) return;
      network.setOptions({physics: {enabled: false}});
      nodes.update(nodes.getIds().map(function (id) { return {id: id, fixed: false}; }));
      if (then) then();
      window.kgReady = true;
    }
    if (!added) { done(); return; }
    network.setOptions({physics: {enabled: true}});
    network.once("stabilizationIterationsDone", done);
    network.stabilize(added > 100 ? 250 : 120);
  }
  function fixAll() { nodes.update(nodes.getIds().map(function (id) { return {id: id, fixed: true}; })); }
  function describe() {
    var v = "Showing " + fmt(nodes.length) + " of " + fmt(N.length) + " entities, " + fmt(edges.length) + " relations. ";
    if (state.mode === "overview") {
      v = "Overview: the " + fmt(nodes.length) + " most central of " + fmt(N.length) + " entities (" +
          fmt(D.isolated) + " without any relation are hidden; search finds them). ";
    } else if (state.focus !== null) {
      v = "Around " + N[state.focus].label + ": " + fmt(nodes.length) + " entities, " + fmt(edges.length) + " relations. ";
    }
    note.textContent = v + "Double-click a node to expand it.";
  }

  function showOverview() {
    state.mode = "overview"; state.focus = null; state.shown = new Set(D.overview);
    nodes.clear(); edges.clear(); labelled = null;
    var added = render();
    describe();
    // zoom to the 40 most central, where the labels are readable; the rest is around them
    settle(added, function () { network.fit({nodes: D.overview.slice(0, 40), animation: false}); });
  }
  function neighbourhood(id, hops) {
    var out = new Set([id]), frontier = [id];
    for (var h = 0; h < hops && out.size < MAX; h++) {
      var next = [];
      frontier.forEach(function (v) {
        adj[v].forEach(function (i) { var w = other(E[i], v); if (!out.has(w)) next.push(w); });
      });
      next = Array.from(new Set(next)).sort(function (a, b) { return a - b; });  // ids are in centrality order
      next.slice(0, MAX - out.size).forEach(function (w) { out.add(w); });
      frontier = next;
    }
    return out;
  }
  function openEntity(id) {
    state.mode = "focus"; state.focus = id; state.shown = neighbourhood(id, state.hops);
    nodes.clear(); edges.clear(); labelled = null;
    var added = render();
    describe();
    showNode(id);
    settle(added, function () { network.selectNodes([id]); network.fit(); });
  }
  function expand(id) {
    var fresh = [];
    adj[id].forEach(function (i) { var w = other(E[i], id); if (!state.shown.has(w)) fresh.push(w); });
    fresh = Array.from(new Set(fresh)).sort(function (a, b) { return a - b; });
    var take = fresh.slice(0, EXPAND_MAX);
    take.forEach(function (w) { state.shown.add(w); });
    state.shown.add(id);
    if (state.mode === "overview") state.mode = "explore";
    fixAll();
    var pos = network.getPositions([id])[id];
    var added = render(pos);
    describe();
    if (fresh.length > take.length) {
      note.textContent += " Added the " + take.length + " most central of " + fmt(fresh.length) + " new neighbours; expand again for more.";
    }
    settle(added, function () { network.selectNodes([id]); });
    return take.length;
  }
  function refresh() {
    fixAll();
    var added = render();
    describe();
    settle(added);
  }

  // ------------------------------------------------------------ details panel
  function evidenceBlock(head, ev) {
    var fact = D.factualities[ev[2]], art = D.articles[ev[1]];
    var d = el("div", "fact " + fact);
    d.appendChild(el("div", "prop", head + (fact !== "Asserted" ? " (" + fact.toLowerCase() + ")" : "")));
    d.appendChild(el("div", "ev", D.sentences[ev[0]]));
    var meta = art[0] + (art[1] ? " \u00b7 " + art[1] : "") + (ev[4] ? " \u00b7 event " + ev[4] : "") +
               " \u00b7 " + fact.toLowerCase() + " \u00b7 rule " + D.rules[ev[3]];
    d.appendChild(el("div", "meta", meta));
    return d;
  }
  function showEdge(id) {
    var e = E[id]; details.textContent = "";
    details.appendChild(el("h2", "", N[e.from].label + " \u2192 " + e.rel + " \u2192 " + N[e.to].label));
    details.appendChild(el("div", "meta", (e.n === 1 ? "1 sentence" : fmt(e.n) + " sentences") +
      (e.dates.length ? "; dated " + e.dates[0] + (e.dates.length > 1 ? " to " + e.dates[e.dates.length - 1] : "") : "")));
    var list = el("div", "scroll evidence");
    e.ev.forEach(function (ev) { list.appendChild(evidenceBlock(e.rel, ev)); });
    details.appendChild(list);
  }
  function showNode(id) {
    var n = N[id]; details.textContent = "";
    details.appendChild(el("h2", "", n.label + " (" + n.group + ")"));
    if (n.alt.length) details.appendChild(el("div", "meta", "Also called: " + n.alt.join(", ")));
    if (n.dates.length) details.appendChild(el("div", "meta", "Date: " + n.dates.join(", ")));
    var b1 = el("button", "", "Expand"), b2 = el("button", "", "Neighbourhood");
    b1.id = "expand"; b2.id = "focus";
    b1.addEventListener("click", function () { expand(id); });
    b2.addEventListener("click", function () { openEntity(id); });
    details.appendChild(b1); details.appendChild(b2);
    if (n.facts.length) {
      details.appendChild(el("h3", "", "Facts (" + fmt(n.facts.length) + ")"));
      var fl = el("div", "scroll");
      n.facts.forEach(function (f) {
        var d = el("div", "fact"); d.appendChild(el("span", "prop", f[0] + ": "));
        d.appendChild(document.createTextNode(f[1])); fl.appendChild(d);
      });
      details.appendChild(fl);
    }
    var rels = adj[id].slice().sort(function (a, b) { return E[b].n - E[a].n || a - b; });
    details.appendChild(el("h3", "", "Relations (" + fmt(rels.length) + ")"));
    var rl = el("div", "scroll relations");
    rels.forEach(function (i) {
      var e = E[i], d = el("div", "fact " + e.fact);
      var r = el("span", "rel", N[e.from].label + " " + e.rel + " " + N[e.to].label);
      r.addEventListener("click", function () { showEdge(i); });
      d.appendChild(r);
      d.appendChild(el("span", "meta", " \u00b7 " + (e.n === 1 ? "1 sentence" : fmt(e.n) + " sentences") +
        (e.fact !== "Asserted" ? " \u00b7 " + e.fact.toLowerCase() : "")));
      rl.appendChild(d);
    });
    details.appendChild(rl);
  }

  // ------------------------------------------------------------ controls
  var legend = document.getElementById("legend");
  Object.keys(D.colors).forEach(function (k) {
    var l = el("label"), cb = el("input"), i = el("i");
    cb.type = "checkbox"; cb.checked = true; cb.value = k;
    cb.addEventListener("change", function () { state.classes[k] = cb.checked; refresh(); });
    i.style.background = D.colors[k];
    l.appendChild(cb); l.appendChild(i); l.appendChild(document.createTextNode(k)); legend.appendChild(l);
  });
  var factBox = document.getElementById("factualities");
  D.factualities.forEach(function (f) {
    var st = D.styles[f] || {}, l = el("label"), cb = el("input"), b = el("b");
    cb.type = "checkbox"; cb.checked = true; cb.value = f;
    cb.addEventListener("change", function () { state.facts[f] = cb.checked; refresh(); });
    b.style.borderTopStyle = st.dashes ? (st.dashes[0] < 5 ? "dotted" : "dashed") : "solid";
    b.style.borderTopColor = st.color || "#888";
    l.appendChild(cb); l.appendChild(b); l.appendChild(document.createTextNode(f.toLowerCase())); factBox.appendChild(l);
  });
  var rels = document.getElementById("relations");
  D.relations.forEach(function (r) {
    var l = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = r;
    cb.addEventListener("change", function () { state.relations[r] = cb.checked; refresh(); });
    l.appendChild(cb); l.appendChild(document.createTextNode(r)); rels.appendChild(l);
  });
  ["from", "to"].forEach(function (k) {
    document.getElementById(k).addEventListener("change", function (ev) { state[k] = ev.target.value; refresh(); });
  });
  document.getElementById("isolated").addEventListener("change", function (ev) { state.isolated = ev.target.checked; refresh(); });
  document.getElementById("hops").addEventListener("change", function (ev) {
    state.hops = +ev.target.value; if (state.focus !== null) openEntity(state.focus);
  });
  document.getElementById("overview").addEventListener("click", showOverview);
  document.querySelectorAll("input[name=colour]").forEach(function (r) {
    r.addEventListener("change", function () {
      if (r.checked) state.colour = r.value;
      nodes.update(nodes.getIds().map(function (id) { return {id: id, color: nodeColour(N[id])}; }));
    });
  });
  var counts = document.getElementById("counts"), C = D.counts;
  [fmt(C.articles) + " articles",
   fmt(C.entities) + " entities, " + fmt(C.connected) + " with at least one relation",
   fmt(C.relations) + " asserted relations between two entities (distinct subject, relation, object)",
   fmt(C.not_asserted) + " relations only negated, hedged or planned",
   fmt(C.facts) + " asserted facts about one entity (job titles, quotations)",
   fmt(C.statements) + " statements (each mention, with its sentence)"].forEach(function (t) { counts.appendChild(el("li", "", t)); });

  // search: suggestions as you type, Enter or a click opens the entity's neighbourhood
  var names = N.map(function (n) { return [n.label.toLowerCase()].concat(n.alt.map(function (a) { return a.toLowerCase(); })); });
  var box = document.getElementById("search"), sugg = document.getElementById("suggestions"), hits = [];
  function rank(q, id) {
    var l = names[id][0];
    if (l === q) return 0;
    if (l.indexOf(q) === 0) return 1;
    if (l.indexOf(" " + q) >= 0) return 2;
    if (l.indexOf(q) >= 0) return 3;
    for (var k = 1; k < names[id].length; k++) { if (names[id][k].indexOf(q) >= 0) return names[id][k] === q ? 1 : 4; }
    return -1;
  }
  function search(q) {
    q = q.trim().toLowerCase(); var out = [];
    if (!q) return out;
    for (var id = 0; id < N.length; id++) { var r = rank(q, id); if (r >= 0) out.push([r, id]); }
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return out.slice(0, 12).map(function (x) { return x[1]; });
  }
  box.addEventListener("input", function () {
    hits = search(box.value); sugg.textContent = "";
    hits.forEach(function (id, k) {
      var b = el("button", k === 0 ? "active" : ""); b.type = "button";
      b.appendChild(document.createTextNode(N[id].label + " "));
      b.appendChild(el("span", "cls", N[id].group + " \u00b7 " + fmt(N[id].degree) + " related"));
      b.addEventListener("click", function () { sugg.textContent = ""; openEntity(id); });
      sugg.appendChild(b);
    });
  });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && hits.length) { ev.preventDefault(); sugg.textContent = ""; openEntity(hits[0]); }
  });

  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]); else if (p.edges.length) showEdge(p.edges[0]);
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) expand(p.nodes[0]); });

  window.kgReady = false;
  window.kgNetwork = network; window.kgNodes = nodes; window.kgEdges = edges; window.kgData = D;
  window.kgVisible = function () { return {nodes: nodes.length, edges: edges.length}; };
  window.kgShowNode = showNode; window.kgShowEdge = showEdge;
  window.kgOpen = openEntity; window.kgExpand = expand; window.kgOverview = showOverview;
  showOverview();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>{css}</style>
<style>{style}</style>
</head>
<body>
<div id="app">
 <div id="graph"></div>
 <div id="side">
  <h2>{title}</h2>
  <input id="search" type="search" placeholder="Find an entity (Enter opens it)" aria-label="Find an entity" autocomplete="off">
  <div id="suggestions"></div>
  <label>Neighbourhood <select id="hops" aria-label="hops"><option value="1" selected>1 hop</option><option value="2">2 hops</option></select></label>
  <button id="overview" type="button">Overview</button>
  <div id="note"></div>
  <h3>Dates of events</h3>
  <input id="from" type="date" aria-label="from"> to <input id="to" type="date" aria-label="to">
  <h3>Details</h3>
  <div id="details"><p>Click a node or an edge to see its facts and evidence; double-click a node to expand it.</p></div>
  <h3>Colour</h3>
  <label><input type="radio" name="colour" value="class" checked> by class</label>
  <label><input type="radio" name="colour" value="community"> by community</label>
  <h3>Entity classes</h3>
  <div id="legend"></div>
  <label><input id="isolated" type="checkbox"> keep entities without a drawn relation</label>
  <h3>Statements</h3>
  <div id="factualities"></div>
  <h3>Relations</h3>
  <div id="relations"></div>
  <h3>This graph</h3>
  <ul id="counts"></ul>
 </div>
</div>
<script type="application/json" id="kg-data">{data}</script>
<script type="application/json" id="kg-options">{options}</script>
<script>{js}</script>
<script>{app}</script>
</body>
</html>
"""
