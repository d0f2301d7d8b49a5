"""The ontology's terms, as the only place code names them.

``DIP`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a typo such as
``DIP.metwith`` raises at import time instead of minting a term the ontology lacks.
``tests/test_ontology.py`` checks these names against ``ontology/diplomacy.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-diplomacy/ontology#"
#: Where kg mints the IRIs of entities, statements, sentences and articles.
RESOURCE_IRI = "https://w3id.org/kg-diplomacy/id/"


class DIP(DefinedNamespace):
    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # classes
    Actor: URIRef
    Person: URIRef
    Country: URIRef
    Organization: URIRef
    Place: URIRef
    Treaty: URIRef
    Event: URIRef
    Meeting: URIRef
    Vote: URIRef
    ArmedConflict: URIRef
    Article: URIRef
    Sentence: URIRef
    Factuality: URIRef
    Asserted: URIRef
    Negated: URIRef
    Hedged: URIRef
    Planned: URIRef
    # relations
    interactedWith: URIRef
    consultedWith: URIRef
    metWith: URIRef
    spokeWith: URIRef
    negotiatedWith: URIRef
    agreedWith: URIRef
    visited: URIRef
    hosted: URIRef
    mediated: URIRef
    urged: URIRef
    criticized: URIRef
    condemned: URIRef
    accused: URIRef
    warned: URIRef
    threatened: URIRef
    rejected: URIRef
    praised: URIRef
    suspended: URIRef
    withdrewFrom: URIRef
    signed: URIRef
    supports: URIRef
    sanctioned: URIRef
    attacked: URIRef
    invaded: URIRef
    detained: URIRef
    voted: URIRef
    votedFor: URIRef
    votedAgainst: URIRef
    abstainedFrom: URIRef
    discussed: URIRef
    memberOf: URIRef
    officialOf: URIRef
    citizenOf: URIRef
    locatedIn: URIRef
    partOf: URIRef
    jobTitle: URIRef
    said: URIRef
    participant: URIRef
    eventDate: URIRef
    eventPlace: URIRef
    # provenance
    factuality: URIRef
    cue: URIRef
    evidence: URIRef
    rule: URIRef
    trigger: URIRef
    confidence: URIRef
    attributedTo: URIRef
    sentenceText: URIRef
    sentenceIndex: URIRef
    inArticle: URIRef
    contentHash: URIRef
    sourcePath: URIRef
    cameoCode: URIRef


KGR = Namespace(RESOURCE_IRI)
SCHEMA = Namespace("https://schema.org/")

#: Entity classes by the short type names the extractor uses.
CLASS_OF = {
    "PERSON": DIP.Person,
    "COUNTRY": DIP.Country,
    "ORG": DIP.Organization,
    "PLACE": DIP.Place,
    "TREATY": DIP.Treaty,
    "EVENT": DIP.Event,
    "MEETING": DIP.Meeting,
    "VOTE": DIP.Vote,
    "CONFLICT": DIP.ArmedConflict,
}

#: Symmetric relations (owl:SymmetricProperty in diplomacy.ttl): stored once, subject and
#: object in a canonical order; they also read "between A and B" and "A and B met".
SYMMETRIC = frozenset({"consultedWith", "metWith", "spokeWith", "negotiatedWith", "agreedWith"})

#: Consultations: the relations after which "the two diplomats", "the two sides" refer to
#: the parties, and whose statements are events with participants (a dip:Meeting node).
CONSULTATION = frozenset({"metWith", "spokeWith", "consultedWith", "negotiatedWith"})

#: Relations that are events: the extractor reads their date and place ("met ... on
#: Tuesday in Vienna").
EVENT_PROPERTIES = frozenset({
    "metWith", "spokeWith", "consultedWith", "negotiatedWith", "agreedWith", "visited", "signed",
    "votedFor", "votedAgainst", "abstainedFrom", "hosted", "attacked", "invaded", "detained",
    "sanctioned", "suspended", "withdrewFrom"})
