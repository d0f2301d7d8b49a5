"""Dependency labels and small helpers over spaCy tokens, shared by the extractors."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

# Dependency labels (ClearNLP style, as en_core_web_sm uses them).
NSUBJ, NSUBJPASS, CSUBJ = "nsubj", "nsubjpass", "csubj"
DOBJ, DATIVE, ATTR, OPRD = "dobj", "dative", "attr", "oprd"
AGENT, PREP, POBJ, PCOMP = "agent", "prep", "pobj", "pcomp"
POSS, COMPOUND, AMOD, APPOS, NMOD = "poss", "compound", "amod", "appos", "nmod"
CONJ, CC, PRECONJ = "conj", "cc", "preconj"
XCOMP, CCOMP, ADVCL, RELCL, ACL, ACOMP = "xcomp", "ccomp", "advcl", "relcl", "acl", "acomp"
NEG, AUX, AUXPASS, DET, PRT, MARK, NPADVMOD = "neg", "aux", "auxpass", "det", "prt", "mark", "npadvmod"
ROOT = "ROOT"

SUBJECTS = {NSUBJ, CSUBJ}
CLAUSAL = {XCOMP, CCOMP, ADVCL, RELCL, ACL, CONJ}


class Tokens(list):
    """``list(doc)``, with columns the extractors test on every token read once for the
    whole Doc: ``lowers`` (``lower_``), ``lemmas`` (``lemma_.lower()``), ``pos``
    (``pos_``) and ``texts`` (``text``). A pass over a sentence tests the column and makes
    use of a Token only for the few words that pass: a Token attribute is a call into
    spaCy, a list item is not. The columns come from ``Doc.to_array`` and each distinct
    string is looked up once."""

    def __init__(self, doc: Doc):
        super().__init__(doc)
        table = doc.to_array([LOWER, LEMMA, POS, ORTH, SPACY]).T.tolist() if len(doc) else [[]] * 5
        lower_ids, lemma_ids, pos_ids, orth_ids, self._spaces = table
        self._text: str | None = None
        self.lowers: list[str] = _strings(doc, lower_ids)
        self.lemmas: list[str] = [w.lower() for w in _strings(doc, lemma_ids)]
        self.pos: list[str] = [POS_NAMES[p] for p in pos_ids]
        self.texts: list[str] = _strings(doc, orth_ids)

    @property
    def text(self) -> str:
        """``doc.text``, joined once from the columns (``doc.text`` makes a Token of every
        word each time it is read)."""
        if self._text is None:
            self._text = "".join([t + " " if sp else t for t, sp in zip(self.texts, self._spaces, strict=True)])
        return self._text


#: hash -> string, for every string a Doc column has held in this process. A hash names
#: the same string in every vocabulary (spaCy hashes the string itself), and the
#: vocabulary's StringStore already keeps each of them for the process's life.
_STRING_OF: dict[int, str] = {}
#: The cache holds Python copies of those strings: emptied when it grows past this many, so a
#: run over millions of articles does not keep a second copy of every word it ever saw.
_STRING_CACHE_MAX = 500_000


def _strings(doc: Doc, ids: list[int]) -> list[str]:
    known = _STRING_OF
    if len(known) > _STRING_CACHE_MAX:
        known.clear()
    for h in set(ids).difference(known):
        known[h] = doc.vocab.strings[h]
    return [known[h] for h in ids]


def tokens(doc: Doc, toks: list[Token] | None = None) -> Tokens:
    """The Doc's :class:`Tokens` (``toks`` itself when it already is)."""
    return toks if isinstance(toks, Tokens) else Tokens(doc)


def conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it ("India, China and South Africa")."""
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def children(tok: Token, *deps: str) -> Iterator[Token]:
    return (c for c in tok.children if c.dep_ in deps)


def prep_objects(tok: Token, preps: set[str] | tuple[str, ...]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs below a token, e.g. ("with", Lavrov) for "met with Lavrov";
    multi-word prepositions such as "according to" are not split."""
    out = []
    for p in tok.children:
        if p.dep_ in (PREP, AGENT, DATIVE) and p.lower_ in preps:
            for o in p.children:
                if o.dep_ in (POBJ, PCOMP):
                    out.extend((p.lower_, c) for c in conjuncts(o))
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in (NSUBJPASS, AUXPASS) for c in verb.children)
