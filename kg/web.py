"""Web input: saved news pages, web archives (WARC) and RSS/Atom feeds as articles.

* **A page** (``.html``, ``.htm``, ``.xhtml``, or any file whose content is HTML): the
  article's main text, title, date and URL, read by trafilatura; menus, cookie banners,
  advertisements, teasers of other articles, scripts and footers are left out. The URL is
  the page's canonical URL (``<link rel=canonical>``, ``og:url``) or the browser's
  ``<!-- saved from url=... -->`` note.
* **A web archive** (``.warc``, ``.warc.gz``; read with warcio): every HTML response
  (HTTP 2xx) or HTML resource record, one article each, the record's target URI being the
  article's URL and so its identity. Other records (requests, images, redirects) are skipped.
* **A feed** saved to disk (RSS 0.9x/1.0/2.0 or Atom; read with feedparser): one article
  per entry, with its title, date, link, and its content (or else its summary) as text.

Each format is recognised by its content, not only by its name: a page saved as ``.txt``
is read as a page, and a ``.html`` file that holds no HTML is reported as such. The three
libraries are the optional extra ``web`` (``pip install 'kg[web]'``), imported when used.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from kg.ingest import Article, InputProblem, _iso_date, article_from_text
from kg.settings import MAX_ARTICLE_BYTES

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WEB_SUFFIXES = HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES  # what a folder is searched for
MAX_PAGE_BYTES = 10 * MAX_ARTICLE_BYTES  # markup, scripts and styles weigh more than the text
SNIFF_BYTES = 8192

# the first element of a document, after an XML declaration, comments, a DOCTYPE and blanks
_PROLOG = re.compile(rb"\A(?:\s+|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_HTML_TAGS = {b"html", b"head", b"body"}
_FEED_TAGS = {b"rss", b"feed", b"rdf:rdf"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PROSE = re.compile(r"(?:\w[\w'’,;:-]*\s+){5,}.*[.!?][\"'”’)]?\s*$")  # six words or more, a full stop


def kind_by_content(head: bytes) -> str | None:
    """``"warc"``, ``"feed"``, ``"html"`` or None, from the first bytes of a file."""
    if head[:2] == b"\x1f\x8b":  # gzip: a WARC archive is gzipped record by record
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return None
    head = head.lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"WARC/"):
        return "warc"
    if re.search(rb"<!DOCTYPE\s+html", head[:1024], re.I):
        return "html"
    m = _FIRST_TAG.match(head[_PROLOG.match(head).end():])
    if not m:
        return None
    tag = m.group(1).lower()
    if tag in _FEED_TAGS:
        return "feed"
    if tag in _HTML_TAGS:
        return "html"
    return None


def kind_by_name(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return None


def web_kind(path: Path) -> str | None:
    """The web format a file holds (by content), else the one its name claims, else None
    (then it is not a web file: plain text or JSON Lines)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return kind_by_name(path)
    if head[:2] == b"\x1f\x8b" and not path.name.lower().endswith(WARC_SUFFIXES):
        return None  # a gzipped JSON Lines file: not ours
    return kind_by_content(head) or kind_by_name(path)


WHAT = {"html": "an HTML page", "warc": "a WARC web archive", "feed": "an RSS or Atom feed"}


def read_web(path: Path, kind: str) -> Iterator[Article | InputProblem]:
    """The articles of one web file of the given kind, or one problem per unreadable part."""
    source = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        yield InputProblem(source, f"cannot read: {exc.strerror or exc}")
        return
    found = kind_by_content(head)
    if found != kind:
        if not head.strip():
            yield InputProblem(source, "empty file")
        else:
            yield InputProblem(source, f"named like {WHAT[kind]} but its content is "
                                       f"{WHAT[found] if found else 'not one (nor a page, feed or web archive)'}")
        return
    try:
        reader = {"html": _read_page_file, "warc": _read_warc, "feed": _read_feed}[kind]
        yield from reader(path)
    except ImportError as exc:
        yield InputProblem(source, f"reading {WHAT[kind]} needs the web extra "
                                   f"(pip install 'kg[web]'): {exc.name or exc} is not installed")


# ------------------------------------------------------------------ pages


