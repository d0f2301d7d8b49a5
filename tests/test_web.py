"""Web input: a saved news page gives its article and nothing of the page around it; a web
archive gives one article per HTML page; a saved feed gives one article per entry. Each
format is recognised by its content; what cannot be read is one clear line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.cli import EXIT_ERROR, EXIT_OK, EXIT_SOME_INPUT_FAILED, main
from kg.ingest import Article, InputProblem, read_inputs
from kg.namespace import DIP, SCHEMA
from kg.store import KgStore
from kg.web import fragment_text, kind_by_content

pytest.importorskip("trafilatura", reason="the web extra is not installed (pip install 'kg[web]')")

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
WEB = Path(__file__).parent / "data" / "web"
NEWS_PAGE = WEB / "news_page.html"  # a newspaper page: menus, ads, cookie banner, teasers, scripts
PRESS_PAGE = WEB / "press_release.html"  # a government readout page, windows-1252, div soup

# what a page shows around its article: none of it may reach an evidence sentence
CHROME = ["<", ">", "cookie", "Cookie", "Accept all", "Subscribe", "Advertisement", "Sponsored",
          "mortgage", "Privacy", "All rights reserved", "Terms of use", "Share on", "newsletter",
          "Most read", "More from World", "Lavrov arrives", "Baerbock", "Wang Yi", "Skip to main",
          "official website", "Latest readouts", "Sherman", "Cavusoglu", "Tags", "gtag", "_paq",
          "dataLayer", "function", "Home", "Policy Issues", "Example Air", "Luxury watches"]


def build(tmp_path: Path, *inputs) -> tuple[int, Dataset]:
    out = tmp_path / "out"
    rc = main(["build", *map(str, inputs), "--out", str(out), "--no-html", "-q"])
    ds = Dataset(default_union=True)
    if (out / "graph.ttl").exists():
        ds.parse(out / "graph.ttl", format="turtle")
    return rc, ds


def evidence(ds: Dataset) -> list[str]:
    return sorted(str(t) for t in ds.objects(None, DIP.sentenceText))


def label(ds: Dataset, node) -> str:
    return str(ds.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))


def asserted_pairs(ds: Dataset, prop) -> set[frozenset[str]]:
    return {frozenset((label(ds, s), label(ds, o))) for s, o in ds.subject_objects(prop)}


# ------------------------------------------------------------------ pages


def test_a_news_page_gives_its_article_and_nothing_of_the_page(tmp_path):
    rc, ds = build(tmp_path, NEWS_PAGE)
    assert rc == EXIT_OK
    (art,) = set(ds.subjects(RDF.type, DIP.Article))
    assert ds.value(art, DCTERMS.title) == Literal("Blinken Meets Jaishankar in New Delhi")
    assert ds.value(art, DCTERMS.date) == Literal("2023-03-02", datatype=XSD_DATE)
    assert str(ds.value(art, SCHEMA.url)) == \
        "https://news.example.org/world/2023/03/02/blinken-meets-jaishankar-in-new-delhi"
    met = asserted_pairs(ds, DIP.metWith)
    assert frozenset({"Antony Blinken", "Subrahmanyam Jaishankar"}) in met  # the meeting in the text
    # the teasers of other articles are not this article: their meetings are not read
    names = {label(ds, n) for n in ds.subjects(RDF.type, DIP.Person)}
    assert not names & {"Sergey Lavrov", "Annalena Baerbock", "Volodymyr Zelenskyy", "Wang Yi", "Vladimir Putin"}
    sentences = evidence(ds)
    assert sentences
    for s in sentences:
        assert not [c for c in CHROME if c in s], s


def test_a_government_page_in_windows_1252(tmp_path):
    rc, ds = build(tmp_path, PRESS_PAGE)
    assert rc == EXIT_OK
    (art,) = set(ds.subjects(RDF.type, DIP.Article))
    assert ds.value(art, DCTERMS.title) == Literal("Secretary Blinken's Call with Ukrainian Foreign Minister Kuleba")
    assert ds.value(art, DCTERMS.date) == Literal("2022-02-12", datatype=XSD_DATE)
    assert frozenset({"Antony J. Blinken", "Dmytro Kuleba"}) in asserted_pairs(ds, DIP.spokeWith) or \
        frozenset({"Antony Blinken", "Dmytro Kuleba"}) in asserted_pairs(ds, DIP.spokeWith)
    sentences = evidence(ds)
    assert any("Russia\u2019s continued military build-up" in s for s in sentences)  # cp1252 decoded
    for s in sentences:
        assert not [c for c in CHROME if c in s], s


def test_a_folder_of_pages_and_text(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.html").write_bytes(NEWS_PAGE.read_bytes())
    (folder / "sub").mkdir()
    (folder / "sub" / "b.htm").write_bytes(PRESS_PAGE.read_bytes())
    (folder / "c.txt").write_text("Kishida Visits Kyiv\n\nJapanese Prime Minister Fumio Kishida met "
                                  "Ukrainian President Volodymyr Zelenskyy in Kyiv on Tuesday.\n")
    articles, problems = read_inputs([str(folder)])
    assert not problems
    assert sorted(a.title for a in articles) == [
        "Blinken Meets Jaishankar in New Delhi", "Kishida Visits Kyiv",
        "Secretary Blinken's Call with Ukrainian Foreign Minister Kuleba"]


def test_a_page_is_recognised_by_its_content_not_its_name(tmp_path):
    saved = tmp_path / "page_saved_as.txt"
    saved.write_bytes(NEWS_PAGE.read_bytes())
    (a,), problems = read_inputs([str(saved)])
    assert not problems and a.title == "Blinken Meets Jaishankar in New Delhi"
    assert "<" not in a.text and "cookie" not in a.text.lower()


@pytest.mark.parametrize("name, content, cause", [
    ("notes.html", b"Just a plain note, no markup at all.\n", "named like an HTML page but its content is not one"),
    ("empty.html", b"", "empty file"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>",
     "no article text found in the page"),
    ("feed.xml", b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
     "named like an RSS or Atom feed but its content is not one"),
    ("broken.warc.gz", b"\x1f\x8b\x08\x00garbage that is no gzip stream", "named like a WARC web archive"),
    ("fake.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\ncut short",
     "cannot read as a WARC archive"),
])
def test_unreadable_web_files_are_one_clear_line(tmp_path, capsys, name, content, cause):
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["build", str(bad), str(PRESS_PAGE), "--out", str(tmp_path / "o"), "--no-html", "-q"]) \
        == EXIT_SOME_INPUT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"skipped {bad}" in err and cause in err, err
    assert (tmp_path / "o" / "graph.ttl").exists()  # the good page is still built


def test_content_sniffing():
    assert kind_by_content(NEWS_PAGE.read_bytes()[:8192]) == "html"
    assert kind_by_content(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- hi -->\n<rss version='2.0'>") == "feed"
    assert kind_by_content(b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert kind_by_content(b"<rdf:RDF xmlns:rdf='x'>") == "feed"
    assert kind_by_content(b"WARC/1.1\r\n") == "warc"
    assert kind_by_content(b'{"text": "<html>"}') is None
    assert kind_by_content(b"Blinken met <b>Kuleba</b>") is None


# ------------------------------------------------------------------ web archives


PAGE_TEMPLATE = """<!DOCTYPE html><html><head><title>{title} | Example Wire</title>
<script>trackPage("{title}")</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/cookies">Cookie settings</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<article><h1>{title}</h1><p class="dateline">Published {date}</p>
<p>{lead}</p><p>{second}</p></article>
<aside><h2>Most read</h2><a href="/other">Wang Yi met Vladimir Putin in Moscow.</a></aside>
<footer>Example Wire. All rights reserved. Privacy policy.</footer></body></html>"""

WARC_PAGES = [
    ("https://wire.example.com/2022/06/28/nato-summit", "Biden Meets Erdogan at NATO Summit", "2022-06-28",
     "U.S. President Joe Biden met Turkish President Recep Tayyip Erdogan in Madrid on Wednesday.",
     "The two leaders discussed Sweden and Finland's applications to join the alliance."),
    ("https://wire.example.com/2022/07/09/bali-g20", "Blinken and Wang Yi Hold Talks in Bali", "2022-07-09",
     "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Bali on Saturday.",
     "The meeting lasted five hours, officials said."),
    ("https://wire.example.com/2022/09/21/unga", "Truss Meets Zelenskyy in New York", "2022-09-21",
     "British Prime Minister Liz Truss met Ukrainian President Volodymyr Zelenskyy in New York.",
     "Truss pledged continued military support for Ukraine."),
]


def http_record(writer, url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8"):
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)


def write_warc(path: Path, gzip: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gzip)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "kg tests"}))
        for url, title, date, lead, second in WARC_PAGES:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "wire.example.com")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=req))
            html = PAGE_TEMPLATE.format(title=title, date=date, lead=lead, second=second).encode()
            w.write_record(http_record(w, url, html))
        # not pages: an image, a redirect, a missing page and a stylesheet
        w.write_record(http_record(w, "https://wire.example.com/logo.png", b"\x89PNG\r\n\x1a\n....", ctype="image/png"))
        w.write_record(http_record(w, "https://wire.example.com/old", b"", status="301 Moved Permanently"))
        w.write_record(http_record(w, "https://wire.example.com/gone", b"<html><body><p>Page not found, "
                                   b"Blinken met nobody here.</p></body></html>", status="404 Not Found"))
        w.write_record(http_record(w, "https://wire.example.com/site.css", b"body{}", ctype="text/css"))


@pytest.mark.parametrize("gzip", [True, False])
def test_a_web_archive_gives_one_article_per_page(tmp_path, gzip):
    warc = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(warc, gzip=gzip)
    articles, problems = read_inputs([str(warc)])
    assert not problems
    by_url = {a.url: a for a in articles}
    assert sorted(by_url) == sorted(p[0] for p in WARC_PAGES)  # the record's URL is the identity
    for url, title, date, lead, _ in WARC_PAGES:
        a = by_url[url]
        assert a.title == title and a.date == date and lead in a.text
        assert "cookie" not in a.text.lower() and "Wang Yi met Vladimir Putin" not in a.text


def test_a_web_archive_built_into_a_store(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    store_dir = tmp_path / "store"
    assert main(["build", str(warc), "--store", str(store_dir), "-q"]) == EXIT_OK
    store = KgStore(store_dir)
    assert len(store.graphs()) == 3
    urls = sorted(str(r["u"].value) for r in store.query(
        f"SELECT ?u WHERE {{ ?a a <{DIP.Article}> ; <{SCHEMA.url}> ?u }}"))
    assert urls == sorted(p[0] for p in WARC_PAGES)
    met = store.query(f"SELECT ?a ?b WHERE {{ ?x <{DIP.metWith}> ?y . ?x <http://www.w3.org/2000/01/rdf-schema#label> ?a . "
                      f"?y <http://www.w3.org/2000/01/rdf-schema#label> ?b }}")
    pairs = {frozenset((r["a"].value, r["b"].value)) for r in met}
    assert frozenset({"Joe Biden", "Recep Tayyip Erdogan"}) in pairs
    assert not any("Putin" in n for p in pairs for n in p)  # the "most read" teaser is not read


# ------------------------------------------------------------------ feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire: World</title><link>https://wire.example.com/world</link>
<description>World news</description>
<item><title>Scholz Meets Macron in Paris</title>
 <link>https://wire.example.com/2023/01/22/scholz-macron</link>
 <pubDate>Sun, 22 Jan 2023 14:00:00 GMT</pubDate>
 <description>A short teaser.</description>
 <content:encoded><![CDATA[<p>German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Sunday.</p>
 <script>alert("x")</script><div class="ad">Advertisement</div>
 <p>The leaders marked the 60th anniversary of the Elysee Treaty.</p>]]></content:encoded></item>
<item><title>Lula Calls Biden</title><link>https://wire.example.com/2023/02/01/lula-biden</link>
 <pubDate>Wed, 01 Feb 2023 09:30:00 GMT</pubDate>
 <description>&lt;p&gt;Brazilian President Luiz Inacio Lula da Silva spoke with U.S. President Joe Biden by phone on Wednesday.&lt;/p&gt;</description></item>
<item><title>An entry with nothing in it</title><link>https://wire.example.com/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Ministry readouts</title>
<id>urn:example:feed</id><updated>2022-03-10T12:00:00Z</updated>
<entry><title type="html">Secretary Blinken&#8217;s Meeting with Polish Foreign Minister Rau</title>
 <link rel="alternate" href="https://ministry.example.gov/readouts/blinken-rau"/>
 <id>urn:example:1</id><published>2022-03-05T10:00:00Z</published><updated>2022-03-06T10:00:00Z</updated>
 <summary>Short summary.</summary>
 <content type="html">&lt;p&gt;Secretary of State Antony J. Blinken met Polish Foreign Minister Zbigniew Rau in Rzeszow today.&lt;/p&gt;&lt;p&gt;They discussed support for refugees from Ukraine.&lt;/p&gt;</content></entry>
<entry><title>Summary only</title><link href="https://ministry.example.gov/readouts/summary-only"/>
 <id>urn:example:2</id><updated>2022-03-08T10:00:00Z</updated>
 <summary>Deputy Secretary Wendy Sherman met Indian Foreign Secretary Harsh Vardhan Shringla in Washington.</summary></entry>
</feed>
"""


