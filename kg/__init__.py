"""kg: an offline, deterministic knowledge-graph builder for diplomacy news.

The library API::

    from kg import build_graph, read_inputs
    articles, errors = read_inputs(["examples/g20_new_delhi.txt"])
    result = build_graph(articles)
    result.graph.serialize("graph.ttl", format="turtle")

The names below are imported on first use: ``import kg`` (and so every CLI command,
``kg --help`` and ``kg query`` included) does not load spaCy, which takes seconds; only
parsing does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Article", "BuildResult", "InputProblem", "KgError", "build_graph", "read_inputs"]

#: public name -> the module that defines it
_HOME = {"Article": "kg.ingest", "InputProblem": "kg.ingest", "read_inputs": "kg.ingest",
         "BuildResult": "kg.pipeline", "build_graph": "kg.pipeline", "KgError": "kg.errors"}

if TYPE_CHECKING:
    from kg.errors import KgError
    from kg.ingest import Article, InputProblem, read_inputs
    from kg.pipeline import BuildResult, build_graph


def __getattr__(name: str):
    if name in _HOME:
        value = getattr(import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
