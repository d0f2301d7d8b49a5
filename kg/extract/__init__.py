"""Extraction stages: pure functions over a parsed spaCy Doc that yield typed records.

* :mod:`kg.extract.entities`: mentions of actors, places, treaties and events;
* :mod:`kg.extract.relations`: relations between mentions, with factuality;
* :mod:`kg.extract.quotes`: direct quotations and their speakers.

None of them writes to the Doc.
"""
