"""Entities, specified phenomenon by phenomenon: what a release names, each once, with
its class. Sentences are taken or adapted from the State Department corpus (never from
the evaluation articles)."""

from __future__ import annotations

import pytest

from kg.ingest import article_from_text
from kg.nlp import load_pipeline
from kg.pipeline import read_article

HEAD = "Diplomacy Today\n\n"


def entities(text: str, headline: str = HEAD) -> list[tuple[str, set[str]]]:
    """(class, labels) of every entity kg makes of a short article."""
    art = article_from_text(headline + text, "case.txt")
    res = read_article(load_pipeline()(art.text), art).resolution
    return [(e.cls, {e.label, *e.alt_labels}) for e in res.entities.values()]


def nodes_named(ents, label: str) -> list[str]:
    """The classes of the entities one of whose labels is ``label``."""
    return [cls for cls, labels in ents if label in labels]


# (case, text, [(class, label) that must be one entity of that class], labels no entity may have)
CASES = [
    ("adjacent person names are one name",
     "During her June 13 visit to Mogadishu, Somalia, Under Secretary for Political Affairs Victoria "
     "Nuland met with President Hassan Sheikh Mohamud to offer U.S. support.",
     [("PERSON", "Hassan Sheikh Mohamud")], ["Hassan Sheikh", "Mohamud"]),
    ("a name cut at a hyphen runs on",
     "She met with the President Moon Jae-in, she met with the Minister of Foreign Affairs Chung.",
     [("PERSON", "Moon Jae-in")], ["Moon Jae"]),
    ("a name cut after a particle runs on",
     "Secretary Blinken meets with French Foreign Minister Jean-Yves Le Drian, in Paris, France.",
     [("PERSON", "Jean-Yves Le Drian")], ["Jean-Yves Le"]),
    ("a region is no country inside it",
     "The Biden administration certainly supports the freedom of expression of the people of "
     "Central America.",
     [("PLACE", "Central America")], ["America"]),
    ("a region in lower case",
     "Our goal remains the complete denuclearization of the Korean peninsula.",
     [("PLACE", "Korean peninsula")], []),
    ("a region that begins an event's name",
     "On August 4th, Secretary Blinken continues by participating in the East Asia Summit Foreign "
     "Ministers' Meeting.",
     [("EVENT", "East Asia Summit")], ["East Asia"]),
    ("executive orders by number are agreements, one per number",
     "The Department of State designated al-Anabi as a Specially Designated Global Terrorist under "
     "Executive Order (E.O.) 13224. The designation under E.O. 13224 blocks his property.",
     [("TREATY", "Executive Order (E.O.) 13224"), ("TREATY", "E.O. 13224")], []),
    ("an act is an agreement, whatever the model reads",
     "The action is pursuant to Executive Order 13818, which builds upon and implements the Global "
     "Magnitsky Human Rights Accountability Act.",
     [("TREATY", "Global Magnitsky Human Rights Accountability Act"), ("TREATY", "Executive Order 13818")], []),
    ("a compact of ... is an agreement",
     "We enjoy such a unique and historic friendship, epitomized by our Compact of Free Association.",
     [("TREATY", "Compact of Free Association")], []),
    ("the Kremlin acting is Russia",
     "We stand with the people and government of Ukraine in the face of the Kremlin's aggression.",
     [("COUNTRY", "Kremlin")], []),
    ("a capital where something happens is a place",
     "Russia's war continues. The Under Secretary met with Saudi officials in Riyadh on Tuesday.",
     [("PLACE", "Riyadh"), ("COUNTRY", "Russia")], []),
    ("an organisation word with its 'of' phrase",
     "Much of that has been overseen by our Bureau of International Narcotics and Law Enforcement "
     "Affairs.",
     [("ORG", "Bureau of International Narcotics and Law Enforcement Affairs")], []),
    ("a body named after its organisation, and its acronym",
     "Al-Shabaab attacked Burundian soldiers serving at the African Union Transition Mission in "
     "Somalia (ATMIS) base in Ceel-Baraf, Somalia. ATMIS troops repelled the attack.",
     [("ORG", "African Union Transition Mission"), ("ORG", "ATMIS")], ["Transition Mission"]),
    ("a country an office names is in the story",
     "Secretary Robinson will travel to Tijuana on May 12 to join U.S. Ambassador to Mexico Ken "
     "Salazar and other U.S. officials.",
     [("COUNTRY", "Mexico"), ("PERSON", "Ken Salazar")], []),
    ("an adjective before a common noun is no name",
     "The agreement expands security cooperation and defense trade that enhances Transatlantic and "
     "global security, and supports Euro-Atlantic integration.",
     [], ["Transatlantic", "Euro-Atlantic"]),
    ("a longer name than the gazetteer's is another body",
     "Phee will be joined by Special Advisor for Africa Strategy Judd Devermont from the National "
     "Security Council and U.S. Embassy officials.",
     [("ORG", "National Security Council")], ["Security Council"]),
    ("an embassy of a country in a capital",
     "They discussed the recent decision regarding the ordered departure at the U.S. Embassy in Kyiv, "
     "Ukraine.",
     [("ORG", "U.S. Embassy in Kyiv"), ("COUNTRY", "Ukraine")], ["Embassy"]),
    ("the Palestinian Authority is an organisation",
     "They discussed cooperation with both Israel and the Palestinian Authority and Israeli-Palestinian "
     "relations.",
     [("ORG", "Palestinian Authority"), ("COUNTRY", "Israel")], []),
    ("member states are nobody",
     "This inaugural meeting is the first quadrennial IMRF since UN Member States endorsed the Global "
     "Compact for Safe, Orderly and Regular Migration in December 2018.",
     [("ORG", "UN")], ["States", "Member States"]),
    ("a plural acronym is no name",
     "They signed a project agreement to co-develop Air-Launched UAVs with Japan.",
     [("COUNTRY", "Japan")], ["UAVs"]),
]


@pytest.mark.parametrize("name, text, wanted, never", CASES, ids=[c[0] for c in CASES])
def test_entities(name, text, wanted, never):
    ents = entities(text)
    for cls, label in wanted:
        assert nodes_named(ents, label) == [cls], (label, ents)
    for label in never:
        assert not nodes_named(ents, label), (label, ents)


def test_one_name_read_two_ways_is_one_node():
    """A surname the model reads as an organisation once is the person named in full."""
    ents = entities("We honor Boris Nemtsov's courage. Nemtsov sought to make his country a democracy. "
                    "Among Nemtsov's final projects was a report on the war.")
    assert nodes_named(ents, "Nemtsov") == ["PERSON"]
    assert nodes_named(ents, "Boris Nemtsov") == ["PERSON"]


def test_a_ministry_named_two_ways_is_one_node():
    ents = entities("The sanctions target the Ministry of the Interior of Cuba. The Interior Ministry "
                    "has detained hundreds of protesters.")
    assert len({id(x) for x in ents if {"Ministry of the Interior", "Interior Ministry"} & x[1]}) == 1, ents


def test_an_office_glued_to_a_name_in_a_headline_is_the_person():
    ents = entities("Office of the Spokesperson\n\nAssistant Secretary of State for Consular Affairs Rena Bitter "
                    "will travel June 1-3 to Santo Domingo, Dominican Republic.",
                    headline="Assistant Secretary of State for Consular Affairs Rena Bitter Travels to the "
                             "Dominican Republic\n\n")
    assert nodes_named(ents, "Rena Bitter") == ["PERSON"]
    assert not [labels for _, labels in ents if any("Consular Affairs" in lab for lab in labels)], ents
