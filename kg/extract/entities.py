"""Entity mentions: names (gazetteer first, then spaCy NER), title-cued persons, and the
references resolution needs: pronouns, "the two diplomats", "U.S. officials", "her
Russian counterpart", "the Secretary", "the Assembly".

:func:`extract_mentions` is a pure function of the Doc; it returns the mentions sorted by
position, never overlapping.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.syntax import AMOD, COMPOUND, NMOD, POSS, tokens
from kg.lexicon import Lexicon

# spaCy NER labels kept, and the entity class each stands for.
NER_CLASS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
             "LAW": "TREATY", "EVENT": "EVENT"}
#: and the NER label that stands for each class, for spans kg makes itself
_NER_LABEL = {"ORG": "ORG", "TREATY": "LAW", "EVENT": "EVENT", "PLACE": "LOC", "PERSON": "PERSON"}
SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}
OBJECT_PRONOUNS = {"him", "her", "them", "it", "me", "us"}
POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "our", "my"}
# "the alliance", "the bloc": the organisation of that kind named before
ORG_CLASS_NOUNS = {"alliance", "bloc", "organization", "organisation", "council", "assembly", "committee",
                   "union", "commission", "court", "agency"}
ARMED_GROUP_NOUNS = {"rebels", "rebel", "militants", "militia", "militias", "fighters", "insurgents",
                     "separatists", "group", "movement", "forces"}
NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "both"}
GROUP_HEADS = {"diplomats", "sides", "ministers", "leaders", "countries", "officials", "men",
               "women", "governments", "nations", "presidents", "delegations", "parties", "two",
               "counterparts", "secretaries", "envoys", "heads"}
#: every word a reference (step 6 of :func:`extract_mentions`) can be, but for the last
#: words of the organisations an article names
_REFERENCE_WORDS = frozenset(SUBJECT_PRONOUNS | OBJECT_PRONOUNS | POSSESSIVE_PRONOUNS | NUMBER_WORDS
                             | ORG_CLASS_NOUNS)
NAME_JOINERS = {"al", "al-", "bin", "von", "van", "der", "de", "da", "la", "le", "du"}


@dataclass(frozen=True)
class Mention:
    """A stretch of text that refers to an entity (or, for references, will be resolved
    to one). ``key`` is a gazetteer key such as ``COUNTRY:russia`` when known."""

    start: int
    end: int
    text: str
    label: str  # PERSON COUNTRY ORG PLACE TREATY EVENT, or "" while unresolved
    kind: str = "name"  # name capital demonym pronoun group title counterpart government shortname
    key: str | None = None
    title: str | None = None
    affiliation: str | None = None  # key of the country or organisation an office belongs to
    former: bool = False
    plural: bool = False
    head: int = -1  # token index of the syntactic head
    ext_start: int = -1  # start of "U.S. Secretary of State" before a titled name

    @property
    def prefix_start(self) -> int:
        return self.ext_start if 0 <= self.ext_start < self.start else self.start

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


def _gaz_key(ent: Span) -> tuple[str, str | None, str]:
    """(class, gazetteer key, kind) for an entity the ruler or NER found."""
    if ent.ent_id_:
        kind, _, gid = ent.ent_id_.partition(":")
        if kind == "REGION":
            return "PLACE", None, "name"
        if kind == "CAPITAL":
            return "COUNTRY", f"COUNTRY:{gid}", "capital"
        if kind == "DEMONYM":
            return "COUNTRY", f"COUNTRY:{gid}", "demonym"
        return kind, ent.ent_id_, "name"
    return NER_CLASS.get(ent.label_, ""), None, "name"


_ROMAN = {"II", "III", "IV"}
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_POSSESSIVE_END = re.compile(r"[\u2019']s?$")


def _repaired_ents(doc: Doc, toks: list[Token], lex: Lexicon) -> list[Span]:
    """The Doc's entities with the small model's person names made whole (new Spans; the
    Doc is untouched): two person names side by side are one ("Hassan Sheikh" +
    "Mohamud"), a name cut at a hyphen or a particle runs on ("Moon Jae" + "-in",
    "Jean-Yves Le" + "Drian"), and a rank numeral before it is no part of it ("Minister
    II Erywan Yusof")."""
    out: list[Span] = []
    n = len(doc)
    for ent in doc.ents:
        if ent.ent_id_.startswith("REGION:") and ent.end < n and toks[ent.end].text[:1].isupper() \
                and toks[ent.end].is_alpha and "\n" not in toks[ent.end - 1].whitespace_:
            # "the East Asia Summit", "U.S. Indo-Pacific Command": the region names a thing
            end, cls = ent.end, None
            while end < n and toks[end].text[:1].isupper() and toks[end].is_alpha \
                    and "\n" not in toks[end - 1].whitespace_ and cls is None:
                end += 1
                cls = _name_class(toks, ent.start, end, lex)
            if cls is not None:
                out.append(Span(doc, ent.start, end, label=_NER_LABEL[cls]))
                continue
        if ent.label_ != "PERSON" or ent.ent_id_:
            out.append(ent)
            continue
        start, end = ent.start, ent.end
        while end < n:
            t = toks[end]
            if not toks[end - 1].whitespace_ and t.text in ("-", "\u2010") and end + 1 < n \
                    and not t.whitespace_ and toks[end + 1].is_alpha:
                end += 2  # "Moon Jae-in"
            elif toks[end - 1].lower_ in NAME_JOINERS and t.text[:1].isupper() and t.is_alpha:
                end += 1  # "Jean-Yves Le Drian"
            else:
                break
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == "PERSON" and not prev.ent_id_ and start - prev.end <= 2 \
                and all(toks[k].whitespace_ == " " for k in range(prev.end - 1, start)) \
                and all(toks[k].pos_ == "PROPN" and toks[k].text[:1].isupper() and toks[k].is_alpha
                        for k in range(prev.end, start)):
            start = out.pop().start  # "Hassan Sheikh" "Mohamud"; "Maria Consuelo" Porras "Argueta"
        while end - start > 2 and toks[start].text in _ROMAN:
            start += 1
        out.append(ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="PERSON"))
    return out


