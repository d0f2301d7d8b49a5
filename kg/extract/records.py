"""The records relation extraction yields, and the read-only context its stages share.

:class:`RelationMention` arguments are token indices (the heads of the argument phrases,
coordination already expanded) or string keys: of :class:`EventMention` records (a vote,
a text voted on, an agreement named by description), ``KEY:<entity key>`` for an entity
known by key, ``PAIR:OTHER`` for the other party of the conversation a readout is
about, or ``AUTHOR`` for the release speaking in its own voice. The resolver maps them
to entities.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import Mention, mention_index
from kg.extract.syntax import Tokens, tokens
from kg.lexicon import Lexicon

Arg = int | str  # token index, or the key of an EventMention / KEY:... / PAIR:OTHER / AUTHOR

#: The release's own voice: its author's state, or every co-author of a joint statement.
AUTHOR = "AUTHOR"

#: The factualities a relation mention can have. ``planned`` is a stated plan or
#: schedule ("will meet", "is set to travel"): kept with its date, never asserted.
FACTUALITIES = ("asserted", "negated", "hedged", "planned")


@dataclass(frozen=True)
class EventMention:
    """An event kg names itself: a vote, the text voted on, an agreement."""

    key: str
    label: str
    cls: str  # VOTE, TREATY, MEETING, EVENT
    sent: int
    alt_labels: tuple[str, ...] = ()

    @property
    def token(self) -> int:
        """The token the event was read from (keys end in ``@<token index>``)."""
        return int(self.key.rsplit("@", 1)[1])


@dataclass(frozen=True)
class RelationMention:
    """One relation read from one sentence, before entity resolution."""

    prop: str
    subj: tuple[Arg, ...]
    obj: tuple[Arg, ...] = ()
    literal: str | None = None
    sent: int = 0
    trigger: int = -1
    rule: str = ""
    factuality: str = "asserted"  # one of FACTUALITIES
    cue: str | None = None
    confidence: float = 0.8
    attributed_to: tuple[Arg, ...] = ()
    reciprocal: bool = False  # symmetric among all subjects ("the two sides met")
    when: str | None = None  # the date phrase of the event ("today", "March 2")
    where: int | None = None  # token of the place it happened ("in Geneva")


def replace(r: RelationMention, **changes) -> RelationMention:
    """A copy of a record with some fields changed."""
    return dataclasses.replace(r, **changes)


@dataclass
class Context:
    """What every extraction stage reads: the Doc, the lexicon, the mentions and the
    events named so far, with indexes that keep each per-article pass linear."""

    doc: Doc
    lex: Lexicon
    mentions: list[Mention]
    idx: dict[int, Mention]
    sents: list[Span]
    #: ``list(doc)`` with its columns read once (:class:`kg.extract.syntax.Tokens`)
    toks: Tokens
    events: list[EventMention] = field(default_factory=list)
    headline_topic: str | None = None
    sent_starts: list[int] = field(default_factory=list)
    mentions_by_sent: list[list[Mention]] = field(default_factory=list)
    event_by_token: dict[int, EventMention] = field(default_factory=dict)
    _treaties: list[tuple[int, Arg]] | None = None  # (token, event key or mention head), sorted
    _votes: list[tuple[int, str]] | None = None  # (sentence, event key), in order
    _dates: list[list[Span]] | None = None  # DATE entities naming a day or month, by sentence

    @classmethod
    def build(cls, doc: Doc, lex: Lexicon, mentions: list[Mention], toks: list[Token] | None = None) -> Context:
        sents = list(doc.sents)
        toks = tokens(doc, toks)
        ctx = cls(doc, lex, mentions, mention_index(mentions), sents, toks)
        ctx.sent_starts = [s.start for s in sents]
        ctx.mentions_by_sent = [[] for _ in sents]
        for m in mentions:
            if sents:
                ctx.mentions_by_sent[ctx.sent_of(m.start)].append(m)
        return ctx

    # Per token: lower-cased form, lower-cased lemma, coarse part of speech, text. The
    # per-sentence passes test these before touching a Token (a Token attribute costs a
    # call into spaCy; a list item does not).
    @property
    def lowers(self) -> list[str]:
        return self.toks.lowers

    @property
    def lemmas(self) -> list[str]:
        return self.toks.lemmas

    @property
    def pos(self) -> list[str]:
        return self.toks.pos

    @property
    def texts(self) -> list[str]:
        return self.toks.texts

    def sent_of(self, i: int) -> int:
        """The index of the sentence holding token ``i`` (binary search)."""
        if not self.sent_starts:
            return 0
        return max(0, bisect.bisect_right(self.sent_starts, i) - 1)

    def dates_in(self, si: int) -> list[Span]:
        """The date phrases of sentence ``si`` that name a day or a month ("today",
        "Monday", "March 2"), read once for the whole Doc."""
        if self._dates is None:
            cues = self.lex.words("date_cues")
            self._dates = [[] for _ in self.sents]
            for e in self.doc.ents:
                if e.label_ == "DATE" and self.sents:
                    low = e.text.lower()
                    if any(c in low for c in cues):
                        self._dates[self.sent_of(e.start)].append(e)
        return self._dates[si] if 0 <= si < len(self._dates) else []

    def add_event(self, ev: EventMention) -> None:
        self.events.append(ev)
        self.event_by_token.setdefault(ev.token, ev)
        self._treaties = self._votes = None

    def last_treaty_before(self, i: int) -> Arg | None:
        """The agreement named last before token ``i``: an event kg named or a treaty mention."""
        if self._treaties is None:
            found: list[tuple[int, Arg]] = [(e.token, e.key) for e in self.events if e.cls == "TREATY"]
            found += [(m.start, m.head) for m in self.mentions if m.label == "TREATY"]
            self._treaties = sorted(found, key=lambda x: (x[0], str(x[1])))
        k = bisect.bisect_left(self._treaties, i, key=lambda x: x[0])
        return self._treaties[k - 1][1] if k else None

    def last_vote_until(self, si: int) -> str | None:
        """The last vote event of the sentences up to ``si``."""
        votes = self._vote_index()
        k = bisect.bisect_right(votes, si, key=lambda x: x[0])
        return votes[k - 1][1] if k else None

    def first_vote_in(self, si: int) -> str | None:
        """The first vote event read from sentence ``si``."""
        votes = self._vote_index()
        k = bisect.bisect_left(votes, si, key=lambda x: x[0])
        return votes[k][1] if k < len(votes) and votes[k][0] == si else None

    def _vote_index(self) -> list[tuple[int, str]]:
        if self._votes is None:
            self._votes = [(e.sent, e.key) for e in self.events if e.cls == "VOTE"]
        return self._votes
