"""Direct quotations and their speakers.

A quotation is text between double quotes (straight or curly, which wire copy mixes)
within one paragraph. Its speaker is the subject of the reporting verb of the sentence
that holds the quotation ("..., she told the meeting"), the passive subject of "was
quoted as saying", the object of "quoted X saying", or the source of "according to X".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.arguments import attribution, expand, subjects
from kg.extract.entities import Mention
from kg.extract.factuality import factuality
from kg.extract.records import Context, RelationMention
from kg.extract.syntax import DOBJ, NSUBJPASS, children
from kg.lexicon import Lexicon

QUOTE_CHARS = {'"', "\u201c", "\u201d"}
_QUOTE_CHAR = re.compile("[" + "".join(sorted(QUOTE_CHARS)) + "]")
MIN_QUOTE_CHARS = 3


@dataclass(frozen=True)
class Quote:
    start_char: int
    end_char: int
    text: str


def find_quotes(text: str) -> Iterator[Quote]:
    """Quoted stretches, paired within a paragraph; an unclosed quote ends with it."""
    offset = 0
    for para in text.split("\n"):
        opened = None
        for hit in _QUOTE_CHAR.finditer(para):  # the few quote marks, not every character
            k, ch = hit.start(), hit.group()
            if opened is None and ch != "\u201d":
                opened = k
            elif opened is not None and ch != "\u201c":
                body = para[opened + 1 : k].strip()
                if len(body) >= MIN_QUOTE_CHARS:
                    yield Quote(offset + opened + 1, offset + k, body)
                opened = None
        offset += len(para) + 1


def _reporting_verbs(sent: Span, inside: range, reporting: frozenset[str]) -> list[Token]:
    return [t for t in sent if t.lemma_.lower() in reporting and t.pos_ == "VERB" and t.idx not in inside]


def _speaker(ctx: Context, verb: Token) -> list:
    if verb.lemma_.lower() == "quote":
        passive = [c for c in verb.children if c.dep_ == NSUBJPASS]
        if passive:
            return [a for c in passive for a in expand(ctx, c)]
        objs = list(children(verb, DOBJ))
        if objs:
            return [a for c in objs for a in expand(ctx, c)]
    return subjects(ctx, verb)


def extract_quotes(doc: Doc, mentions: list[Mention], lex: Lexicon,
                   toks: list[Token] | None = None) -> Iterator[RelationMention]:
    """One ``said`` relation per quotation whose speaker is found."""
    ctx = Context.build(doc, lex, mentions, toks)
    sents = ctx.sents
    reporting = lex.words("communication")
    ends = [s.end_char for s in sents]
    for q in find_quotes(ctx.toks.text):
        inside = range(q.start_char, q.end_char)
        # the sentences the quotation touches, then the one after it ("..." he said.)
        first = bisect.bisect_right(ends, q.start_char)
        touched = []
        for si in range(first, len(sents)):
            if sents[si].start_char >= q.end_char + 2:
                break
            touched.append(si)
        if not touched:
            continue
        candidates = touched + [touched[-1] + 1]
        speaker, verb_tok, where = [], None, touched[0]
        for si in candidates:
            if si >= len(sents):
                break
            sent = sents[si]
            verbs = _reporting_verbs(sent, inside, reporting)
            # Nearest reporting verb to the quotation first.
            verbs.sort(key=lambda t: min(abs(t.idx - q.start_char), abs(t.idx - q.end_char)))
            for v in verbs:
                speaker = _speaker(ctx, v)
                if speaker:
                    verb_tok, where = v, si
                    break
            if not speaker:
                speaker = list(attribution(ctx, sent))
                where = si
            if speaker or verbs:
                # a reporting verb whose speaker is no entity ("news agencies said"): the
                # quotation is theirs, not the next sentence's speaker's
                break
            if si not in touched:
                break
        if not speaker:
            continue
        fact = "asserted"
        if verb_tok is not None:
            fact, _ = factuality(verb_tok, lex)
            # A quotation is what was said even when what it says is denied.
            fact = "asserted" if fact != "negated" else fact
        yield RelationMention("said", tuple(speaker), literal=q.text, sent=where,
                              trigger=verb_tok.i if verb_tok is not None else sents[where].start,
                              rule="quote" if verb_tok is not None else "quote-according-to",
                              factuality=fact, confidence=0.85 if verb_tok is not None else 0.6)
