"""Serialise graphs to files, always atomically: write a temporary file beside the
target, then rename it over the target, so a crash never leaves a half-written output."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph

from kg.errors import GraphFileError, KgError

#: Export format -> (rdflib serializer, needs named graphs, file suffix)
RDF_FORMATS = {
    "ttl": ("turtle", False, ".ttl"),
    "nt": ("nt", False, ".nt"),
    "nq": ("nquads", True, ".nq"),
    "trig": ("trig", True, ".trig"),
    "jsonld": ("json-ld", True, ".jsonld"),
}
FORMATS = [*RDF_FORMATS, "graphml", "gexf", "neo4j"]
PARSE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                 ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}


def _umask() -> int:
    """The process umask, read without changing it where Linux shows it (/proc), since
    setting it, even briefly, races with files other threads create meanwhile."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file next to ``path``; rename it over ``path`` on success only.

    The file ends with the mode an ordinary ``open`` would give it (0666 less the umask,
    so 0644 under umask 022), not the private 0600 of a temporary file: a web server or
    another user must be able to read graph.html and the exports."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_rdf(g: Graph | Dataset, path: str | Path, fmt: str) -> None:
    rdflib_fmt, quads, _ = RDF_FORMATS[fmt]
    extra = {}
    if fmt == "jsonld":
        from kg.neo4j import JSONLD_CONTEXT

        extra = {"context": JSONLD_CONTEXT, "auto_compact": True}
    if quads and not isinstance(g, Dataset):
        ds = Dataset()
        for t in g:
            ds.add(t)
        g = ds
    if not quads and isinstance(g, Dataset):
        from kg.graph import union_graph

        g = union_graph(g)
    if fmt in ("ttl", "nt"):
        with atomic_open(path, "wb") as fh:
            _write_triples_ox(g, fh, fmt)
        return
    with atomic_open(path, "wb") as fh:
        # serialising into the open file streams instead of building one big string
        g.serialize(destination=fh, format=rdflib_fmt, encoding="utf-8", **extra)


def _write_triples_ox(g: Graph, fh: IO, fmt: str) -> None:
    """Turtle or N-Triples through Oxigraph's serialiser, about five times faster than
    rdflib's Turtle writer on kg's graphs. Triples sorted: the same graph is the same file.
    (Their order is not rdflib's, so a graph file loads in another order than before; the
    ready queries sort on every column they show, so no answer depends on it.)"""
    import pyoxigraph as ox
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.graph import PREFIXES
    from kg.store import _ox_term

    # kg's own resource IRIs (kgr:) are written in full, as rdflib wrote them: their local
    # parts hold slashes, which a prefixed name would have to escape
    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
    prefixes |= {p: str(ns) for p, ns in PREFIXES.items() if p != "kgr"}

    triples = [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in g]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "ttl":
        ox.serialize(triples, fh, ox.RdfFormat.TURTLE, prefixes=prefixes)
    else:
        ox.serialize(triples, fh, ox.RdfFormat.N_TRIPLES)


def load_graph(path: str | Path) -> Dataset:
    """Parse a graph file (format from its suffix) into a Dataset whose default graph is
    the union of its named graphs."""
    p = Path(path)
    if not p.is_file():
        raise GraphFileError(f"{p}: no such graph file")
    fmt = PARSE_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{p}: unknown graph format {p.suffix!r} (use {', '.join(sorted(PARSE_FORMATS))})")
    ds = Dataset(default_union=True)
    try:
        ds.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many exception types for bad syntax
        raise GraphFileError(f"{p}: cannot parse as {fmt}: {exc}") from exc
    from kg.graph import bind_prefixes

    bind_prefixes(ds)
    return ds


def export(ds: Dataset, fmt: str, out: str | Path) -> None:
    """Write the dataset in one of :data:`FORMATS`."""
    if fmt in RDF_FORMATS:
        write_rdf(ds, out, fmt)
    elif fmt in ("graphml", "gexf"):
        import networkx as nx

        from kg.analyze import to_networkx

        G = to_networkx(ds)
        with atomic_open(out, "wb") as fh:
            (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, fh)
    elif fmt == "neo4j":
        from kg.neo4j import export_neo4j

        export_neo4j(ds, out)
    else:
        raise KgError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
