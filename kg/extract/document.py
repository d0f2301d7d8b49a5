"""Document structure of a release: the headline, the lines that say who speaks.

Pure functions of the spaCy Doc (and the mentions found in it). A State Department
release opens with a headline, often "Office of the Spokesperson", and then one of

* a byline or signature line alone on a line: "Antony J. Blinken, Secretary of State";
* "The following is attributable to Spokesperson Ned Price:" (also "The below is ...");
* "The following statement was released by the Governments of A, B and C:";
* a headline "Statement by / Remarks by / Joint Statement by X and Y";

and may end with a signature line. These say who the author is: the first person of the
text ("we condemn", "I am authorizing", "our Allies") is the author and the author's
state, and a joint statement speaks for every co-author.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.entities import Mention

#: a line opening with one of these introduces its speakers ("The following is
#: attributable to ...", "The following statement was released by ...")
_INTRO_CUES = ("attributable to", "released by", "issued by", "statement by", "statement from",
               "remarks by", "message from", "statement of", "op-ed by")
_HEADLINE_CUES = ("statement by", "statement from", "statement of", "remarks by", "message from",
                  "message by", "op-ed by", "readout of")


@dataclass(frozen=True)
class Authors:
    """Who speaks in the first person: the mentions (by start token) of the authors, and
    the line the first one was read from ("byline", "attributable", "released-by",
    "headline", "signature")."""

    starts: tuple[int, ...] = ()
    source: str = ""


def headline_end(doc: Doc) -> int:
    """Token index where the headline (the first line, when it has no final full stop)
    ends; 0 when the text does not open with a headline."""
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            line_end = tok.i if "\n" in tok.text else tok.i + 1
            last = doc[line_end - 1] if line_end > 0 else None
            if last is None or last.text in (".", "?", "!") or line_end > 60:
                return 0
            return line_end
    return 0


def lines(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of the non-empty lines of the Doc, in order."""
    out, start = [], 0
    for tok in doc:
        if "\n" in tok.text:
            if start < tok.i:
                out.append((start, tok.i))
            start = tok.i + 1
        elif "\n" in tok.whitespace_:
            out.append((start, tok.i + 1))
            start = tok.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _line_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text.strip()


def find_authors(doc: Doc, mentions: list[Mention], max_lines: int = 6) -> Authors:
    """The author(s) of the release, from its first lines or its last one."""
    ls = lines(doc)
    persons_in = {}
    actors_in = {}
    for m in mentions:
        if m.kind != "name":
            continue
        if m.label == "PERSON":
            persons_in.setdefault(m.start, m)
        if m.label in ("PERSON", "COUNTRY", "ORG"):
            actors_in.setdefault(m.start, m)

    def actors(start: int, end: int, persons_only: bool = False) -> list[int]:
        pool = persons_in if persons_only else actors_in
        return [k for k in range(start, end) if k in pool]

    for n, (s, e) in enumerate(ls[:max_lines]):
        low = _line_text(doc, s, e).lower()
        # "Antony J. Blinken, Secretary of State": a name, a comma, an office, nothing else
        first = persons_in.get(s)
        if first is not None and first.end < e and doc[first.end].text == "," and e - s <= 16 \
                and doc[e - 1].text not in (".", "?", "!"):
            return Authors((s,), "byline")
        for cue in _INTRO_CUES:
            pos = low.find(cue)
            if pos < 0:
                continue
            if n == 0 and cue not in _HEADLINE_CUES:
                continue
            # the actors named after the cue on this line
            cue_tok = next((t.i for t in doc[s:e] if t.idx - doc[s].idx >= pos + len(cue)), e)
            found = actors(cue_tok, e, persons_only=False)
            if n == 0:
                found = actors(cue_tok, e)
            if found:
                return Authors(tuple(found), "headline" if n == 0 else
                               "attributable" if cue == "attributable to" else "released-by")
    # a signature line at the end: "Antony J. Blinken, Secretary of State"
    for s, e in reversed(ls[-2:]):
        first = persons_in.get(s)
        if first is not None and e - s <= 16 and first.end < e and doc[first.end].text == ",":
            return Authors((s,), "signature")
    return Authors()


def is_first_person(tok: Token) -> bool:
    """"we", "our", "us", "I", "my", "me": the author speaking."""
    return tok.lower_ in ("we", "our", "us", "ours", "i", "my", "me") and tok.pos_ == "PRON"