_OF = {"of", "for", "on", "to", "in"}


def _name_class(toks: list[Token], start: int, end: int, lex: Lexicon) -> str | None:
    """The class a name's head word gives it, whatever the model read: "the Global
    Magnitsky Human Rights Accountability Act" and "the Compact of Free Association" are
    agreements, "the Battle of Guadalcanal" and "the East Asia Summit" events, "the Anwar
    Gargash Diplomatic Academy" an organisation. The head is the word before "of"/"for"/"on"
    or the last word (a number after it, "Executive Order 13224", is the order's)."""
    k = next((k for k in range(start + 1, end) if toks[k].lower_ in _OF), end)
    while k - 1 > start and toks[k - 1].like_num:
        k -= 1
    head = toks[k - 1].text
    if not head[:1].isupper():
        return None
    for role, cls in (("treaty", "TREATY"), ("event", "EVENT"), ("org", "ORG")):
        if head in lex.name_words.get(role, ()):
            return cls
    if head in lex.org_heads:
        return "ORG"
    return None


def _org_tail(doc: Doc, toks: list[Token], i: int, by_token: dict[int, Mention],
              lex: Lexicon) -> tuple[int, list[Mention]] | None:
    """After an organisation word, its "of"/"for" phrase in capitals: where it ends and the
    mentions inside it, or None. "in" closes it with one place ("Mission in Somalia")."""
    n = len(doc)
    if i + 2 >= n or toks[i + 1].lower_ not in ("of", "for") or "\n" in toks[i].whitespace_:
        return None
    j = i + 2 + (toks[i + 2].lower_ == "the")
    end = j
    while j < n and "\n" not in toks[j - 1].whitespace_:
        t = toks[j]
        if t.text[:1].isupper() and (t.is_alpha or "-" in t.text or t.text.endswith(".")):
            j += 1
            end = j
        elif t.lower_ in ("and", "&") and j + 1 < n and toks[j + 1].text[:1].isupper():
            j += 1
        else:
            break
    if end <= i + 2 or toks[end - 1].text in lex.titles or toks[end - 1].lower_ in lex.titles:
        return None
    if end + 1 < n and toks[end].lower_ == "in":
        m = by_token.get(end + 1)
        if m is not None and m.start == end + 1 and m.label == "COUNTRY" and m.kind == "name":
            end = m.end  # "Mission in Somalia"
    inner = list({id(m): m for k in range(i, end) if (m := by_token.get(k)) is not None}.values())
    if any(m.start < i or m.end > end or m.label == "PERSON" or m.kind not in ("name", "demonym", "capital")
           for m in inner):
        return None
    if any(m.key and m.label == "ORG" and (m.start, m.end) == (i + 2 + (toks[i + 2].lower_ == "the"), end)
           for m in inner):
        return None  # "Secretariat of the United Nations"? no: the whole tail is one known body
    return end, inner


def _embassy(doc: Doc, toks: list[Token], i: int, out: list[Mention], taken: set[int]) -> None:
    """"the United States Embassy", "the U.S. Embassy in Nairobi", "our Embassy in Kenya":
    a mission of a country (its name or nationality before it) in a country or a capital
    (after "in") is an organisation of its own, named with both."""
    before = next((m for m in out if m.end == i and m.label == "COUNTRY" and m.kind in ("name", "demonym")), None)
    after = None
    if i + 2 < len(doc) and toks[i + 1].lower_ == "in":
        after = next((m for m in out if m.start == i + 2 and m.label == "COUNTRY" and m.kind in ("name", "capital")),
                     None)
    if before is None and after is None:
        return
    start = before.start if before is not None else i
    end = after.end if after is not None else i + 1
    for m in (before, after):
        if m is not None:
            out.remove(m)
            taken.difference_update(range(m.start, m.end))
    taken.update(range(start, end))
    out.append(Mention(start, end, doc[start:end].text, "ORG", "name",
                       affiliation=before.key if before is not None else None, head=i))


def _span_head(doc: Doc, start: int, end: int) -> int:
    span = doc[start:end]
    return span.root.i


class _TitleMatcher:
    """Longest-match of job titles, token by token, case-insensitive; plural aware."""

    def __init__(self, lex: Lexicon):
        from spacy.lang.en import English

        tokenizer = English().tokenizer  # "Secretary-General" is three tokens in the text too
        self.titles = {tuple(t.text for t in tokenizer(title)) for title in lex.titles}
        self.maxlen = max((len(t) for t in self.titles), default=0)
        self.first = {t[0] for t in self.titles} | {t[0] + "s" for t in self.titles if len(t) == 1}

    def match_at(self, doc: Doc, i: int, lowers: list[str]) -> tuple[int, str, bool] | None:
        if lowers[i] not in self.first:
            return None
        for n in range(min(self.maxlen, len(doc) - i), 0, -1):
            words = lowers[i : i + n]
            plural = False
            key = tuple(words)
            if key not in self.titles and words[-1].endswith("s"):
                key = (*words[:-1], words[-1][:-1])
                plural = True
            if key in self.titles:
                first = doc[i]
                # "minister" in running text is a common noun; a title before a name is
                # capitalised, except the spokesperson family ("spokeswoman Maria Zakharova").
                if not (first.text[0].isupper() or key[0].startswith("spokes")):
                    return None
                return i + n, doc[i : i + n].text, plural
        return None


