"""graph.html in a real browser: Debian's headless Chromium, driven by Selenium.

`make test` installs chromium and chromium-driver; without them these tests skip with
the reason, they never pass vacuously.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kg.analyze import network_view
from kg.cli import main
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                       reason="Debian chromium and chromium-driver are not installed (make test installs them)"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def open_page(driver, path: Path, timeout: float = 120) -> None:
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return window.kgReady === true"):
            return
        time.sleep(0.2)
    raise AssertionError("the graph did not stabilise")


def wait_ready(driver, timeout: float = 120) -> None:
    """Wait until the page has laid out its last change (window.kgReady)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return window.kgReady === true"):
            return
        time.sleep(0.1)
    raise AssertionError("the graph did not settle")


def severe_console_messages(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_sample_graph_loads_with_every_connected_node_and_edge(browser, sample_out):
    open_page(browser, sample_out / "graph.html")
    assert severe_console_messages(browser) == []
    view = network_view(sample_out / "graph.ttl")
    connected = {e.source for e in view.edges} | {e.target for e in view.edges}
    held = browser.execute_script("return {nodes: window.kgData.nodes.length, edges: window.kgData.edges.length}")
    assert held == {"nodes": len(view.nodes), "edges": len(view.edges)}
    # a small graph shows every entity that has a relation, and every relation
    assert browser.execute_script("return window.kgVisible()") == {"nodes": len(connected), "edges": len(view.edges)}
    out = ROOT / "output"
    out.mkdir(exist_ok=True)
    browser.save_screenshot(str(out / "graph.png"))
    assert (out / "graph.png").stat().st_size > 10_000


def test_search_finds_an_entity(browser, sample_out):
    from selenium.webdriver.common.by import By

    open_page(browser, sample_out / "graph.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("Zakharova\n")
    wait_ready(browser)
    title = browser.find_element(By.CSS_SELECTOR, "#details h2").text
    assert title.startswith("Maria Zakharova")
    assert browser.execute_script("return window.kgNetwork.getSelectedNodes().length") == 1


def test_clicking_an_edge_shows_its_evidence(browser, sample_out):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(browser, sample_out / "graph.html")
    graph = browser.find_element(By.ID, "graph")
    # The midpoint of each edge on screen, furthest from any node first; click until one opens.
    spots = browser.execute_script("""
        var net = window.kgNetwork, out = [];
        var pos = net.getPositions();
        window.kgEdges.get().forEach(function (e) {
          var a = net.canvasToDOM(pos[e.from]), b = net.canvasToDOM(pos[e.to]);
          var m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
          var d = Math.min.apply(null, Object.keys(pos).map(function (k) {
            var p = net.canvasToDOM(pos[k]); return Math.hypot(p.x - m.x, p.y - m.y); }));
          out.push({id: e.id, x: m.x, y: m.y, clear: d});
        });
        return out.sort(function (p, q) { return q.clear - p.clear; }).slice(0, 8);""")
    w, h = graph.size["width"], graph.size["height"]
    for spot in spots:
        ActionChains(browser).move_to_element_with_offset(graph, spot["x"] - w / 2, spot["y"] - h / 2).click().perform()
        sentences = browser.find_elements(By.CSS_SELECTOR, "#details .ev")
        if sentences and "\u2192" in browser.find_element(By.CSS_SELECTOR, "#details h2").text:
            first = browser.execute_script("var d = window.kgData; return d.sentences[d.edges[arguments[0]].ev[0][0]]",
                                           spot["id"])
            assert sentences[0].text == first
            assert sentences[0].text
            return
    pytest.fail("no edge click opened its evidence")


def test_filters_hide_and_show(browser, sample_out):
    from selenium.webdriver.common.by import By

    open_page(browser, sample_out / "graph.html")
    before = browser.execute_script("return window.kgVisible()")
    browser.find_element(By.CSS_SELECTOR, "#legend input[value=Person]").click()
    after = browser.execute_script("return window.kgVisible()")
    assert after["nodes"] < before["nodes"] and after["edges"] < before["edges"]
    browser.find_element(By.CSS_SELECTOR, "input[name=colour][value=community]").click()
    assert severe_console_messages(browser) == []


def test_malicious_article_runs_no_script(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    art = tmp_path / "evil.txt"
    art.write_text(
        'Minister <script>window.pwned=1</script> Meets\n\n'
        'Foreign Minister Sam "><img src=x onerror=window.pwned=2> Kade met with French Foreign Minister '
        'Lea Roux in Paris. "</script><img src=x onerror=alert(3)>," Kade said. Kade condemned '
        'Russia <svg onload=window.pwned=4>.\n', encoding="utf-8")
    assert main(["build", str(art), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    open_page(browser, tmp_path / "o" / "graph.html")
    for name in ("Kade", "Roux", "Russia"):
        box = browser.find_element(By.ID, "search")
        box.clear()
        box.send_keys(name + "\n")
        wait_ready(browser)
    for n in browser.execute_script("return window.kgData.nodes.map(function (n) { return n.id; })"):
        browser.execute_script("window.kgShowNode(arguments[0])", n)
    for e in browser.execute_script("return window.kgData.edges.map(function (e) { return e.id; })"):
        browser.execute_script("window.kgShowEdge(arguments[0])", e)
    assert browser.execute_script("return window.pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#details img, #details script, #details svg")


# ---------------------------------------------------------------- a corpus: 300 releases

@pytest.fixture(scope="module")
def corpus_page(corpus300, tmp_path_factory):
    """The explorer of the 300-release store, as `kg export --store --format html` writes it,
    and the view it was drawn from."""
    page = tmp_path_factory.mktemp("corpus-html") / "corpus.html"
    assert main(["export", "--store", str(corpus300.store), "--format", "html", "--out", str(page), "-q"]) == 0
    return page, network_view(corpus300.store)


def visible(driver) -> tuple[set, list]:
    """Ids of the drawn nodes, and the drawn edges as (id, from, to)."""
    return (set(driver.execute_script("return window.kgNodes.getIds()")),
            [tuple(x) for x in driver.execute_script(
                "return window.kgEdges.get().map(function (e) { return [e.id, e.from, e.to]; })")])


def data_neighbours(driver, node: int) -> set:
    return set(driver.execute_script("""
        var id = arguments[0], out = [];
        window.kgData.edges.forEach(function (e) {
          if (e.from === id && e.to !== id) out.push(e.to); else if (e.to === id && e.from !== id) out.push(e.from); });
        return out;""", node))


def test_corpus_opens_on_at_most_300_central_connected_entities(browser, corpus_page):
    page, view = corpus_page
    assert len(view.nodes) > 1000  # a corpus, not an article
    open_page(browser, page)
    assert severe_console_messages(browser) == []
    nodes, edges = visible(browser)
    assert 50 <= len(nodes) <= 300
    linked = {a for _, a, _ in edges} | {b for _, _, b in edges}
    assert nodes == linked  # no isolated node on the first view
    # the most central entity of the corpus (id 0: ids are in PageRank order) is on it
    assert 0 in nodes
    out = ROOT / "output"
    out.mkdir(exist_ok=True)
    browser.save_screenshot(str(out / "corpus-graph.png"))
    assert (out / "corpus-graph.png").stat().st_size > 50_000


def test_corpus_edges_are_aggregated_with_every_sentence(browser, corpus_page):
    page, view = corpus_page
    open_page(browser, page)
    keys = browser.execute_script(
        "return window.kgData.edges.map(function (e) { return [e.from, e.rel, e.to, e.n, e.ev.length]; })")
    assert len({(a, r, b) for a, r, b, _, _ in keys}) == len(keys) == len(view.edges)  # one per pair and relation
    assert all(n == m for *_, n, m in keys)
    assert sum(n for *_, n, _ in keys) == sum(len(e.evidence) for e in view.edges)
    assert max(n for *_, n, _ in keys) > 5  # some relation is read in many sentences


def test_search_opens_the_neighbourhood(browser, corpus_page):
    from selenium.webdriver.common.by import By

    page, _ = corpus_page
    open_page(browser, page)
    box = browser.find_element(By.ID, "search")
    box.send_keys("Kuleba")
    first = browser.find_element(By.CSS_SELECTOR, "#suggestions button")
    assert first.text.startswith("Dmytro Kuleba")
    box.send_keys("\n")
    wait_ready(browser)
    kuleba = browser.execute_script(
        "return window.kgData.nodes.findIndex(function (n) { return n.label === 'Dmytro Kuleba'; })")
    nodes, edges = visible(browser)
    neighbours = data_neighbours(browser, kuleba)
    assert neighbours and kuleba in nodes
    assert neighbours <= nodes  # every neighbour is drawn (1 hop)
    assert all(kuleba in (a, b) or {a, b} <= neighbours for _, a, b in edges)
    assert browser.find_element(By.CSS_SELECTOR, "#details h2").text.startswith("Dmytro Kuleba")
    # two hops reach further
    browser.find_element(By.CSS_SELECTOR, "#hops option[value='2']").click()
    wait_ready(browser)
    assert len(visible(browser)[0]) > len(nodes)


def test_expanding_a_node_adds_its_neighbours(browser, corpus_page):
    from selenium.webdriver.common.by import By

    page, _ = corpus_page
    open_page(browser, page)
    nodes, _ = visible(browser)
    # an entity on the overview with neighbours off it, a few of them (all fit in one expansion)
    candidates = [n for n in sorted(nodes) if 0 < len(data_neighbours(browser, n) - nodes) <= 20]
    assert candidates
    node = candidates[0]
    missing = data_neighbours(browser, node) - nodes
    browser.execute_script("window.kgShowNode(arguments[0])", node)
    browser.find_element(By.ID, "expand").click()
    wait_ready(browser)
    after, edges = visible(browser)
    assert missing <= after and nodes <= after
    assert all(any(node in (a, b) and m in (a, b) for _, a, b in edges) for m in missing)
    assert severe_console_messages(browser) == []


def test_date_range_hides_events_outside_it(browser, corpus_page):
    page, _ = corpus_page
    open_page(browser, page)

    def dated():
        return browser.execute_script("""
            var D = window.kgData;
            return window.kgEdges.getIds().filter(function (i) { return D.edges[i].dates.length; })
                   .map(function (i) { return D.edges[i].dates; });""")

    before = dated()
    assert before, "the overview has dated events"
    month = sorted(d for ds in before for d in ds if len(d) >= 7)[len(before) // 2][:7]
    browser.execute_script("""
        function set(id, v) { var e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event("change")); }
        set("from", arguments[0] + "-01"); set("to", arguments[0] + "-28");""", month)
    wait_ready(browser)
    after = dated()
    assert after and len(after) < len(before)
    assert all(any(d[:7] == month or d == month[:4] for d in ds) for ds in after)
    undated = browser.execute_script(
        "return window.kgEdges.getIds().filter(function (i) { return !window.kgData.edges[i].dates.length; }).length")
    assert undated > 0  # undated relations stay


def test_csp_runs_only_the_pages_own_scripts(browser, corpus_page, tmp_path):
    import re

    page, _ = corpus_page
    text = page.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    open_page(browser, page)
    assert [m for m in (e["message"] for e in browser.get_log("browser")) if "Content Security Policy" in m] == []
    # one changed character in the page's own script: Chromium refuses to run it
    tampered = tmp_path / "tampered.html"
    assert "EXPAND_MAX = 60" in text
    tampered.write_text(text.replace("EXPAND_MAX = 60", "EXPAND_MAX = 61", 1), encoding="utf-8")
    browser.get(tampered.resolve().as_uri())
    time.sleep(2)
    assert browser.execute_script("return window.kgReady") is None
    assert any("Content Security Policy" in e["message"] for e in browser.get_log("browser"))