def test_an_rss_feed_gives_one_article_per_entry(tmp_path):
    feed = tmp_path / "world.rss"
    feed.write_text(RSS, encoding="utf-8")
    items = list(__import__("kg.ingest", fromlist=["iter_inputs"]).iter_inputs([str(feed)]))
    articles = [a for a in items if isinstance(a, Article)]
    problems = [p for p in items if isinstance(p, InputProblem)]
    assert [(a.title, a.date, a.url) for a in articles] == [
        ("Scholz Meets Macron in Paris", "2023-01-22", "https://wire.example.com/2023/01/22/scholz-macron"),
        ("Lula Calls Biden", "2023-02-01", "https://wire.example.com/2023/02/01/lula-biden")]
    scholz, lula = articles
    assert "German Chancellor Olaf Scholz met French President Emmanuel Macron" in scholz.text  # content, not teaser
    assert "teaser" not in scholz.text and "alert" not in scholz.text and "<" not in scholz.text
    assert "Lula da Silva spoke with U.S. President Joe Biden" in lula.text and "<p>" not in lula.text
    assert [str(p) for p in problems] == [f"{feed}:3: feed entry has no content or summary"]


def test_an_atom_feed_read_by_content_and_built(tmp_path):
    feed = tmp_path / "readouts.txt"  # saved under a misleading name: recognised by content
    feed.write_text(ATOM, encoding="utf-8")
    rc, ds = build(tmp_path, feed)
    assert rc == EXIT_OK
    titles = {str(ds.value(a, DCTERMS.title)): a for a in ds.subjects(RDF.type, DIP.Article)}
    assert sorted(titles) == ["Secretary Blinken\u2019s Meeting with Polish Foreign Minister Rau", "Summary only"]
    rau = titles["Secretary Blinken\u2019s Meeting with Polish Foreign Minister Rau"]
    assert ds.value(rau, DCTERMS.date) == Literal("2022-03-05", datatype=XSD_DATE)  # published, not updated
    assert str(ds.value(rau, SCHEMA.url)) == "https://ministry.example.gov/readouts/blinken-rau"
    assert frozenset({"Antony J. Blinken", "Zbigniew Rau"}) in asserted_pairs(ds, DIP.metWith) or \
        frozenset({"Antony Blinken", "Zbigniew Rau"}) in asserted_pairs(ds, DIP.metWith)
    for s in evidence(ds):
        assert "<" not in s and "&lt;" not in s


def test_a_feed_with_no_entries(tmp_path, capsys):
    feed = tmp_path / "empty.atom"
    feed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    assert main(["build", str(feed), "--out", str(tmp_path / "o"), "-q"]) == EXIT_ERROR
    assert f"skipped {feed}: the feed has no entries" in capsys.readouterr().err


def test_feed_fragments_lose_markup_keep_blocks():
    assert fragment_text("<p>One.</p><p>Two <b>bold</b>.</p><script>x()</script><ul><li>Three</li></ul>") == \
        "One.\nTwo bold.\nThree"
    assert fragment_text("plain") == "plain"