_MATCHERS: dict[int, _TitleMatcher] = {}


def _is_title_case(sent: Span) -> bool:
    """A headline set in title case, where capitals say nothing about names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def _title_matcher(lex: Lexicon) -> _TitleMatcher:
    if id(lex) not in _MATCHERS:
        _MATCHERS[id(lex)] = _TitleMatcher(lex)
    return _MATCHERS[id(lex)]


def _person_name_after(doc: Doc, i: int, ents_at: dict[int, Span]) -> int:
    """End of a person's name starting at token i, or i if none starts there."""
    if i >= len(doc):
        return i
    ent = ents_at.get(i)
    if ent is not None and ent.label_ == "PERSON":
        return ent.end
    if ent is not None and ent.ent_id_.split(":")[0] in ("COUNTRY", "CAPITAL", "DEMONYM", "ORG", "TREATY"):
        return i
    j = i
    while j < len(doc):
        t = doc[j]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_punct or j > i and t.lower_ in NAME_JOINERS:
            j += 1
        elif j > i and len(t.text) == 2 and t.text[0].isupper() and t.text[1] == ".":
            j += 1  # middle initial
        else:
            break
    while j > i and doc[j - 1].lower_ in NAME_JOINERS:
        j -= 1
    return j


#: words of rank before a title ("Under Secretary", "First Vice Foreign Minister")
_RANKS = {"Under", "Vice", "Deputy", "Assistant", "Acting", "Principal", "First", "Senior", "Chief"}
_CONNECTORS = {"for", "of", "and", "the", ",", "-", "at", "on", "to", "&", "with", "in"}


def _office_extension(doc: Doc, toks: list[Token], t_end: int, ents_at: dict[int, Span],
                      lex: Lexicon) -> tuple[int, str | None] | None:
    """After a title, the rest of an office before the holder's name: "for Consular
    Affairs", "at Large for International Religious Freedom", "of Ukraine". Returns where
    the name starts and the country or organisation an "of" office names, or None."""
    if t_end >= len(doc) or toks[t_end].lower_ not in ("for", "of", "at", "-", "to", "on"):
        return None
    office_words = lex.name_words.get("office", set())
    j, aff = t_end, None
    kinds: list[tuple[int, str]] = []  # (token, "o" office word / "c" connector / "n" name word)
    while j < len(doc) and j - t_end < 20:
        t = toks[j]
        if "\n" in t.text or (j > t_end and "\n" in toks[j - 1].whitespace_):
            break
        ent = ents_at.get(j)
        if t.lower_ in _CONNECTORS:
            kinds.append((j, "c"))
        elif t.text in office_words or t.lower_ in lex.titles:
            kinds.append((j, "o"))
        elif ent is not None and ent.ent_id_ and ent.label_ != "PERSON":
            cls, key, _ = _gaz_key(ent)
            if toks[t_end].lower_ == "of" and cls in ("COUNTRY", "ORG"):
                aff = key
            kinds.extend((k, "o") for k in range(j, ent.end))
            j = ent.end
            continue
        elif t.text[:1].isupper() and t.is_alpha or (len(t.text) == 2 and t.text.endswith(".")):
            kinds.append((j, "n"))
            if ent is not None and ent.label_ == "PERSON" and ent.end == j + 1:
                j += 1
                break  # the holder's name, as the model reads it, ends the office
        else:
            break
        j += 1
    while kinds and kinds[-1][1] == "c":
        kinds.pop()
    j = kinds[-1][0] + 1 if kinds else t_end
    last_office = max((k for k, kind in kinds if kind != "n"), default=-1)
    name_start = last_office + 1
    if name_start <= t_end or name_start >= j:
        return None
    name = toks[name_start:j]
    if any(t.pos_ != "PROPN" for t in name if len(t.text) > 2):
        return None
    if len(name) < 2 and not (ents_at.get(name_start) is not None and ents_at[name_start].label_ == "PERSON"):
        return None
    return name_start, aff


def _bylines(doc: Doc, toks: list[Token], lowers: list[str], tm: _TitleMatcher,
             ents_at: dict[int, Span]) -> list[Mention]:
    from kg.extract.document import lines

    out = []
    for s, e in lines(doc):
        if e - s > 16 or toks[e - 1].text in (".", "?", "!", ":"):
            continue
        comma = next((k for k in range(s, e) if toks[k].text == ","), None)
        if comma is None or not 2 <= comma - s <= 5 or comma + 1 >= e:
            continue
        name = toks[s:comma]
        if not all(t.text[:1].isupper() and (t.is_alpha or t.text.endswith(".") or "-" in t.text)
                   for t in name):
            continue
        ent = ents_at.get(s)
        if ent is not None and ent.label_ != "PERSON" or any(
                ents_at.get(k) is not None and ents_at[k].ent_id_ and not ents_at[k].ent_id_.startswith("PERSON:")
                for k in range(s, comma)):
            continue
        if not any(tm.match_at(doc, k, lowers) for k in range(comma + 1, e)):
            continue
        aff = None
        for k in range(comma + 1, e):
            oe = ents_at.get(k)
            if oe is not None:
                cls, key, _ = _gaz_key(oe)
                if key and cls in ("COUNTRY", "ORG"):
                    aff = key
                    break
        gkey = ent.ent_id_ if ent is not None and ent.ent_id_.startswith("PERSON:") else None
        title = doc[comma + 1:e].text.strip()
        out.append(Mention(s, comma, doc[s:comma].text, "PERSON", "name", key=gkey, title=title,
                           affiliation=aff, head=_span_head(doc, s, comma), ext_start=e))
    return out


_LOCATIVE = {"in", "to", "from", "at", "near", "visit", "visited", "visiting", "visits", "outside"}
_DC = {"D.C.", "DC", "D.C"}