def page_article(html: bytes | str, source: str, url: str | None = None) -> Article | InputProblem:
    """The article of one HTML page: its main text with title, date and URL (``url``, when
    given, is the page's address and identity, as a web archive records it)."""
    import trafilatura

    if isinstance(html, str):
        html = html.encode("utf-8")
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, favor_precision=True, deduplicate=False)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    # with no article in the page, trafilatura falls back to all of its text (menus, links):
    # an article has at least one sentence of prose
    if not any(_PROSE.search(line) for line in text.split("\n")):
        return InputProblem(source, "no article text found in the page (only menus, links or boilerplate)")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return InputProblem(source, f"article text too large (the limit is {MAX_ARTICLE_BYTES:,} bytes)")
    title = (doc.title or "").strip() or None
    saved = _SAVED_FROM.search(html[:SNIFF_BYTES])
    # a given URL (a WARC record's) is the page's identity; else its canonical URL, else
    # the address the browser saved it from
    page_url = url or doc.url or (saved.group(1).decode("utf-8", "replace") if saved else None)
    return article_from_text(text, source, title=title, date=_iso_date(doc.date), url=page_url)


def _read_page_file(path: Path) -> Iterator[Article | InputProblem]:
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        yield InputProblem(str(path), f"too large ({size:,} bytes; the limit for a page is {MAX_PAGE_BYTES:,})")
        return
    yield page_article(path.read_bytes(), str(path))


# ------------------------------------------------------------------ web archives


def _read_warc(path: Path) -> Iterator[Article | InputProblem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    try:
        with path.open("rb") as fh:
            for n, rec in enumerate(ArchiveIterator(fh), 1):
                url = rec.rec_headers.get_header("WARC-Target-URI")
                if rec.rec_type == "response" and rec.http_headers is not None:
                    status = rec.http_headers.get_statuscode() or ""
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                    if not status.startswith("2"):
                        continue
                elif rec.rec_type == "resource":
                    ctype = rec.rec_headers.get_header("Content-Type") or ""
                else:
                    continue
                if not ctype.lower().startswith(_HTML_TYPES):
                    continue
                where = f"{path}:{n}"
                body = rec.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(body) > MAX_PAGE_BYTES:
                    yield InputProblem(f"{where} ({url})", "page too large")
                    continue
                item = page_article(body, where, url=url or None)
                if isinstance(item, InputProblem):
                    item = InputProblem(f"{where} ({url})", item.cause)
                else:
                    pages += 1
                yield item
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, AttributeError, TypeError) as exc:
        # warcio fails on malformed records with assorted errors (AttributeError on a record
        # without a target URI): the archive is reported, the batch goes on
        yield InputProblem(str(path), f"cannot read as a WARC archive: {str(exc).strip() or type(exc).__name__}")
        return
    if not pages:
        yield InputProblem(str(path), "the archive holds no readable HTML page")


# ------------------------------------------------------------------ feeds

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "header", "footer", "ul", "ol", "table", "pre", "dd", "dt"}


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one block a line, without
    scripts, styles or markup."""
    if "<" not in html:
        return html
    import lxml.html
    from lxml_html_clean import Cleaner

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises ParserError and others on odd fragments
        return re.sub(r"<[^>]+>", " ", html)
    root = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=True,
                   page_structure=False, links=False, meta=True, embedded=True, frames=True,
                   kill_tags={"noscript", "figure", "figcaption"}).clean_html(root)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _read_feed(path: Path) -> Iterator[Article | InputProblem]:
    import feedparser

    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        yield InputProblem(str(path), f"too large ({size:,} bytes; the limit for a feed is {MAX_PAGE_BYTES:,})")
        return
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        yield InputProblem(str(path), "the feed has no entries" + (f" ({why})" if why else ""))
        return
    for n, e in enumerate(parsed.entries, 1):
        where = f"{path}:{n}"
        body = ""
        for c in e.get("content") or []:
            if c.get("value", "").strip():
                body = c["value"]
                break
        body = body or e.get("summary", "") or e.get("description", "")
        text = fragment_text(body).strip()
        if not text:
            yield InputProblem(where, "feed entry has no content or summary")
            continue
        if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
            yield InputProblem(where, "feed entry too large")
            continue
        title = fragment_text(e.get("title", "")).strip() or None
        date = _feed_date(e)
        yield article_from_text(text, where, title=title, date=date, url=e.get("link") or None)


def _feed_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return _iso_date(entry.get("published") or entry.get("updated"))
