"""graph.html works offline and shows article text as text, never as markup."""

from __future__ import annotations

import json
import re

from kg.cli import main

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


def test_html_links_nothing_external(sample_out):
    page = (sample_out / "graph.html").read_text(encoding="utf-8")
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<link" not in page and "<script src" not in page
    assert "default-src 'none'" in page  # the browser refuses any network fetch


def test_html_has_legend_nodes_and_evidence(sample_out):
    page = (sample_out / "graph.html").read_text(encoding="utf-8")
    for cls in ("Person", "Country", "Organization"):
        assert f'"{cls}"' in page
    assert "encounter between Lavrov" in page
    assert '"arrows":{"to":{"enabled":true' in page  # directed edges
    data = json.loads(page.split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    met = data["relations"].index("metWith")
    assert met in data["edges"]["rel"]


def test_article_text_is_escaped(tmp_path):
    art = tmp_path / "evil.txt"
    art.write_text(
        'Minister <script>alert(1)</script> Meets\n\n'
        'Foreign Minister Sam "><img src=x onerror=alert(2)> Kade met with French Foreign Minister '
        'Lea </script><script>alert(3)</script> Roux in Paris. "</script><b>hi</b>," Kade said.\n',
        encoding="utf-8")
    assert main(["build", str(art), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    page = (tmp_path / "o" / "graph.html").read_text(encoding="utf-8")
    body = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body
    for raw in ("<script>alert", "<img src=x", "<b>hi", "</script><script>alert(3)"):
        assert raw not in page
    assert "alert(1)" in body  # shown as text, escaped


def _scripts_and_csp(page: str) -> tuple[list[str], list[str], str]:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)  # executable: no type attribute
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    return scripts, styles, csp


def test_csp_allows_exactly_the_pages_own_scripts_and_styles(sample_out):
    import base64
    import hashlib

    page = (sample_out / "graph.html").read_text(encoding="utf-8")
    scripts, styles, csp = _scripts_and_csp(page)
    assert len(scripts) == 2 and len(styles) == 2  # vis-network and the page's script; two stylesheets
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["default-src"] == "'none'"
    for text, directive in [(s, "script-src") for s in scripts] + [(s, "style-src") for s in styles]:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy[directive].split()
    assert "unsafe" not in policy["script-src"] and "unsafe" not in policy["style-src"]
    assert len(policy["script-src"].split()) == 2  # nothing else may run


def test_title_is_escaped(sample_out):
    from kg.html import render_html

    page = render_html(sample_out / "graph.ttl", title='<img src=x onerror=alert(1)> & "kg"')
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;kg&quot;" in page


def test_overview_holds_central_entities_with_a_relation_among_them():
    from kg.html import overview

    order = ["a", "b", "c", "d", "e", "f"]  # by centrality
    neighbours = {"a": {"b"}, "b": {"a"}, "c": {"f"}, "d": {"e"}, "e": {"d"}, "f": {"c"}}
    # c's only neighbour is outside the first four: c is left out, d and e fill its place
    assert overview(order, neighbours, 4) == ["a", "b", "d", "e"]
    assert overview(order, neighbours, 2) == ["a", "b"]
    assert overview(order, {"a": set()}, 3) == []  # an isolated entity is never drawn first


def test_planned_relations_are_drawn_dashed_and_apart():
    from kg.analyze import Edge, Evidence, NetworkView, NodeInfo
    from kg.html import explorer_data

    nodes = {k: NodeInfo(k, k.upper(), "Country") for k in ("x:a", "x:b", "x:c")}
    ev = lambda f: Evidence("A sentence.", "An article", f, "rule")  # noqa: E731
    edges = [Edge("x:a", "x:b", "metWith", [ev("Planned"), ev("Planned")]),
             Edge("x:a", "x:c", "metWith", [ev("Planned"), ev("Asserted")]),
             Edge("x:b", "x:c", "urged", [ev("Negated")])]
    data = explorer_data(NetworkView(nodes, edges))
    label, E, facts = data["nodes"]["label"], data["edges"], data["factualities"]
    by_pair = {(label[a], label[b]): (facts[f], n)
               for a, b, f, n in zip(E["from"], E["to"], E["fact"], E["n"], strict=True)}
    assert by_pair[("X:A", "X:B")] == ("Planned", 2)
    assert by_pair[("X:A", "X:C")] == ("Asserted", 2)  # asserted once: a plain line
    assert by_pair[("X:B", "X:C")] == ("Negated", 1)
    styles = data["styles"]
    assert styles["Asserted"]["dashes"] is False
    assert styles["Planned"]["dashes"] and styles["Planned"] != styles["Negated"] != styles["Asserted"]


def test_store_and_graph_file_give_the_same_explorer(corpus300, tmp_path):
    pages = {}
    for kind, src in (("store", corpus300.store), ("graph", corpus300.graph)):
        out = tmp_path / f"{kind}.html"
        assert main(["export", f"--{kind}", str(src), "--format", "html", "--out", str(out), "-q"]) == 0
        page = out.read_text(encoding="utf-8")
        pages[kind] = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert pages["store"] == pages["graph"]
    data = json.loads(pages["store"])
    assert len(data["nodes"]["label"]) > 1000 and len(data["edges"]["ev"]) > 1000  # a corpus, not an article