def _places(doc: Doc, toks: list[Token], out: list[Mention], lex: Lexicon) -> list[Mention]:
    """Cities, states and regions of the geographic gazetteer are places, whatever the
    model read ("Tucson" as an organisation, "Ciudad Juarez" as a person) when the text
    uses them as places: after "in", "to", "from", or before ", <country>". "Washington,
    D.C." is one place."""
    from kg.geo import place_index

    geo = place_index(lex)
    starts = {m.start: m for m in out}
    persons = {p for m in out if m.label == "PERSON" and m.kind == "name" and " " in m.text for p in m.text.split()}
    res = []
    skip_to = -1
    for m in out:
        if m.start < skip_to:
            continue
        if m.kind == "capital" and m.end + 1 < len(doc) and (
                toks[m.end].text in _DC or toks[m.end].text == "," and toks[m.end + 1].text in _DC):
            end = m.end + 1 if toks[m.end].text in _DC else m.end + 2
            res.append(Mention(m.start, end, doc[m.start:end].text, "PLACE", "name", head=m.start))
            skip_to = end
            continue
        if m.label == "PLACE" and m.key is None and m.kind == "name" and m.end - m.start == 1 and m.start > 0 \
                and m.text.lower() not in geo and (toks[m.start - 1].text[:1].isupper() or toks[m.start - 1].text == "-"):
            continue  # "Partnership" of "the U.S.-Albania Strategic Partnership": a fragment, not a place
        if m.text.split()[-1] in _DC and m.label != "PLACE" and len(m.text.split()) > 1:
            m = replace(m, label="PLACE", key=None, kind="name")  # "Washington D.C."
        elif m.key is None and m.kind == "name" and m.label in ("ORG", "PERSON", "EVENT") and m.text not in persons:
            place = geo.get(m.text.lower())
            if place is not None:
                b = m.start - 1
                while b > 0 and toks[b].lower_ == "the":
                    b -= 1
                before = toks[b].lower_ if b >= 0 else ""
                after = starts.get(m.end + 1) if m.end < len(doc) and toks[m.end].text == "," else None
                if before in _LOCATIVE or (after is not None and after.label in ("COUNTRY", "PLACE")) \
                        or place.kind == "region" or place.kind == "state" and m.label != "PERSON":
                    m = replace(m, label="PLACE")
        res.append(m)
    return res


def _trigger_form(word: str, lex: Lexicon) -> bool:
    """"Travels", "Meets", "Commending": a form of a trigger verb or noun."""
    w = word.lower()
    forms = {w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-1] if w.endswith("d") else w}
    return any(f in lex.verbs or f in lex.nouns for f in forms if f)


def _tidy(m: Mention, doc: Doc, toks: list[Token], lex: Lexicon, headline_end: int) -> Mention | None:
    """A name as a name: no line break, no trailing possessive and what follows it
    ("Sherman's Call"), no headline word at either edge ("Joey Hood Travels", "Joint
    Statement"). None when nothing of a name is left."""
    if m.key is not None or m.kind != "name" or m.label not in ("PERSON", "ORG", "PLACE", "TREATY", "EVENT"):
        return m
    start, end = m.start, m.end
    for k in range(start, end):
        if "\n" in toks[k].text:
            end = k
            break
        if "\n" in toks[k].whitespace_:
            end = k + 1
            break
    for k in range(start + 1, end):
        if toks[k].tag_ == "POS" or toks[k].text in ("'s", "\u2019s", "'", "\u2019"):
            end = k
            break
        if toks[k].text == "(" and not any(toks[x].text == ")" for x in range(k + 1, end)):
            end = k  # "Cuban Revolutionary National Police (Policía": the name ends before
            break
    headline = lex.name_words.get("headline", set())

    def noise(k: int) -> bool:
        t = toks[k]
        return t.text in headline or t.is_punct or t.is_space or (
            k < headline_end and t.text[:1].isupper() and _trigger_form(t.text, lex))

    while end > start and noise(end - 1):
        end -= 1
    while start < end and (noise(start) or toks[start].lower_ in ("the", "a", "an")):
        start += 1
    if start >= end:
        return None
    first, last = toks[start], toks[end - 1]
    if first.text[:1].islower() and first.lower_ not in NAME_JOINERS and m.label in ("ORG", "PERSON"):
        return None  # "united plea": the model's guess, not a name
    if end - start == 1 and (first.lower_ in lex.group_nouns or first.lower_ in lex.titles):
        return None  # "our Allies", "UN Member States"; a title alone ("Counselor") names nobody
    office = lex.name_words.get("office", ())
    if m.label in ("ORG", "PLACE") and (last.text in office or first.text in office) and first.text not in lex.org_heads \
            and start > 0 and toks[start - 1].lower_ in ("of", "for", "and", ","):
        return None  # "Pacific Affairs" of "the Bureau of East Asian and Pacific Affairs"; "Secretary for Relations with States"
    one_word = all(not toks[k].whitespace_ for k in range(start, end - 1))
    if one_word and m.label != "PERSON" and (
            (last.dep_ == AMOD or last.dep_ == COMPOUND and last.pos_ == "ADJ")
            and last.head.pos_ == "NOUN" and last.head.text.islower()
            or _PLURAL_ACRONYM.match(first.text)):
        return None  # "a united Transatlantic response", "Euro-Atlantic integration"; "UAVs", "NGOs"
    if (start, end) == (m.start, m.end):
        return m
    return replace(m, start=start, end=end, text=doc[start:end].text, head=_span_head(doc, start, end))


