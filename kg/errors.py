"""Library exceptions. The CLI turns each into one line on stderr and an exit code."""


class KgError(Exception):
    """Base class of every error kg reports to a user."""


class InputError(KgError):
    """An input file or folder cannot be read as an article."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""


class GraphFileError(KgError):
    """A graph file is missing or cannot be parsed."""


class ConfigError(KgError):
    """The installation is incomplete (missing spaCy pipeline, ontology folder ...)."""
