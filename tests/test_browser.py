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
from rdflib import Dataset

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


def severe_console_messages(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_sample_graph_loads_with_every_node_and_edge(browser, sample_out):
    open_page(browser, sample_out / "graph.html")
    assert severe_console_messages(browser) == []
    view = network_view(Dataset(default_union=True).parse(sample_out / "graph.ttl"))
    held = browser.execute_script("return {nodes: window.kgNodes.length, edges: window.kgEdges.length}")
    assert held == {"nodes": len(view.nodes), "edges": len(view.edges)}
    assert browser.execute_script("return window.kgVisible()") == held  # a small graph shows everything
    out = ROOT / "output"
    out.mkdir(exist_ok=True)
    browser.save_screenshot(str(out / "graph.png"))
    assert (out / "graph.png").stat().st_size > 10_000


def test_search_finds_an_entity(browser, sample_out):
    from selenium.webdriver.common.by import By

    open_page(browser, sample_out / "graph.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("Zakharova")
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
            edge = browser.execute_script("return window.kgEdges.get(arguments[0])", spot["id"])
            assert sentences[0].text == edge["evidence"][0]["sentence"]
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
        box.send_keys(name)
    for n in browser.execute_script("return window.kgNodes.getIds()"):
        browser.execute_script("window.kgShowNode(arguments[0])", n)
    for e in browser.execute_script("return window.kgEdges.getIds()"):
        browser.execute_script("window.kgShowEdge(arguments[0])", e)
    assert browser.execute_script("return window.pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#details img, #details script, #details svg")
