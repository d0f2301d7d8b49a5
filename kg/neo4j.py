"""Neo4j export: ``nodes.csv`` and ``relationships.csv`` in the header format of
``neo4j-admin database import full``, and ``import.cypher`` for a running database
(batched ``UNWIND ... MERGE``, safe to run twice). Files are streamed row by row.

Nodes: every entity (labels ``Entity`` and its class) and every quotation (``Quote``).
Relationships: every relation between entities, asserted or not (property
``factuality``), with its evidence; ``SAID`` from a speaker to a quotation.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from rdflib import Graph, Literal

from kg.analyze import network_view
from kg.export import atomic_open
from kg.iri import digest
from kg.namespace import DIP

NODE_HEADER = ["iri:ID", "name", "altNames:string[]", "jobTitles:string[]", ":LABEL"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "factuality", "evidence", "article", "rule", "date"]
QUOTE_PREFIX = "urn:kg:quote:"


def rel_type(prop: str) -> str:
    """metWith -> MET_WITH (Neo4j's convention for relationship types)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", prop).upper()


def cypher_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") + "'"


def _cypher_map(d: dict) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, list):
            parts.append(f"{k}: [{', '.join(cypher_str(x) for x in v)}]")
        else:
            parts.append(f"{k}: {cypher_str(str(v))}")
    return "{" + ", ".join(parts) + "}"


def export_neo4j(g: Graph, out_dir: str | Path, batch: int = 500) -> dict[str, int]:
    out = Path(out_dir)
    view = network_view(g)
    quotes: list[tuple[str, str, str]] = []  # (speaker iri, quote node id, text)
    for s, _, o in g.triples((None, DIP.said, None)):
        if str(s) in view.nodes and isinstance(o, Literal):
            quotes.append((str(s), QUOTE_PREFIX + digest(str(o)), str(o)))
    quotes.sort()
    node_rows = []
    for iri, n in view.nodes.items():
        titles = sorted(v for p, v in n.facts if p == "jobTitle")
        node_rows.append([iri, n.label, ";".join(a.replace(";", ",") for a in n.alt_labels),
                          ";".join(t.replace(";", ",") for t in titles), f"Entity;{n.cls}"])
    for _, qid, text in sorted({(q[1], q[1], q[2]) for q in quotes}):
        node_rows.append([qid, text, "", "", "Quote"])
    rel_rows = []
    for e in view.edges:
        for ev in e.evidence:
            rel_rows.append([e.source, e.target, rel_type(e.prop), ev.factuality.lower(), ev.sentence, ev.article,
                             ev.rule, ev.date])
    for speaker, qid, _ in quotes:
        rel_rows.append([speaker, qid, "SAID", "asserted", "", "", "quote", ""])
    rel_rows = sorted({tuple(r) for r in rel_rows})
    with atomic_open(out / "nodes.csv", "w") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(NODE_HEADER)
        w.writerows(node_rows)
    with atomic_open(out / "relationships.csv", "w") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(REL_HEADER)
        w.writerows(rel_rows)
    with atomic_open(out / "import.cypher", "w") as fh:
        fh.write("// kg graph for Neo4j: run with cypher-shell -f import.cypher (safe to run twice)\n")
        fh.write("CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE;\n")
        fh.write("CREATE CONSTRAINT kg_quote_iri IF NOT EXISTS FOR (n:Quote) REQUIRE n.iri IS UNIQUE;\n")
        by_label: dict[str, list] = {}
        for r in node_rows:
            by_label.setdefault(r[4], []).append(r)
        for label, rows in sorted(by_label.items()):
            labels = ":".join(label.split(";"))
            key = "Entity" if label != "Quote" else "Quote"
            for i in range(0, len(rows), batch):
                items = ", ".join(_cypher_map({
                    "iri": r[0], "name": r[1], "altNames": [x for x in r[2].split(";") if x],
                    "jobTitles": [x for x in r[3].split(";") if x]}) for r in rows[i:i + batch])
                fh.write(f"UNWIND [{items}] AS row MERGE (n:{key} {{iri: row.iri}}) SET n:{labels}, "
                         "n.name = row.name, n.altNames = row.altNames, n.jobTitles = row.jobTitles;\n")
        by_type: dict[str, list] = {}
        for r in rel_rows:
            by_type.setdefault(r[2], []).append(r)
        for rtype, rows in sorted(by_type.items()):
            for i in range(0, len(rows), batch):
                items = ", ".join(_cypher_map({"s": r[0], "o": r[1], "factuality": r[3], "evidence": r[4],
                                               "article": r[5], "rule": r[6], "date": r[7]}) for r in rows[i:i + batch])
                fh.write(f"UNWIND [{items}] AS row MATCH (a {{iri: row.s}}), (b {{iri: row.o}}) "
                         f"MERGE (a)-[r:{rtype} {{evidence: row.evidence, factuality: row.factuality}}]->(b) "
                         "SET r.article = row.article, r.rule = row.rule, r.date = row.date;\n")
    return {"nodes": len(node_rows), "relationships": len(rel_rows)}


JSONLD_CONTEXT = {
    "dip": "https://w3id.org/kg-diplomacy/ontology#", "kgr": "https://w3id.org/kg-diplomacy/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "label": "rdfs:label", "altLabel": "skos:altLabel",
}


def jsonld_context() -> str:
    return json.dumps({"@context": JSONLD_CONTEXT}, indent=1)
