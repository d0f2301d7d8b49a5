"""Ingest: turn input paths into :class:`Article` records.

Accepted inputs: ``.txt`` files (first line is the headline), folders of them (searched
recursively), JSON Lines files (``.jsonl``, ``.jsonl.gz``) with ``text`` and optionally
``title``, ``date`` and ``url`` per line, and ``-`` for standard input.

Bad input never stops a batch: every problem becomes an :class:`InputProblem` naming the
file and the cause, and the readable articles are still returned.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cached_property
from pathlib import Path

from kg.settings import MAX_ARTICLE_BYTES

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True)
class Article:
    """One article to read. ``content_hash`` (of the normalised text) is its identity."""

    text: str
    source: str
    title: str = ""
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, and why, in one line."""

    source: str
    cause: str

    def __str__(self) -> str:
        return f"{self.source}: {self.cause}"


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no BOM, no trailing blanks: the form that is hashed and parsed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip() + "\n"


def _iso_date(value: object) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    for parse in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            return parse(value).date().isoformat()
        except (TypeError, ValueError, IndexError):
            continue
    return None


def _decode(data: bytes, source: str) -> str | InputProblem:
    if not data.strip():
        return InputProblem(source, "empty file")
    if b"\x00" in data[:8192]:
        return InputProblem(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(
            source, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )


def article_from_text(
    text: str, source: str, *, title: str | None = None, date: str | None = None, url: str | None = None
) -> Article | InputProblem:
    """An article from raw text. Without a ``title`` the first non-empty line is the
    headline; a given title (a JSON record's) is put in front of the text as its headline."""
    norm = normalise_text(text)
    if not norm.strip():
        return InputProblem(source, "empty file")
    if title and not norm.startswith(title.strip()):
        norm = normalise_text(title.strip() + "\n\n" + norm)
    title = (title or norm.split("\n", 1)[0]).strip()
    return Article(text=norm, source=source, title=title[:500], date=date, url=url)


def _read_text_file(path: Path) -> Iterator[Article | InputProblem]:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield InputProblem(str(path), f"too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    decoded = _decode(data, str(path))
    if isinstance(decoded, InputProblem):
        yield decoded
    else:
        yield article_from_text(decoded, str(path))


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _json_cause(exc: json.JSONDecodeError) -> str:
    """The whole of a JSON error: json's message ("Invalid control character at") expects
    the position after it, so the column and the character found there are added."""
    found = exc.doc[exc.pos:exc.pos + 1]
    where = "(end of line)" if found in ("", "\n", "\r") else f"(found {found!r})"
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno} {where}"


def _read_jsonl(path: Path) -> Iterator[Article | InputProblem]:
    try:
        # Bytes, decoded line by line: a line that is not UTF-8 is reported and skipped,
        # the lines after it are still read.
        with (gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")) as fh:
            for lineno, raw in enumerate(fh, 1):
                where = f"{path}:{lineno}"
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield InputProblem(where, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line)")
                    continue
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line.rstrip("\r\n"))
                except json.JSONDecodeError as exc:
                    yield InputProblem(where, f"not valid JSON: {_json_cause(exc)}")
                    continue
                text = rec.get("text") if isinstance(rec, dict) else None
                if not isinstance(text, str) or not text.strip():
                    yield InputProblem(where, "record has no 'text'")
                    continue
                if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
                    yield InputProblem(where, "record too large")
                    continue
                yield article_from_text(
                    text, where, title=(rec.get("title") or None),
                    date=_iso_date(rec.get("date")), url=rec.get("url") or None,
                )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        yield InputProblem(str(path), f"cannot read as JSON Lines: {exc}")


def iter_inputs(paths: Iterable[str], stdin: io.TextIOBase | None = None) -> Iterator[Article | InputProblem]:
    """Yield an Article or an InputProblem for every input, in a deterministic order."""
    for raw in paths:
        if raw == "-":
            stream = stdin or sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
            decoded = _decode(data, "<stdin>")
            yield decoded if isinstance(decoded, InputProblem) else article_from_text(
                decoded, "<stdin>")
            continue
        path = Path(raw)
        if not path.exists():
            yield InputProblem(raw, "no such file or folder")
        elif path.is_dir():
            from kg.web import WEB_SUFFIXES

            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or p.name.endswith(JSONL_SUFFIXES)
                                    or p.name.lower().endswith(WEB_SUFFIXES))
            )
            if not files:
                yield InputProblem(raw, "folder holds no .txt or .jsonl files (nor web pages, archives or feeds)")
            for f in files:
                yield from _read_file(f)
        else:
            yield from _read_file(path)


def _read_file(path: Path) -> Iterator[Article | InputProblem]:
    from kg.web import read_web, web_kind  # pages, web archives and feeds: kg/web.py

    kind = web_kind(path)
    if kind:
        yield from read_web(path, kind)
    elif path.name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl(path)
    else:
        yield from _read_text_file(path)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold at most, counted cheaply (files; non-empty lines of
    JSON Lines, decompressed but not parsed): the total a progress display shows while the
    inputs themselves are read lazily. None when it cannot be known in advance (standard
    input, web pages, archives and feeds)."""
    from kg.web import web_kind

    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            return None
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file()]
        elif path.exists():
            files = [path]
        else:
            total += 1  # reported as missing: one line of progress
            continue
        for f in files:
            if web_kind(f):
                return None
            if f.name.endswith(JSONL_SUFFIXES):
                try:
                    with _open_text(f) as fh:
                        total += sum(1 for line in fh if line.strip())
                except (OSError, EOFError, UnicodeDecodeError):
                    total += 1
            elif f.suffix.lower() in TEXT_SUFFIXES or f == path:
                total += 1
    return total


def read_inputs(paths: Iterable[str], stdin: io.TextIOBase | None = None, *,
                duplicates: list | None = None) -> tuple[list[Article], list[InputProblem]]:
    """All readable articles (duplicates by content dropped) and all problems. Each
    dropped duplicate is appended to ``duplicates`` as (duplicate, first) when given."""
    articles: dict[str, Article] = {}
    problems: list[InputProblem] = []
    for item in iter_inputs(paths, stdin):
        if isinstance(item, InputProblem):
            problems.append(item)
        elif item.content_hash in articles:
            if duplicates is not None:
                duplicates.append((item, articles[item.content_hash]))
        else:
            articles[item.content_hash] = item
    return list(articles.values()), problems
