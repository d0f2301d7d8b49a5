"""graph.html works offline and shows article text as text, never as markup."""

from __future__ import annotations

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
    assert '"arrows":"to"' in page


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
