"""kg: an offline, deterministic knowledge-graph builder for diplomacy news.

The library API::

    from kg import build_graph, read_inputs
    articles, errors = read_inputs(["examples/g20_new_delhi.txt"])
    result = build_graph(articles)
    result.graph.serialize("graph.ttl", format="turtle")
"""

from kg.errors import KgError
from kg.ingest import Article, InputProblem, read_inputs
from kg.pipeline import BuildResult, build_graph

__version__ = "0.1.0"
__all__ = ["Article", "BuildResult", "InputProblem", "KgError", "build_graph", "read_inputs"]
