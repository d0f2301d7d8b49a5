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
from kg.nlp import newline_tokens

#: a line opening with one of these introduces its speakers ("The following is
#: attributable to ...", "The following statement was released by ...")
_INTRO_CUES = ("attributable to", "released by", "release by", "issued by", "statement by",
               "statement from", "remarks by", "message from", "op-ed by", "released jointly by")
_HEADLINE_CUES = ("statement by", "statement from", "remarks by", "message from", "message by",
                  "op-ed by", "release by")


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
    breaks = newline_tokens(doc)
    if breaks:
        line_end = breaks[0]  # the token holding the line break ends the line before it
        last = doc[line_end - 1] if line_end > 0 else None
        if last is None or last.text in (".", "?", "!") or line_end > 60:
            return 0
        return line_end
    return 0


def lines(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of the non-empty lines of the Doc, in order."""
    # Only the tokens holding a line break matter (a token's trailing whitespace is a
    # space at most): a few per release, found without reading every token.
    out, start = [], 0
    for i in newline_tokens(doc):
        if start < i:
            out.append((start, i))
        start = i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _line_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text.strip()


#: after the cue, the list of authors ends at the first of these ("... released by A and
#: B on the occasion of ...", "... attributable to X:")
_LIST_END = {"on", "at", "in", "during", "following", "after", ":", "to", "regarding", "about", "for"}


def find_authors(doc: Doc, mentions: list[Mention], headline_words: frozenset[str] | set[str] = frozenset(),
                 max_lines: int = 6) -> Authors:
    """The author(s) of the release, from its first lines or its last one.
    ``headline_words`` ("Commending", "Welcomes") end a list of authors in a headline."""
    ls = lines(doc)
    persons_in: dict[int, Mention] = {}
    actors_in: dict[int, Mention] = {}
    covered: set[int] = set()
    for m in mentions:
        if m.kind not in ("name", "government"):
            continue
        covered.update(range(m.prefix_start, m.end))
        if m.label == "PERSON":
            persons_in.setdefault(m.start, m)
        if m.label in ("PERSON", "COUNTRY", "ORG"):
            actors_in.setdefault(m.start, m)

    def listed(start: int, end: int) -> list[int]:
        """Actors named from ``start`` until the list ends."""
        out = []
        for k in range(start, end):
            if k in actors_in:
                out.append(k)
            elif k not in covered and out and (doc[k].lower_ in _LIST_END or doc[k].pos_ in ("VERB", "AUX")
                                               or doc[k].tag_ in ("VBG", "VBZ", "VBD") or doc[k].text in headline_words):
                break
        return out

    def byline(s: int, e: int) -> bool:
        # "Antony J. Blinken, Secretary of State": a name, a comma, an office, nothing else
        first = persons_in.get(s)
        return first is not None and first.end < e and doc[first.end].text == "," and e - s <= 16 \
            and doc[e - 1].text not in (".", "?", "!") and not any(k in persons_in for k in range(first.end, e))

    office = None
    for n, (s, e) in enumerate(ls[:max_lines]):
        m = actors_in.get(s)
        if n > 0 and office is None and m is not None and m.end == e and m.label == "ORG" and m.key:
            office = s  # "Office of the Spokesperson" alone on its line
        if n > 0 and byline(s, e):
            return Authors((s,), "byline")
        low = doc[s:e].text.lower()
        if low.startswith("begin text"):
            break
        for cue in _HEADLINE_CUES if n == 0 else _INTRO_CUES:
            pos = low.find(cue)
            if pos < 0:
                continue
            base = doc[s].idx
            cue_tok = next((t.i for t in doc[s:e] if t.idx - base >= pos + len(cue)), e)
            found = listed(cue_tok, e)
            if found:
                source = "headline" if n == 0 else "attributable" if cue == "attributable to" else "released-by"
                return Authors(tuple(found), source)
    # "Representatives of A, B and C met in Washington ... Begin Text: We remain committed"
    for n, (s, e) in enumerate(ls[:max_lines]):
        if n >= 2 and doc[s:e].text.lower().startswith("begin text"):
            ps, pe = ls[n - 1]
            found = [k for k in listed(ps, pe) if actors_in[k].label in ("COUNTRY", "ORG")
                     and actors_in[k].key is not None]
            if len(found) >= 2:
                return Authors(tuple(found), "begin-text")
            break
    # a signature line at the end
    for s, e in reversed(ls[-2:]):
        if len(ls) > 2 and byline(s, e):
            return Authors((s,), "signature")
    if office is not None:
        return Authors((office,), "office")
    return Authors()


def is_first_person(tok: Token) -> bool:
    """"we", "our", "us", "I", "my", "me": the author speaking."""
    return tok.lower_ in ("we", "our", "us", "ours", "i", "my", "me") and tok.pos_ == "PRON"
