"""Document structure: who speaks in a release, and names that are names.

Each text is a shape seen across the State Department corpus (bylines, "attributable
to", "released by", joint statements, headlines with verbs); the names are invented."""

from __future__ import annotations

import pytest

from kg.extract.document import find_authors, headline_end
from kg.extract.entities import extract_mentions
from kg.ingest import article_from_text
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline
from kg.pipeline import read_article


def _doc(text: str):
    return load_pipeline()(text)


def _authors(text: str) -> tuple[str, list[str]]:
    doc = _doc(text)
    lex = load_lexicon()
    mentions = extract_mentions(doc, lex)
    a = find_authors(doc, mentions, lex.name_words["headline"])
    by_start = {m.start: m for m in mentions}
    return a.source, [by_start[s].text for s in a.starts]


def _read(text: str):
    art = article_from_text(text, "t.txt")
    return read_article(_doc(art.text), art).resolution


def _labels(res) -> dict[str, str]:
    return {e.label: e.cls for e in res.entities.values()}


def _facts(res) -> set[tuple[str, str, str]]:
    ents = res.entities
    return {(ents[s.subj].label, s.prop, ents[s.obj].label if s.obj else s.literal)
            for s in res.statements if s.factuality == "asserted"}


BYLINE = ("Anniversary of the Founding of Freedonia\n\nMarta Kowalczyk, Secretary of State\n\n"
          "On behalf of the United States of America, I congratulate the people of Freedonia. "
          "We condemn the attack on the border town and we support Ukraine.\n")


@pytest.mark.parametrize("text, source, names", [
    (BYLINE, "byline", ["Marta Kowalczyk"]),
    ("Secretary Blinken's Call with Ruritanian Foreign Minister Petrov\n\nOffice of the Spokesperson\n\n"
     "The following is attributable to Spokesperson Ned Price:\n\nSecretary Blinken spoke today with "
     "Ruritanian Foreign Minister Ivan Petrov.\n", "attributable", ["Ned Price"]),
    ("Joint Statement on Syria\n\nOffice of the Spokesperson\n\nThe following statement was released by "
     "France, Germany, and the United States of America on the occasion of the anniversary:\n\n"
     "Begin Text:\n\nWe condemn the attacks.\n", "released-by", ["France", "Germany", "United States of America"]),
    ("Joint Statement by Secretary of State Antony J. Blinken and Treasury Secretary Janet L. Yellen "
     "Commending the United Kingdom\n\nOffice of the Spokesperson\n\nWe commend the United Kingdom.\n",
     "headline", ["Antony J. Blinken", "Janet L. Yellen"]),
    ("Joint Statement of the Envoys\n\nOffice of the Spokesperson\n\nRepresentatives of Egypt, France, "
     "Jordan, and the United States met in Paris on March 3.\n\nBegin Text:\n\nWe remain committed.\n",
     "begin-text", ["Egypt", "France", "Jordan", "United States"]),
    ("Visa Appointments Resume\n\nOffice of the Spokesperson\n\nWe are pleased to announce it.\n",
     "office", ["Office of the Spokesperson"]),
    ("Talks in Vienna\n\nVIENNA (Reuters) - Iran and Russia met on Monday, officials said.\n", "", []),
])
def test_the_lines_that_say_who_speaks(text, source, names):
    assert _authors(text) == (source, names)


def test_a_headline_is_the_first_line_without_a_full_stop():
    assert headline_end(_doc("Secretary Travels to Paris\n\nThe Secretary will travel.")) == 4
    assert headline_end(_doc("The Secretary met the Minister.\nThey spoke.")) == 0


def test_the_first_person_of_a_byline_is_the_author_and_the_authors_state():
    res = _read(BYLINE)
    facts = _facts(res)
    assert ("Marta Kowalczyk", "jobTitle", "Secretary of State") in facts
    assert ("Marta Kowalczyk", "officialOf", "United States") in facts
    assert ("United States", "supports", "Ukraine") in facts


def test_a_joint_statement_speaks_for_every_co_author():
    res = _read("Joint Statement on Syria\n\nOffice of the Spokesperson\n\nThe following statement was "
                "released by France, Germany, and the United States of America:\n\nBegin Text:\n\n"
                "We condemn Russia.\n")
    facts = _facts(res)
    assert {("France", "condemned", "Russia"), ("Germany", "condemned", "Russia"),
            ("United States", "condemned", "Russia")} <= facts


def test_we_inside_a_quotation_is_the_speaker_not_the_author():
    res = _read("Statement on Ruritania\n\nMarta Kowalczyk, Secretary of State\n\n"
                "Ruritanian President Ivan Petrov said: \u201cWe condemn Germany.\u201d\n")
    assert ("United States", "condemned", "Germany") not in _facts(res)


@pytest.mark.parametrize("text, name, cls", [
    ("Assistant Secretary Joey Hood Travels to Tunisia\n\nOffice of the Spokesperson\n\n"
     "Acting Assistant Secretary Joey Hood will travel to Tunis.\n", "Joey Hood", "PERSON"),
    ("Ambassador Michele J. Sison\u2019s Travel to Geneva\n\nAmbassador Michele J. Sison "
     "will travel to Geneva.\n", "Michele J. Sison", "PERSON"),
    ("Office of the Spokesperson\n\nAssistant Secretary of State for Consular Affairs Rena Bitter "
     "will travel to Tucson, Nogales, and Houston.\n", "Rena Bitter", "PERSON"),
    ("Office of the Spokesperson\n\nU.S. Ambassador at Large for International Religious Freedom "
     "Rashad Hussain will embark on his first trip abroad.\n", "Rashad Hussain", "PERSON"),
    ("Office of the Spokesperson\n\nThe Secretary met officials in Washington, D.C. on Monday.\n",
     "Washington, D.C.", "PLACE"),
    ("Office of the Spokesperson\n\nThe Assistant Secretary will travel to Tucson, Nogales, and Houston.\n",
     "Tucson", "PLACE"),
])
def test_names_are_names(text, name, cls):
    res = _read(text)
    labels = _labels(res)
    assert labels.get(name) == cls, labels
    for label in labels:
        assert "\n" not in label and not label.endswith(("\u2019s", "'s"))
        assert not label.endswith((" Travels", " Travel", " Meets")), label


def test_an_office_runs_to_the_name_and_is_the_job_title():
    res = _read("Office of the Spokesperson\n\nAssistant Secretary of State for Consular Affairs Rena Bitter "
                "will travel to Tucson.\n")
    assert ("Rena Bitter", "jobTitle", "Assistant Secretary of State for Consular Affairs") in _facts(res)
