"""Extraction, specified sentence by sentence.

Each case is a short article (a headline, then the text), the triples kg must assert, and
the triples it must not assert (negated, hedged, reversed or mistyped readings). Triples
are written with entity labels: the canonical label or any alternative name of the node.
A known gap is an ``xfail`` with its reason, never a deleted case.
"""

from __future__ import annotations

import pytest

from kg.ingest import article_from_text
from kg.namespace import SYMMETRIC
from kg.nlp import load_pipeline
from kg.pipeline import read_article

HEAD = "Diplomacy Today\n\n"


def read(text: str, headline: str = HEAD):
    art = article_from_text(headline + text, "case.txt")
    res = read_article(load_pipeline()(art.text), art).resolution

    def names(key):
        e = res.entities[key]
        return {e.label, *e.alt_labels}

    out = {"asserted": set(), "other": set()}
    for s in res.statements:
        o = s.literal if s.obj is None else s.obj
        bucket = out["asserted" if s.factuality == "asserted" else "other"]
        for a in names(s.subj):
            for b in ([o] if s.obj is None else names(o)):
                bucket.add((a, s.prop, b))
    return out


def has(found: set, triple: tuple) -> bool:
    s, p, o = triple
    sym = p in SYMMETRIC
    for fs, fp, fo in found:
        if fp != p:
            continue
        if p in ("said", "jobTitle"):
            if fs == s and o.lower() in fo.lower():
                return True
        elif (fs, fo) == (s, o) or (sym and (fo, fs) == (s, o)):
            return True
    return False


