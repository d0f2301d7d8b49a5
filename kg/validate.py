"""SHACL validation (pySHACL, an optional dependency imported where used) against
``ontology/shapes.ttl`` and the ontology's class hierarchy."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from kg.errors import ConfigError
from kg.settings import ontology_dir


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str


def validate(g: Graph) -> list[Violation]:
    """Every violation of the shapes, sorted; an empty list means the graph conforms."""
    try:
        from pyshacl import validate as shacl
    except ImportError as exc:  # pragma: no cover - pyshacl ships with the test extras
        raise ConfigError("kg validate needs pySHACL: pip install 'kg[shacl]'") from exc
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    onto = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    data = Graph()
    for t in g.triples((None, None, None)):  # a Dataset's union, or a Graph's triples
        data.add(t)
    _, report, _ = shacl(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs", abort_on_first=False,
                         allow_warnings=True)
    out = []
    for r in report.subjects(SH.resultSeverity, None):
        out.append(Violation(
            focus=str(report.value(r, SH.focusNode)), path=str(report.value(r, SH.resultPath) or ""),
            message=str(report.value(r, SH.resultMessage) or ""),
            severity=str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
