"""The one place that mints IRIs. They are deterministic (the same name gives the same
IRI in every build and on every machine), readable where the name allows, and safe for
any input: non-Latin scripts are percent-encoded, control characters and IRI
delimiters never leak into an IRI."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from kg.namespace import RESOURCE_IRI

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LOCAL = re.compile(r"[#/:]")
_MAX_SLUG = 80


def digest(*parts: str, length: int = 16) -> str:
    """A short stable hex digest of the parts (joined with a separator no text holds)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """A lower-case, hyphenated, percent-encoded slug; never empty."""
    t = unicodedata.normalize("NFKC", text).casefold()
    # Fold accents where the letter has a Latin base ("Erdoğan" -> "erdogan").
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c)
    )
    s = _NON_WORD.sub("-", folded).strip("-_")
    if not s:
        return "x-" + digest(text, length=12)
    if len(s) > _MAX_SLUG:
        s = s[:_MAX_SLUG].rstrip("-") + "-" + digest(text, length=8)
    return quote(s, safe="-_")


def local_name(term) -> str:
    """The part of an IRI (or a prefixed name) after its last '#', '/' or ':'. Minted local
    parts are slugs, percent-encoded, so none of the three occurs inside one."""
    return _LOCAL.split(str(term))[-1]


def entity_iri(kind: str, key: str) -> URIRef:
    """An entity: ``id/<kind>/<slug of its key>``; gazetteer ids are already slugs."""
    return URIRef(f"{RESOURCE_IRI}{slug(kind)}/{slug(key)}")


def article_iri(content_hash: str) -> URIRef:
    return URIRef(f"{RESOURCE_IRI}article/{content_hash[:24]}")


def sentence_iri(content_hash: str, index: int) -> URIRef:
    return URIRef(f"{RESOURCE_IRI}article/{content_hash[:24]}/s{index}")


def statement_iri(*parts: str) -> URIRef:
    return URIRef(f"{RESOURCE_IRI}statement/{digest(*parts, length=24)}")