T = tuple
CASES: list[tuple[str, str, list[T], list[T]]] = [
    # --- active and passive verbs, prepositional objects
    ("active verb", "Germany condemned Russia on Monday.", [("Germany", "condemned", "Russia")],
     [("Russia", "condemned", "Germany")]),
    ("passive with agent", "Ukraine was invaded by Russia in 2022.", [("Russia", "invaded", "Ukraine")],
     [("Ukraine", "invaded", "Russia")]),
    ("met with", "Foreign Minister Lena Sorensen of Denmark met with Kenyan President William Ruto in Nairobi.",
     [("Lena Sorensen", "metWith", "William Ruto")], []),
    ("spoke with: a call", "Secretary of State Antony Blinken spoke today with Turkish Foreign Minister Hakan Fidan.",
     [("Antony Blinken", "spokeWith", "Hakan Fidan")], [("Antony Blinken", "metWith", "Hakan Fidan")]),
    ("abstained on", "Brazil abstained on the resolution, which the Assembly adopted by a vote of 120 to 5.",
     [("Brazil", "abstainedFrom", "resolution")], [("Brazil", "votedFor", "resolution")]),
    ("withdrew from", "The United States withdrew from the Paris Agreement in 2020.",
     [("United States", "withdrewFrom", "Paris Agreement")], []),
    ("called on", "The European Union called on Iran to release the detained activists.",
     [("European Union", "urged", "Iran")], []),
    ("urged with object control", "Japan urged China to exercise restraint in the Taiwan Strait.",
     [("Japan", "urged", "China")], [("China", "urged", "Japan")]),
    ("sanctioned", "Canada sanctioned Belarus over the forced landing of a passenger jet.",
     [("Canada", "sanctioned", "Belarus")], [("Belarus", "sanctioned", "Canada")]),
    ("imposed sanctions on", "Britain imposed sanctions on Syria after the chemical attack.",
     [("United Kingdom", "sanctioned", "Syria")], []),
    ("sanctions on companies named by nationality", "Australia imposed sanctions on three Iranian companies.",
     [("Australia", "sanctioned", "Iran")], []),
    ("praised", "Kenya welcomed the ceasefire agreement between Ethiopia and Eritrea.",
     [("Kenya", "praised", "ceasefire agreement")], []),
    ("signed a treaty", "Armenia signed the Rome Statute in 1999.", [("Armenia", "signed", "Rome Statute")], []),
    ("suspended a treaty", "Russia suspended the New START treaty in February.",
     [("Russia", "suspended", "New START")], []),
    ("visited", "Indian Prime Minister Narendra Modi visited Ukraine in August.",
     [("Narendra Modi", "visited", "Ukraine")], []),
    ("travelled to", "Deputy Secretary of State Kurt Campbell traveled to Manila for talks.",
     [("Kurt Campbell", "visited", "Philippines")], []),
    ("detained: passive, subject is the state", "Evan Gershkovich, an American reporter, was detained in Russia.",
     [("Russia", "detained", "Evan Gershkovich")], [("Evan Gershkovich", "detained", "Russia")]),
    ("accused", "The Philippines accused China of violating international law.",
     [("Philippines", "accused", "China")], [("China", "accused", "Philippines")]),
    ("warned", "Washington warned Pyongyang against further missile tests.",
     [("United States", "warned", "North Korea")], []),
    ("rejected", "Venezuela rejected the ruling of the International Court of Justice.",
     [("Venezuela", "rejected", "International Court of Justice")], []),
    ("joined an organisation", "Finland joined NATO in April 2023.", [("Finland", "memberOf", "NATO")], []),
    ("hosted", "Egypt hosted the climate summit in Sharm el-Sheikh.", [], [("Egypt", "hosted", "Sharm el-Sheikh")]),
    # --- nominalisations
    ("possessive invasion", "Officials discussed Russia's invasion of Ukraine.", [("Russia", "invaded", "Ukraine")],
     [("Ukraine", "invaded", "Russia")]),
    ("suspension in a headline", "Experts Comment On Putin's Suspension Of New START", [
        ("Vladimir Putin", "suspended", "New START")], []),
    ("encounter between", "The encounter between Lavrov and Blinken lasted ten minutes.",
     [("Sergey Lavrov", "metWith", "Antony Blinken")], []),
    ("held talks with", "Wang Yi held talks with Australian Foreign Minister Penny Wong in Beijing.",
     [("Wang Yi", "metWith", "Penny Wong")], []),
    ("war against", "Diplomats condemned Russia's brutal war against Ukraine.",
     [("Russia", "attacked", "Ukraine")], []),
    ("call readout headline", "Secretary Blinken's Call with Qatari Prime Minister Al Thani",
     [("Antony Blinken", "spokeWith", "Al Thani")], []),
    ("aggression with nationality adjective", "Leaders condemned Russian aggression against Georgia.",
     [("Russia", "attacked", "Georgia")], []),
    # --- control, raising and coordination
    ("chose to abstain: coordination", "Several members, including India, China and South Africa, chose to abstain "
     "in the vote on the resolution.",
     [("India", "abstainedFrom", "resolution"), ("China", "abstainedFrom", "resolution"),
      ("South Africa", "abstainedFrom", "resolution")], [("India", "votedFor", "resolution")]),
    ("coordinated subjects", "France and Germany condemned Iran's missile attack.", [
        ("France", "condemned", "Iran"), ("Germany", "condemned", "Iran")], []),
    ("coordinated objects", "Canada sanctioned Iran and Belarus.",
     [("Canada", "sanctioned", "Iran"), ("Canada", "sanctioned", "Belarus")], []),
    ("participle inherits the subject", "German Foreign Minister Annalena Baerbock confronted her Russian "
     "counterpart, Sergei Lavrov, calling on Russia to return to the treaty.",
     [("Annalena Baerbock", "urged", "Russia")], []),
    ("prepared to support", "Blinken told him that Washington was prepared to support Ukraine for as long as it takes.",
     [("United States", "supports", "Ukraine")], []),
    ("reciprocal meeting", "Nikol Pashinyan and Ilham Aliyev met in Prague on Thursday.",
     [("Nikol Pashinyan", "metWith", "Ilham Aliyev")], []),
    ("three-way meeting", "Secretary Blinken met today with Japanese Foreign Minister Taro Kono and Republic of Korea "
     "Foreign Minister Kang Kyung-wha.", [("Antony Blinken", "metWith", "Taro Kono"),
                                          ("Taro Kono", "metWith", "Kang Kyung-wha")], []),
    # --- titles, appositions, offices
    ("title with nationality", "German Foreign Minister Annalena Baerbock arrived in Kyiv.",
     [("Annalena Baerbock", "officialOf", "Germany"), ("Annalena Baerbock", "jobTitle", "Foreign Minister")], []),
    ("title with of-country", "President Yoon Suk Yeol of the Republic of Korea addressed the Assembly.",
     [("Yoon Suk Yeol", "officialOf", "South Korea"), ("Yoon Suk Yeol", "jobTitle", "President")], []),
    ("counterpart apposition", "Baerbock confronted her Russian counterpart, Sergei Lavrov, on Thursday.",
     [("Sergey Lavrov", "officialOf", "Russia")], []),
    ("ministry spokeswoman", "Russian Foreign Ministry spokeswoman Maria Zakharova denied the report.",
     [("Maria Zakharova", "officialOf", "Russia"), ("Maria Zakharova", "jobTitle", "spokeswoman"),
      ("Russian Foreign Ministry", "partOf", "Russia")], []),
    ("citizenship by apposition", "Paul Whelan, an American, remains in prison.",
     [("Paul Whelan", "citizenOf", "United States")], []),
    ("citizen then name", "Russian authorities detained a U.S. citizen, Gordon Black, in Vladivostok.",
     [("Russia", "detained", "Gordon Black"), ("Gordon Black", "citizenOf", "United States")], []),
    ("hyphenated title", "Secretary-General Antonio Guterres urged both sides to show restraint.",
     [("António Guterres", "jobTitle", "Secretary-General")], []),
    # --- places, memberships, votes
    ("city, country", "The talks took place in Doha, Qatar.", [("Doha", "locatedIn", "Qatar")], []),
    ("members including", "Members of the G7, including Japan and Italy, backed the plan.",
     [("Japan", "memberOf", "G7"), ("Italy", "memberOf", "G7")], []),
    ("group that includes", "The P5+1 group, which includes France and China, met Iran in Vienna.",
     [("France", "memberOf", "P5+1"), ("China", "memberOf", "P5+1")], [("France", "metWith", "China")]),
    ("comprised of", "The G20 is comprised of 19 countries and the European Union.",
     [("European Union", "memberOf", "G20")], []),
    ("elected to", "The Assembly elected Estonia to the Economic and Social Council.",
     [("Estonia", "memberOf", "Economic and Social Council")], []),
    ("vote list in parentheses", "The text on nuclear testing was approved by a vote of 150 in favour to 2 against "
     "(Israel and United States) with 3 abstentions (Iran, Syria and Cuba).",
     [("Israel", "votedAgainst", "text on nuclear testing"), ("Iran", "abstainedFrom", "text on nuclear testing"),
      ("Cuba", "abstainedFrom", "text on nuclear testing")], [("Israel", "votedFor", "text on nuclear testing")]),
    ("vetoed by", "The Council failed to adopt a draft resolution vetoed by China and the Russian Federation.",
     [("China", "votedAgainst", "draft resolution"), ("Russia", "votedAgainst", "draft resolution")],
     [("China", "votedFor", "draft resolution")]),
    ("voted in favour of", "A Security Council resolution on Haiti was adopted on Monday. Mexico voted in favour of "
     "the resolution.", [("Mexico", "votedFor", "resolution on Haiti")], []),
    # --- negation, hedging, attribution
    ("negated meeting", "Aliyev did not meet Russian officials during the visit.", [],
     [("Ilham Aliyev", "metWith", "Russia"), ("Aliyev", "metWith", "Russia")]),
    ("no negotiations", "Blinken met Lavrov, but there were no negotiations.", [("Antony Blinken", "metWith", "Sergey Lavrov")],
     [("Antony Blinken", "negotiatedWith", "Sergey Lavrov")]),
    ("feared supply", "Leaders fear China may decide to supply Russia with arms.", [],
     [("China", "supports", "Russia")]),
    ("failed to sign", "Armenia and Azerbaijan failed to sign a peace treaty on Sunday.", [],
     [("Armenia", "signed", "peace treaty")]),
    ("conditional", "If Iran enriches uranium further, Israel would attack Iran.", [], [("Israel", "attacked", "Iran")]),
    ("capacity is not an act", "Russia has the capacity to launch an invasion of Ukraine at any moment.", [],
     [("Russia", "invaded", "Ukraine")]),
    ("prospective text", "The text would have the Assembly call on Israel to halt settlement activity.", [],
     [("General Assembly", "urged", "Israel")]),
    ("question", "Did Russia and China agree to reject the proposal?", [], [("Russia", "agreedWith", "China")]),
    ("warned not to supply", "U.S. officials have warned Beijing not to provide weapons to Moscow.",
     [("United States", "warned", "China")], [("China", "supports", "Russia")]),
    ("reported future is decided", "NATO announced that its members would suspend their participation in the CFE Treaty.",
     [("NATO", "suspended", "Treaty on Conventional Armed Forces in Europe")], []),
    # --- quotations and speakers
    ("quote with speaker after", '"We will not back down," Zelensky said on Friday.',
     [("Volodymyr Zelensky", "said", "We will not back down")], []),
    ("quoted as saying", '"There were neither talks nor a meeting," Zakharova was quoted as saying by TASS.',
     [("Zakharova", "said", "There were neither talks nor a meeting")], [("Zakharova", "metWith", "TASS")]),
    ("pronoun speaker", 'Kerry spoke in Vienna. "It is imperative that Iran work with us," he said.',
     [("John Kerry", "said", "It is imperative that Iran work with us"), ("John Kerry", "urged", "Iran")], []),
    ("statement author is I", "I congratulate President Paul Kagame on the agreement.",
     [("Joe Biden", "praised", "Paul Kagame")], []),
    # --- resolution across sentences
    ("the Secretary", "Secretary of State Antony J. Blinken arrived in Cairo. The Secretary condemned the attack on "
     "Israel by Hamas.", [("Antony Blinken", "condemned", "Hamas")], []),
    ("the two diplomats", "Blinken met Lavrov in Geneva. The two diplomats spoke briefly.",
     [("Antony Blinken", "metWith", "Sergey Lavrov")], []),
    ("the two sides agreed", "Lavrov met his Chinese counterpart, Foreign Minister Wang Yi. The two sides were in "
     "agreement.", [("Russia", "agreedWith", "China")], []),
    ("capital as actor", "Beijing condemned Tokyo for the visit.", [("China", "condemned", "Japan")], []),
    ("we in a statement", "The United States condemns the attack. We call on the Taliban to release the hostages.",
     [("United States", "urged", "Taliban")], []),
    # --- type constraints
    ("a treaty does not meet", "The minister will meet with the Comprehensive Nuclear-Test-Ban Treaty secretariat.", [],
     [("minister", "metWith", "Comprehensive Nuclear-Test-Ban Treaty")]),
]