def extract_mentions(doc: Doc, lex: Lexicon, toks: list[Token] | None = None) -> list[Mention]:
    """All mentions in the Doc, sorted, non-overlapping. ``toks`` is the Doc's
    :class:`~kg.extract.syntax.Tokens` if the caller has it (read once for every stage)."""
    toks = tokens(doc, toks)
    ents = _repaired_ents(doc, toks, lex)
    ents_at = {}
    for ent in ents:
        for k in range(ent.start, ent.end):
            ents_at.setdefault(k, ent)
    ents_start = {e.start: e for e in ents}
    taken: set[int] = set()
    out: list[Mention] = []

    def add(m: Mention) -> None:
        if any(k in taken for k in range(m.start, m.end)):
            return
        taken.update(range(m.start, m.end))
        out.append(m)

    def affiliation_at(j: int) -> tuple[str | None, int]:
        """Gazetteer key of a country/org mention ending at token j (inclusive), possibly
        in the possessive ("Iran's Foreign Ministry")."""
        if j > 0 and doc[j].tag_ == "POS":
            j -= 1
        ent = ents_at.get(j)
        if ent is not None and ent.end == j + 1:
            cls, key, _ = _gaz_key(ent)
            if key and cls in ("COUNTRY", "ORG"):
                return key, ent.start
        return None, j + 1

    # 1. Organisations named with a nationality: "Russian Foreign Ministry", "Chinese side".
    for ent in ents:
        if ent.label_ == "ORG" and not ent.ent_id_ and ent.start > 0:
            key, s = affiliation_at(ent.start - 1)
            if key and key.startswith("COUNTRY"):
                text = doc[s : ent.end].text
                add(Mention(s, ent.end, text, "ORG", "name", key=None, affiliation=key,
                            head=_span_head(doc, s, ent.end)))

    # 2. Titles and the persons they introduce.
    tm = _title_matcher(lex)
    lowers = toks.lowers
    # A byline or signature line, "Ned Price, Department Spokesperson", alone on its line:
    # the name is a person's whatever the model reads, the rest of the line the office.
    for m in _bylines(doc, toks, lowers, tm, ents_at):
        add(m)
        taken.update(range(m.start, m.ext_start if m.ext_start > m.start else m.end))
    i = 0
    while i < len(doc):
        if i in taken:
            i += 1
            continue
        hit = tm.match_at(doc, i, lowers)
        org = ents_at.get(i)
        if hit and org is not None and org.ent_id_.startswith("ORG:") and hit[0] <= org.end:
            hit = None  # "Office of the Spokesperson" is an office, not a title
        if not hit:
            i += 1
            continue
        t_end, title, plural = hit
        k = i
        while k > 0 and toks[k - 1].text[:1].isupper() and (k - 1) not in taken and (
                toks[k - 1].text in _RANKS or toks[k - 1].pos_ in ("PROPN", "NOUN", "ADJ")
                and (k - 1) not in ents_at and not toks[k - 1].is_sent_start
                and toks[k - 1].lower_ not in ("former", "then")):
            k -= 1  # "External Affairs Minister", "Home Affairs Minister"
        if k < i and title.split()[0].lower() in ("minister", "secretary", "commissioner", "representative"):
            title = doc[k:t_end].text
            i = k
        aff, aff_start = affiliation_at(i - 1) if i > 0 else (None, i)
        if aff is None and i > 0:
            # "Russian Foreign Ministry spokeswoman": the org made in step 1 just before.
            org = next((m for m in out if m.end == i and m.label == "ORG"), None)
            if org is not None:
                aff = org.affiliation
        former = any(t.lower_ in ("former", "ex", "then") for t in doc[max(0, aff_start - 2) : i])
        office = _office_extension(doc, toks, t_end, ents_at, lex)
        if office is not None and not plural:
            # "Assistant Secretary of State for Consular Affairs Rena Bitter": the office
            # runs to the name; "President of Ukraine Volodymyr Zelenskyy" names its country
            name_start, office_aff = office
            title = doc[i:name_start].text.rstrip(" ,")
            t_end = name_start
            if aff is None and office_aff is not None:
                aff = office_aff
        if t_end + 1 < len(doc) and toks[t_end].text in _ROMAN and ents_start.get(t_end + 1) is not None \
                and ents_start[t_end + 1].label_ == "PERSON":
            t_end += 1  # "Foreign Minister II Erywan Yusof": the rank numeral is the office's
        n_end = _person_name_after(doc, t_end, ents_at)
        inner = tm.match_at(doc, t_end, lowers) if n_end > t_end else None
        if inner is not None and inner[0] < n_end:
            t_end = inner[0]  # "Secretary of State Cardinal Pietro Parolin": the name follows both
        if n_end > t_end and not plural:
            name_ent = ents_at.get(t_end)
            gkey = name_ent.ent_id_ if name_ent is not None and name_ent.ent_id_.startswith("PERSON:") else None
            # "President Yoon Suk Yeol of the Republic of Korea"
            if aff is None and n_end + 1 < len(doc) and doc[n_end].lower_ == "of":
                k = n_end + 1 + (doc[n_end + 1].lower_ == "the")
                ent = ents_start.get(k)
                if ent is not None:
                    cls, key, _ = _gaz_key(ent)
                    if key and cls in ("COUNTRY", "ORG"):
                        aff = key
            add(Mention(t_end, n_end, doc[t_end:n_end].text, "PERSON", "name", key=gkey,
                        title=title, affiliation=aff, former=former,
                        head=_span_head(doc, t_end, n_end), ext_start=min(i, aff_start)))
            taken.update(range(i, t_end))
            i = n_end
        else:
            # "the Secretary", "the Foreign Minister's statement", "Foreign Ministers"
            add(Mention(i, t_end, title, "", "title", title=title, affiliation=aff,
                        plural=plural, head=t_end - 1))
            i = t_end

    # 3. Counterparts: "her Russian counterpart", "his Chinese counterpart".
    # (The passes below test a word's form first, on lists read once, and make a Token
    # only of the few words that pass: reading attributes of every Token in every pass was
    # most of this function's cost.)
    for i, low in enumerate(lowers):
        if low in ("counterpart", "counterparts") and i not in taken:
            tok = toks[i]
            aff = None
            for c in tok.children:
                if c.dep_ in (AMOD, COMPOUND, NMOD):
                    ent = ents_at.get(c.i)
                    if ent is not None:
                        cls, key, _ = _gaz_key(ent)
                        if cls == "COUNTRY":
                            aff = key
            if aff:
                start = min([tok.i] + [c.i for c in tok.children if c.i < tok.i])
                add(Mention(start, tok.i + 1, doc[start : tok.i + 1].text, "", "counterpart",
                            affiliation=aff, plural=tok.lower_.endswith("s"), head=tok.i))

    # 4. Governments named by nationality: "U.S. officials", "the Syrian authorities".
    for i, low in enumerate(lowers):
        if low not in lex.government_nouns or i in taken:
            continue
        tok = toks[i]
        if tok.pos_ in ("NOUN", "PROPN") and tok.text.islower():
            for p in tok.children:
                # "the representative of the United Kingdom"
                if p.dep_ == "prep" and p.lower_ == "of":
                    for o in p.children:
                        ent = ents_at.get(o.i) if o.dep_ == "pobj" else None
                        if ent is None:
                            continue
                        if o.conjuncts or any(doc[k].conjuncts for k in range(ent.start, ent.end)):
                            continue  # "the ministers of A and B": two countries, read at the relation
                        if ent is not None and _gaz_key(ent)[0] == "COUNTRY" and not any(
                                k in taken for k in range(tok.i, ent.end)):
                            add(Mention(tok.i, ent.end, doc[tok.i:ent.end].text, "COUNTRY", "government",
                                        key=_gaz_key(ent)[1], head=tok.i))
            for c in tok.children:
                if c.dep_ in (AMOD, COMPOUND, NMOD, POSS) and c.i < tok.i:
                    ent = ents_at.get(c.i)
                    if ent is None:
                        continue
                    cls, key, _ = _gaz_key(ent)
                    if cls == "COUNTRY" and key:
                        start = min(ent.start, *(x.i for x in tok.children if x.i < tok.i and x.dep_ != "det"))
                        add(Mention(start, tok.i + 1, doc[start : tok.i + 1].text, "COUNTRY",
                                    "government", key=key, head=tok.i, plural=tok.tag_ == "NNS"))
                        break

    # Executive orders by number ("Executive Order 13224", "E.O. 13818", "Executive Order
    # (E.O.) 13382"): agreements of the state that issues them, one node per number.
    for tok in toks:
        if not (tok.like_num and tok.text.isdigit() and len(tok.text) == 5) or tok.i < 1:
            continue
        j = tok.i
        if toks[j - 1].text == ")" and j >= 4 and toks[j - 3].text == "(":
            j -= 3  # "Executive Order (E.O.) 13382"
        if j >= 2 and toks[j - 2].lower_ == "executive" and toks[j - 1].lower_ == "order":
            start = j - 2
        elif toks[j - 1].text in ("E.O.", "EO", "E.O"):
            start = j - 1
        else:
            continue
        add(Mention(start, tok.i + 1, doc[start:tok.i + 1].text, "TREATY", "name",
                    key=f"TREATY:Executive Order {tok.text}", head=tok.i))

    # 5. Named entities: gazetteer first (the ruler ran before NER), then the model's.
    labels_by_text: dict[str, Counter] = {}
    for ent in ents:
        cls, key, _ = _gaz_key(ent)
        if cls:
            labels_by_text.setdefault(ent.text, Counter())[cls] += 1
    person_names = {m.text for m in out if m.label == "PERSON"}
    # and the names the model reads as persons somewhere: "Nemtsov" after "Boris Nemtsov"
    person_names |= {_POSSESSIVE_END.sub("", e.text) for e in ents
                     if e.label_ == "PERSON" and not e.ent_id_ and " " in e.text}
    person_words = {w for n in person_names for w in n.split()}  # one look-up, not one per name
    for ent in ents:
        cls, key, kind = _gaz_key(ent)
        if not cls and ent.label_ in ("WORK_OF_ART", "PRODUCT", "NORP") and len(ent) > 1:
            # "The Memorandum of Understanding", "The Battle of Guadalcanal" as a title
            cls = _name_class(toks, ent.start, ent.end, lex) or ""
        if not cls:
            continue
        start, end = ent.start, ent.end
        while start < end and toks[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and toks[end - 1].tag_ == "POS":
            end -= 1  # "Lempert's"
        if start >= end:
            continue
        if key is None and cls != "PERSON":
            # "Consular Affairs Rena Bitter" (an office glued to a name in a headline): the
            # person named in full elsewhere, without the office
            text = f" {doc[start:end].text} "
            for holder in (n for n in person_names if len(n.split()) >= 2 and f" {n} " in text):
                hit = next(((a, b) for a in range(start + 1, end) for b in range(a + 2, end + 1)
                            if doc[a:b].text == holder), None)
                if hit is not None:
                    (start, end), cls = hit, "PERSON"
                    break
        if key is None and not ent.ent_id_.startswith("REGION:"):
            span = doc[start:end]
            if span[0].is_stop or span[-1].is_stop or span[-1].is_punct or span[0].is_punct:
                continue
            if any(t.lower_ in lex.verbs or t.lower_ in lex.nouns for t in span) and cls != "PERSON" \
                    and not (end - start > 1 and _name_class(toks, start, end, lex)):
                continue  # "Meeting", "Joint Statement"; but "the East Asia Summit" is a name
            if any(t.like_num for t in span) and cls == "PERSON":
                continue
            # Type voting: a name tagged a person anywhere, or named after a title, is a person.
            if span.text in person_names or span.text in person_words:
                cls = "PERSON"
            else:
                votes = labels_by_text.get(ent.text, Counter())
                cls = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else cls
        if key is not None and cls == "ORG" and kind == "name" and start > 0:
            j = start
            while j > 0 and toks[j - 1].text[:1].isupper() and toks[j - 1].is_alpha and toks[j - 1].pos_ in ("PROPN", "ADJ") \
                    and not toks[j - 1].is_sent_start and toks[j - 1].lower_ not in lex.titles \
                    and (ents_at.get(j - 1) is None or not ents_at[j - 1].ent_id_
                         or ents_at[j - 1].ent_id_.startswith("DEMONYM:")):
                j -= 1
            inside = [m for m in out if j <= m.start < start]
            if j < start and all(m.end <= start and m.kind in ("name", "demonym") and m.label != "PERSON"
                                 for m in inside):
                # "the National Security Council", "the Kenyan Red Cross": another body than
                # the one the gazetteer's shorter name is
                for m in inside:
                    out.remove(m)
                    taken.difference_update(range(m.start, m.end))
                dem = ents_at.get(j)
                aff = _gaz_key(dem)[1] if dem is not None and dem.ent_id_.startswith("DEMONYM:") else None
                add(Mention(j, end, doc[j:end].text, "ORG", "name", affiliation=aff, head=_span_head(doc, j, end)))
                continue
        if key is None and end < len(doc) and toks[end].lower_ in ARMED_GROUP_NOUNS:
            cls = "ORG"  # "M23 rebels", "Houthi militants": the name is the group's
        elif key is None and cls != "PERSON" and end - start > 1:
            cls = _name_class(toks, start, end, lex) or cls
        add(Mention(start, end, doc[start:end].text, cls, kind, key=key,
                    head=_span_head(doc, start, end)))

    # Organisations named by a capitalised phrase ending in an organisation word
    # ("Sudanese Armed Forces", "the Rapid Support Forces"), which NER often misses.
    # (a sentence with a full stop is body text, however many names it lists)
    # (read only for the sentences a head word is found in: most have none)
    title_case: dict[int, bool] = {}

    def in_title_case(tok: Token) -> bool:
        s = tok.sent
        if s.start not in title_case:
            title_case[s.start] = _is_title_case(s) and not any(t.text in (".", "!", "?") for t in s[-3:])
        return title_case[s.start]

    for m in [m for m in out if m.key is None and m.kind == "name" and m.end - m.start == 1
              and m.text in lex.name_words.get("org", ())]:
        out.remove(m)  # "Embassy" alone: the model's guess; the pass below names it whole
        taken.difference_update(range(m.start, m.end))
    by_token = {k: m for m in out for k in range(m.start, m.end)}
    heads = lex.org_heads | lex.name_words.get("treaty", set()) | lex.name_words.get("event", set())
    texts = toks.texts
    for i, text in enumerate(texts):
        if text not in heads and text not in lex.org_heads:
            continue
        tok = toks[i]
        if tok.text in heads and tok.i not in taken and not in_title_case(tok):
            tail = _org_tail(doc, toks, tok.i, by_token, lex)
            if tail is not None:
                # "the Bureau of International Narcotics and Law Enforcement Affairs", "the
                # Council of the European Union", "the Central Bank of Syria": the head
                # word with its "of" phrase; what the model read inside gives way
                end, inner = tail
                if tok.lower_ == "government" and len(inner) == 1 and inner[0].label == "COUNTRY" \
                        and inner[0].end == end:
                    continue  # "the Government of Sudan" is Sudan (step 4 reads it so)
                j = tok.i
                while j > 0 and toks[j - 1].text[:1].isupper() and (j - 1) not in taken \
                        and not toks[j - 1].is_sent_start and toks[j - 1].is_alpha:
                    j -= 1
                for m in inner:
                    out.remove(m)
                    taken.difference_update(range(m.start, m.end))
                aff = next((m.key for m in inner if m.key and m.label in ("COUNTRY", "ORG")), None)
                cls = _name_class(toks, j, end, lex) or "ORG"
                add(Mention(j, end, doc[j:end].text, cls, "name", affiliation=aff if cls == "ORG" else None,
                            head=tok.i))
                continue
        if tok.text in lex.org_heads and tok.i not in taken and tok.i > 0 and not in_title_case(tok):
            j = tok.i
            while j > 0 and (toks[j - 1].text[:1].isupper() or toks[j - 1].lower_ in ("of", "for", "and")) \
                    and not toks[j - 1].is_sent_start and (j - 1) not in taken and toks[j - 1].pos_ != "PUNCT":
                j -= 1
            while j < tok.i and toks[j].lower_ in ("of", "for", "and"):
                j += 1
            if j == tok.i:
                if tok.text in lex.name_words.get("org", ()):
                    _embassy(doc, toks, tok.i, out, taken)
                continue
            prev = next((m for m in out if m.end == j and m.kind == "demonym"), None)
            if prev is not None:
                # "Sudanese Armed Forces": the nationality is part of the name
                out.remove(prev)
                taken.difference_update(range(prev.start, prev.end))
                j = prev.start
            aff = None
            first = ents_at.get(j)
            org = next((m for m in out if m.end == j and m.label == "ORG" and m.key and m.kind == "name"), None)
            if first is not None and _gaz_key(first)[2] == "demonym":
                aff = _gaz_key(first)[1]
            elif first is not None and _gaz_key(first)[1]:
                continue  # a gazetteer name followed by a head word ("Security Council")
            elif org is not None and any(toks[k].text[:1].isupper() for k in range(j, tok.i)):
                # "African Union Transition Mission": a body of the organisation named first
                out.remove(org)
                taken.difference_update(range(org.start, org.end))
                j, aff = org.start, org.key
            add(Mention(j, tok.i + 1, doc[j:tok.i + 1].text, "ORG", "name", affiliation=aff, head=tok.i))

    # Persons named once in full are persons wherever their name recurs ("Pashinyan").
    known = {}
    for m in out:
        if m.label == "PERSON" and m.kind == "name":
            for part in m.text.split():
                if len(part) > 2 and part[0].isupper():
                    known.setdefault(part, m.key)
    for ent in ents:
        if ent.label_ == "PERSON":
            for part in ent.text.split():
                if len(part) > 2 and part[0].isupper():
                    known.setdefault(part, None)
    for i, text in enumerate(texts):
        if text not in known or i in taken:
            continue
        tok = toks[i]
        if tok.pos_ == "PROPN" and tok.i not in ents_at:
            add(Mention(tok.i, tok.i + 1, tok.text, "PERSON", "name", key=known[tok.text], head=tok.i))

    # "the occupied Palestinian territory", "the occupied Syrian Golan": places
    for i, low in enumerate(lowers):
        if low != "occupied":
            continue
        tok = toks[i]
        if tok.dep_ == AMOD and tok.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head
            if any(k in taken for k in range(tok.i, head.i + 1)):
                # a demonym inside is fine: the place replaces it
                inner = [m for m in out if tok.i <= m.start and m.end <= head.i + 1]
                if any(m.kind != "demonym" for m in inner) or head.i in taken:
                    continue
                for m in inner:
                    out.remove(m)
                    taken.difference_update(range(m.start, m.end))
            add(Mention(tok.i, head.i + 1, doc[tok.i : head.i + 1].text, "PLACE", "name", head=head.i))

    # Names are names: headline words, possessives and line breaks trimmed off; a name
    # only the headline gives, in words the body never repeats, is a headline fragment.
    from kg.extract.document import headline_end as _headline_end

    h_end = _headline_end(doc)
    body: list[str] = []  # the text after the headline, read only if a name needs it

    def body_text() -> str:
        if not body:
            body.append(toks.text[toks[h_end].idx:] if 0 < h_end < len(doc) else toks.text)
        return body[0]

    tidy = []
    for m in out:
        t = _tidy(m, doc, toks, lex, h_end)
        if t is not None and t.end <= h_end and t.key is None and t.kind == "name" and t.text not in body_text() \
                and not t.title \
                and not (t.label == "PERSON" and t.text.split()[-1] in body_text()):
            t = None
        if t is not m:
            taken.difference_update(range(m.start, m.end))
            if t is not None:
                taken.update(range(t.start, t.end))
        if t is not None:
            tidy.append(t)
    out = tidy

    out = _places(doc, toks, out, lex)

    # 6. References resolved later: pronouns, "the two diplomats", "the Assembly".
    org_tails = {m.text.split()[-1] for m in out if m.label == "ORG" and len(m.text.split()) > 1}
    for i, low in enumerate(lowers):
        if i in taken or (low not in _REFERENCE_WORDS and texts[i] not in org_tails):
            continue  # none of the branches below can hold
        tok = toks[i]
        if tok.pos_ == "PRON" and (low in SUBJECT_PRONOUNS or (low in OBJECT_PRONOUNS and tok.dep_ != POSS)
                                   or (low in POSSESSIVE_PRONOUNS and tok.dep_ == POSS)):
            key = {"we": "we", "our": "we", "us": "we", "its": "it", "it": "it", "i": "i", "me": "i", "my": "i"}.get(low)
            if low == "it" and tok.dep_ in ("nsubj", "nsubjpass", "expl"):
                continue  # subject "it" is mostly expletive ("it is imperative that")
            add(Mention(tok.i, tok.i + 1, tok.text, "", "pronoun", plural=low in ("they", "them", "their"),
                        head=tok.i, key=key))
        elif low in NUMBER_WORDS and (tok.head.lower_ in GROUP_HEADS or (
                low in ("two", "both") and tok.dep_ in ("nsubj", "nsubjpass"))):
            head = tok.head if tok.head.lower_ in GROUP_HEADS else tok
            s = min(tok.i, head.i)
            if s > 0 and doc[s - 1].lower_ in ("the", "these", "those"):
                s -= 1
            add(Mention(s, head.i + 1, doc[s : head.i + 1].text, "", "group", plural=True,
                        key=head.lower_, head=head.i))
        elif low in ORG_CLASS_NOUNS and tok.i > 0 and toks[tok.i - 1].lower_ == "the" and tok.pos_ == "NOUN" or tok.text in org_tails and tok.text[0].isupper() and tok.i > 0 and doc[tok.i - 1].lower_ == "the":
            add(Mention(tok.i, tok.i + 1, tok.text, "ORG", "shortname", head=tok.i))
    # "the Assembly" tagged by NER on its own is the General Assembly named before.
    out = [replace(m, kind="shortname") if m.label == "ORG" and m.kind == "name" and m.key is None
           and " " not in m.text and m.text in org_tails else m for m in out]
    return sorted(out, key=lambda m: m.start)


def mention_index(mentions: list[Mention]) -> dict[int, Mention]:
    """Token index -> the mention covering it. The title and nationality before a titled
    name ("U.S. Secretary of State Antony Blinken") map to the person: the parser often
    makes one of them the head of the phrase."""
    idx = {}
    for m in mentions:
        for k in range(m.start, m.end):
            idx[k] = m
    for m in mentions:
        for k in range(m.prefix_start, m.start):
            idx[k] = m
    return idx
