"""The interactive HTML explorer: one self-contained file that works offline.

pyvis holds the network data and vis-network options; kg owns the page template and
the data path where pyvis falls short (see README, "Explorer"):

* vis-network's script and stylesheet, shipped inside the pyvis package, are inlined, and
  the page links nothing: no CDN, no Bootstrap;
* node and edge lists are set directly rather than through ``add_node`` (quadratic);
* all article text travels as JSON inside a ``<script type="application/json">`` block
  with ``<``, ``>`` and ``&`` escaped, and is put on the page with ``textContent`` only:
  a name or quotation holding ``<script>`` is shown, never run;
* large graphs stabilise once, then physics is switched off; above ``max_nodes`` only the
  most connected entities are drawn, with a note saying so.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

from rdflib import Graph

from kg.analyze import NetworkView, network_view
from kg.export import atomic_open

CLASS_COLORS = {
    "Person": "#4e79a7", "Country": "#e15759", "Organization": "#59a14f", "Place": "#9c755f",
    "Treaty": "#edc948", "Event": "#b07aa1", "Meeting": "#b07aa1", "Vote": "#ff9da7",
    "ArmedConflict": "#7f3c3c",
}
FACTUALITY_DASHES = {"Asserted": False, "Negated": True, "Hedged": True}


def _vis_assets() -> tuple[str, str]:
    base = resources.files("pyvis") / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                    "#9c755f", "#bab0ac", "#86bcb6", "#d37295", "#fabfd2", "#8cd17d", "#499894", "#79706e"]


def explorer_data(view: NetworkView, max_nodes: int = 2000) -> dict:
    """Everything the page draws, as JSON-ready data. All nodes are included; above
    ``max_nodes`` only the most central are shown at first, with a button for the rest."""
    from kg.analyze import centrality, communities, to_networkx

    G = to_networkx(view, asserted_only=False)
    ranks = {r["iri"]: r for r in centrality(G)}
    comm = {}
    for i, c in enumerate(communities(G)):
        for n in c:
            comm[n] = i
    order = sorted(view.nodes, key=lambda k: (-ranks.get(k, {}).get("pagerank", 0), view.nodes[k].label, k))
    shown = set(order[:max_nodes])
    ids = {iri: i for i, iri in enumerate(sorted(view.nodes))}
    top_pr = max((r["pagerank"] for r in ranks.values()), default=1.0) or 1.0
    nodes = []
    for iri in sorted(view.nodes):
        n = view.nodes[iri]
        pr = ranks.get(iri, {}).get("pagerank", 0.0)
        nodes.append({
            "id": ids[iri], "label": n.label, "group": n.cls, "color": CLASS_COLORS.get(n.cls, "#bab0ac"),
            "value": round(1 + 40 * pr / top_pr, 3), "pagerank": pr, "community": comm.get(iri, -1),
            "iri": iri, "alt": n.alt_labels, "facts": [list(f) for f in n.facts], "top": iri in shown,
        })
    edges = []
    for k, e in enumerate(view.edges):
        fact = "Asserted" if e.asserted else e.evidence[0].factuality
        dates = sorted({x.date for x in e.evidence if x.date})
        edges.append({
            "id": k, "from": ids[e.source], "to": ids[e.target], "label": e.prop,
            "arrows": "to", "dashes": FACTUALITY_DASHES.get(fact, True), "factuality": fact,
            "dates": dates,
            "evidence": [{"sentence": x.sentence, "article": x.article, "factuality": x.factuality,
                          "rule": x.rule, "date": x.date} for x in e.evidence],
        })
    return {"nodes": nodes, "edges": edges, "total_nodes": len(nodes), "shown_nodes": len(shown),
            "colors": {c: CLASS_COLORS[c] for c in CLASS_COLORS if any(n["group"] == c for n in nodes)},
            "community_colors": COMMUNITY_COLORS,
            "relations": sorted({e["label"] for e in edges})}


def render_html(g: Graph, title: str = "kg: diplomacy knowledge graph", max_nodes: int = 2000) -> str:
    from pyvis.network import Network

    view = network_view(g)
    data = explorer_data(view, max_nodes=max_nodes)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    # pyvis' add_node is quadratic; it holds the lists we built, and the options
    net.nodes, net.edges = data["nodes"], data["edges"]
    net.set_edge_smooth("dynamic" if len(data["edges"]) < 2000 else "continuous")
    net.barnes_hut(gravity=-2500, central_gravity=0.35, spring_length=110)
    nodes, edges, _, _, _, options = net.get_network_data()
    options = json.loads(options)
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(edges) > 2000}
    options["edges"].update({"font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
                             "color": {"inherit": "from", "opacity": 0.75}})
    options["nodes"] = {"shape": "dot", "scaling": {"min": 8, "max": 40},
                        "font": {"size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}}
    big = data["shown_nodes"] > 1000
    options["physics"]["stabilization"] = {"enabled": True, "iterations": 80 if big else 300, "updateInterval": 25}
    options["layout"] = {"improvedLayout": not big}
    data["nodes"], data["edges"] = nodes, edges
    js, css = _vis_assets()
    return _PAGE.format(
        title=html.escape(title),
        css=css,
        js=js,
        data=_json_for_script(data),
        options=_json_for_script(options),
    )


def write_html(g: Graph, path: str | Path, **kw) -> None:
    page = render_html(g, **kw)
    with atomic_open(path, "w") as fh:
        fh.write(page)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{css}</style>
<style>
 html, body {{ margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }}
 #app {{ display: flex; height: 100%; }}
 #graph {{ flex: 1; min-width: 0; }}
 #side {{ width: 360px; overflow-y: auto; border-left: 1px solid #ddd; padding: 10px; box-sizing: border-box; }}
 #side h2 {{ font-size: 15px; margin: 4px 0 8px; }}
 #side h3 {{ font-size: 13px; margin: 10px 0 4px; color: #555; }}
 #legend label, #relations label {{ display: inline-block; margin: 2px 8px 2px 0; white-space: nowrap; }}
 #legend i {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin: 0 4px; vertical-align: -1px; }}
 .fact {{ border-top: 1px solid #eee; padding: 6px 0; }}
 .fact .prop {{ font-weight: 600; }}
 .fact .ev {{ color: #444; font-style: italic; }}
 .fact .meta {{ color: #777; font-size: 12px; }}
 .Negated, .Hedged {{ color: #a33; }}
 #note {{ color: #a60; font-size: 12px; margin: 4px 0; }}
 input[type=search] {{ width: 100%; box-sizing: border-box; padding: 4px; }}
 input[type=date] {{ width: 46%; }}
 button {{ margin: 4px 4px 0 0; }}
</style>
</head>
<body>
<div id="app">
 <div id="graph"></div>
 <div id="side">
  <h2>{title}</h2>
  <input id="search" type="search" placeholder="Find an entity" aria-label="Find an entity">
  <div id="note"></div>
  <h3>Colour</h3>
  <label><input type="radio" name="colour" value="class" checked> by class</label>
  <label><input type="radio" name="colour" value="community"> by community</label>
  <h3>Entity classes</h3>
  <div id="legend"></div>
  <h3>Relations</h3>
  <div id="relations"></div>
  <h3>Dates</h3>
  <input id="from" type="date" aria-label="from"> <input id="to" type="date" aria-label="to">
  <h3>Details</h3>
  <div id="details"><p>Click a node or an edge to see its facts and evidence.</p></div>
 </div>
</div>
<script type="application/json" id="kg-data">{data}</script>
<script type="application/json" id="kg-options">{options}</script>
<script>{js}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var options = JSON.parse(document.getElementById("kg-options").textContent);
  function el(tag, cls, text) {{
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }}
  function tip(lines) {{
    var d = el("div");
    lines.forEach(function (l) {{ d.appendChild(el("div", "", l)); }});
    return d;
  }}
  data.nodes.forEach(function (n) {{
    n.classColor = n.color;
    n.title = tip([n.label + " (" + n.group + ")"].concat(n.alt.length ? ["also: " + n.alt.join(", ")] : []));
  }});
  data.edges.forEach(function (e) {{
    e.title = tip([e.label + (e.factuality !== "Asserted" ? " [" + e.factuality.toLowerCase() + "]" : ""),
                   e.evidence.length ? e.evidence[0].sentence : ""]);
  }});
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var state = {{ all: data.shown_nodes >= data.total_nodes, classes: {{}}, relations: {{}}, from: "", to: "" }};
  Object.keys(data.colors).forEach(function (k) {{ state.classes[k] = true; }});
  data.relations.forEach(function (r) {{ state.relations[r] = true; }});
  var byId = {{}}; data.nodes.forEach(function (n) {{ byId[n.id] = n; }});
  function nodeVisible(n) {{ return (state.all || n.top) && state.classes[n.group] !== false; }}
  function edgeVisible(e) {{
    if (!state.relations[e.label]) return false;
    if (!nodeVisible(byId[e.from]) || !nodeVisible(byId[e.to])) return false;
    if ((state.from || state.to) && e.dates.length) {{
      return e.dates.some(function (d) {{ return (!state.from || d >= state.from) && (!state.to || d <= state.to); }});
    }}
    return true;
  }}
  var nodeView = new vis.DataView(nodes, {{ filter: nodeVisible }});
  var edgeView = new vis.DataView(edges, {{ filter: edgeVisible }});
  var network = new vis.Network(document.getElementById("graph"), {{nodes: nodeView, edges: edgeView}}, options);
  window.kgReady = false;
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{physics: false}});
    network.fit();
    window.kgReady = true;
  }});
  function refresh() {{ nodeView.refresh(); edgeView.refresh(); }}
  window.kgNetwork = network; window.kgNodes = nodes; window.kgEdges = edges;
  window.kgVisible = function () {{ return {{nodes: nodeView.length, edges: edgeView.length}}; }};

  var legend = document.getElementById("legend");
  Object.keys(data.colors).forEach(function (k) {{
    var l = el("label"), cb = el("input"), i = el("i");
    cb.type = "checkbox"; cb.checked = true; cb.value = k;
    cb.addEventListener("change", function () {{ state.classes[k] = cb.checked; refresh(); }});
    i.style.background = data.colors[k];
    l.appendChild(cb); l.appendChild(i); l.appendChild(document.createTextNode(k)); legend.appendChild(l);
  }});
  var rels = document.getElementById("relations");
  data.relations.forEach(function (r) {{
    var l = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = r;
    cb.addEventListener("change", function () {{ state.relations[r] = cb.checked; refresh(); }});
    l.appendChild(cb); l.appendChild(document.createTextNode(r)); rels.appendChild(l);
  }});
  ["from", "to"].forEach(function (k) {{
    document.getElementById(k).addEventListener("change", function (ev) {{ state[k] = ev.target.value; refresh(); }});
  }});
  document.querySelectorAll("input[name=colour]").forEach(function (r) {{
    r.addEventListener("change", function () {{
      var byCommunity = r.value === "community" && r.checked;
      nodes.update(data.nodes.map(function (n) {{
        var c = byCommunity && n.community >= 0 ? data.community_colors[n.community % data.community_colors.length] : n.classColor;
        return {{id: n.id, color: c}};
      }}));
    }});
  }});
  var note = document.getElementById("note");
  if (!state.all) {{
    note.textContent = "Showing the " + data.shown_nodes + " most central of " + data.total_nodes + " entities. ";
    var more = el("button", "", "Show all");
    more.addEventListener("click", function () {{ state.all = true; refresh(); note.textContent = "Showing all " + data.total_nodes + " entities."; }});
    note.appendChild(more);
  }}
  var details = document.getElementById("details");
  function evidenceBlock(prop, ev) {{
    var d = el("div", "fact " + ev.factuality);
    d.appendChild(el("div", "prop", prop + (ev.factuality !== "Asserted" ? " (" + ev.factuality.toLowerCase() + ")" : "")));
    d.appendChild(el("div", "ev", ev.sentence));
    d.appendChild(el("div", "meta", ev.article + (ev.date ? " \u00b7 " + ev.date : "") + " \u00b7 " + ev.factuality.toLowerCase() + " \u00b7 rule " + ev.rule));
    return d;
  }}
  function showEdge(id) {{
    var e = edges.get(id); details.textContent = "";
    details.appendChild(el("h2", "", byId[e.from].label + " \u2192 " + e.label + " \u2192 " + byId[e.to].label));
    e.evidence.forEach(function (ev) {{ details.appendChild(evidenceBlock(e.label, ev)); }});
  }}
  function showNode(id) {{
    var n = byId[id]; details.textContent = "";
    details.appendChild(el("h2", "", n.label + " (" + n.group + ")"));
    if (n.alt.length) details.appendChild(el("div", "meta", "Also called: " + n.alt.join(", ")));
    n.facts.forEach(function (f) {{ var d = el("div", "fact"); d.appendChild(el("span", "prop", f[0] + ": ")); d.appendChild(document.createTextNode(f[1])); details.appendChild(d); }});
    edges.get({{filter: function (e) {{ return e.from === id || e.to === id; }}}}).forEach(function (e) {{
      var head = byId[e.from].label + " " + e.label + " " + byId[e.to].label;
      e.evidence.forEach(function (ev) {{ details.appendChild(evidenceBlock(head, ev)); }});
    }});
  }}
  window.kgShowEdge = showEdge; window.kgShowNode = showNode;
  network.on("click", function (p) {{
    if (p.nodes.length) showNode(p.nodes[0]); else if (p.edges.length) showEdge(p.edges[0]);
  }});
  document.getElementById("search").addEventListener("input", function (ev) {{
    var q = ev.target.value.trim().toLowerCase(); if (!q) return;
    var hit = data.nodes.find(function (n) {{ return n.label.toLowerCase().indexOf(q) >= 0 || n.alt.some(function (a) {{ return a.toLowerCase().indexOf(q) >= 0; }}); }});
    if (hit) {{
      if (!nodeVisible(hit)) {{ state.all = true; state.classes[hit.group] = true; refresh(); }}
      network.selectNodes([hit.id]); network.focus(hit.id, {{scale: 1.2}}); showNode(hit.id);
    }}
  }});
}})();
</script>
</body>
</html>
"""