XFAIL = {
    "statement author is I": "'I' needs a headline or byline naming the author; this case has neither",
}


@pytest.mark.parametrize("name, text, expected, forbidden", CASES, ids=[c[0] for c in CASES])
def test_sentence(name, text, expected, forbidden):
    if name in XFAIL:
        pytest.xfail(XFAIL[name])
    found = read("", headline=text + "\n\n") if name == "suspension in a headline" else read(text)
    for t in expected:
        assert has(found["asserted"], t), f"missing {t}; asserted: {sorted(found['asserted'])}"
    for t in forbidden:
        assert not has(found["asserted"], t), f"wrongly asserted {t}"


def test_hedged_statement_is_kept_with_its_cue():
    found = read("Leaders fear China may decide to supply Russia with arms.")
    assert has(found["other"], ("China", "supports", "Russia"))


def test_statement_author_from_headline():
    found = read("I congratulate President Paul Kagame on the agreement.",
                 headline="Statement from President Biden on the Agreement\n\n")
    assert has(found["asserted"], ("Joe Biden", "praised", "Paul Kagame"))


def test_table_is_large_enough():
    assert len(CASES) >= 60


def test_meeting_gets_date_and_place(tmp_path):
    from rdflib import RDF, Dataset

    from kg.cli import main
    from kg.namespace import DIP

    p = tmp_path / "feed.jsonl"
    p.write_text('{"title": "Readout", "date": "Thu, 20 Nov 2014 10:00:00 -0500", "text": "Secretary of State '
                 'John Kerry met with Iranian Foreign Minister Javad Zarif on Tuesday in Vienna."}\n')
    assert main(["build", str(p), "--out", str(tmp_path / "o"), "--quiet", "--no-html"]) == 0
    g = Dataset(default_union=True).parse(tmp_path / "o" / "graph.ttl")
    meetings = list(g.subjects(RDF.type, DIP.Meeting))
    assert len(meetings) == 1
    assert str(g.value(meetings[0], DIP.eventDate)) == "2014-11-18"
    place = g.value(meetings[0], DIP.eventPlace)
    assert str(g.value(place, RDFS_LABEL)) == "Vienna"
    assert len(set(g.objects(meetings[0], DIP.participant))) == 2


RDFS_LABEL = __import__("rdflib").RDFS.label
