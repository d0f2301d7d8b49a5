"""The lexicon is data, read strictly: every key it holds is read by the code, and a
mistake in the file is a clear error instead of a silently lost word."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from kg.errors import ConfigError
from kg.lexicon import load_lexicon
from kg.namespace import SYMMETRIC
from kg.settings import ontology_dir

KG = Path(__file__).resolve().parent.parent / "kg"


def _copy_ontology(tmp_path: Path) -> Path:
    dst = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), dst)
    return dst


def test_a_duplicate_key_is_an_error(tmp_path):
    onto = _copy_ontology(tmp_path)
    lex = onto / "lexicon.yaml"
    text = lex.read_text(encoding="utf-8")
    text = text.replace("  sanctioned:\n", "  sanctioned:\n    preps: [on]\n", 1)
    lex.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate key 'preps'"):
        load_lexicon(str(onto))


def test_a_missing_section_key_is_an_error(tmp_path):
    onto = _copy_ontology(tmp_path)
    lex = onto / "lexicon.yaml"
    lex.write_text(re.sub(r"\n  negation_verbs: .*\n", "\n", lex.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError, match="negation_verbs"):
        load_lexicon(str(onto))


def test_an_unknown_word_set_is_an_error():
    with pytest.raises(ConfigError, match="no 'no_such_words'"):
        load_lexicon().words("no_such_words")


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in KG.rglob("*.py"))


def test_every_word_set_is_read_by_the_code():
    data = yaml.safe_load((ontology_dir() / "lexicon.yaml").read_text(encoding="utf-8"))
    src = _source()
    unread = [k for k in data["word_sets"] if f'"{k}"' not in src]
    assert not unread, f"word sets nothing reads: {unread}"
    for section in ("factuality", "votes", "memberships", "speech_acts"):
        unread = [k for k in data[section] if f'"{k}"' not in src]
        assert not unread, f"{section} keys nothing reads: {unread}"


def test_symmetry_is_defined_once():
    """Symmetric properties come from kg.namespace (checked against the ontology), not
    from a flag in the lexicon."""
    data = yaml.safe_load((ontology_dir() / "lexicon.yaml").read_text(encoding="utf-8"))
    assert not any("symmetric" in spec for spec in data["properties"].values())
    from rdflib import OWL, RDF, Graph

    from kg.namespace import DIP
    onto = Graph().parse(ontology_dir() / "diplomacy.ttl")
    declared = {str(p)[len(str(DIP._NS)):] for p in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert declared == SYMMETRIC
