"""The library entry point: articles in, an RDF dataset (or a store) out.

ingest -> nlp -> extract (entities, relations, quotes) -> resolve -> graph.

Scale rules this module keeps:

* **Streaming.** Articles are consumed from any iterable, in bounded batches; nothing holds
  every article. Each article's triples depend on that article alone (entities get the same
  IRIs in every article, statements are scoped by the article's content hash), so the
  result never depends on the order inputs were given in: a store is a set of per-article
  named graphs, and a graph file is their union, serialised canonically.
* **Bounded pieces.** A long article is parsed paragraph by paragraph in pieces of at most
  :data:`PIECE_CHARS` characters (spaCy refuses more than ``nlp.max_length`` at once, and
  its memory grows with the text it parses in one go), then joined into one Doc.
* **One article's failure is that article's alone.** An exception while parsing or
  reading one article is reported for it (an :class:`InputProblem`); the batch goes on.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from kg.extract.entities import extract_mentions
from kg.extract.quotes import extract_quotes
from kg.extract.relations import extract_relations
from kg.extract.syntax import tokens
from kg.graph import article_triples, new_dataset, union_graph
from kg.ingest import Article, InputProblem
from kg.iri import article_iri
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline
from kg.resolve import Resolution, resolve

#: The longest text handed to spaCy at once. Longer articles are cut at paragraph ends
#: (else sentence ends, else spaces) into pieces of at most this size. No corpus release
#: comes near it (the longest is 79,000 characters), so articles of ordinary length are
#: parsed exactly as a whole.
PIECE_CHARS = 100_000

#: Articles parsed and read together (one nlp.pipe call; one task for a worker process).
BATCH_SIZE = 16

#: At most this many characters go through one nlp.pipe call: spaCy's working memory grows
#: with the text of a batch, and 16 long releases at once (600,000 characters) peaked at
#: 2.5 GB. A batch of short articles stays one call.
PIPE_CHARS = PIECE_CHARS


@dataclass
class ArticleResult:
    article: Article
    resolution: Resolution
    sentences: list[str]


@dataclass
class ArticleSummary:
    """What the CLI's summary needs of one article: small, cheap to send between processes."""

    entities: dict[str, str]  # entity key -> class
    relations: Counter  # asserted relations by property
    not_asserted: Counter  # negated or hedged
    planned: Counter

    @classmethod
    def of(cls, res: Resolution) -> ArticleSummary:
        rels: Counter = Counter()
        other: Counter = Counter()
        planned: Counter = Counter()
        for s in res.statements:
            bucket = rels if s.factuality == "asserted" else planned if s.factuality == "planned" else other
            bucket[s.prop] += 1
        return cls({k: e.cls for k, e in res.entities.items()}, rels, other, planned)


@dataclass
class Outcome:
    """What reading one article gave: its triples (a Graph in this process, N-Triples bytes
    from another one) and summary, or the problem that stopped it."""

    article: Article
    triples: Graph | bytes | None = None
    summary: ArticleSummary | None = None
    problem: InputProblem | None = None


@dataclass
class BuildResult:
    dataset: Dataset
    #: articles read, and the counts of what was found in them (entities over all articles)
    read: int = 0
    entities: dict[str, str] = field(default_factory=dict)
    relations: Counter = field(default_factory=Counter)
    not_asserted: Counter = field(default_factory=Counter)
    planned: Counter = field(default_factory=Counter)
    #: articles that could not be read, with the reason (an internal error is reported,
    #: never allowed to stop the batch)
    failed: list[InputProblem] = field(default_factory=list)
    #: (duplicate, source of the first copy): texts given more than once, read once
    duplicates: list[tuple[Article, str]] = field(default_factory=list)
    #: articles the sink already held (``known``), not read again
    known: int = 0

    @property
    def graph(self) -> Graph:
        return union_graph(self.dataset)

    def count(self, s: ArticleSummary) -> None:
        self.read += 1
        self.entities.update(s.entities)
        self.relations.update(s.relations)
        self.not_asserted.update(s.not_asserted)
        self.planned.update(s.planned)

    def summary(self) -> dict:
        """Counts: entities by class, asserted relations by property, and apart the negated
        or hedged ones and the planned ones ("will meet")."""
        return {"articles": self.read, "entities": len(self.entities),
                "entities_by_class": Counter(self.entities.values()), "relations": self.relations,
                "not_asserted": self.not_asserted, "planned": self.planned}


# ------------------------------------------------------------------ parsing in pieces


def text_pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut ``text`` into consecutive pieces of at most ``limit`` characters whose
    concatenation is ``text``: after a paragraph break where possible, else after a
    sentence end, else after a space (a piece with none of them is cut hard)."""
    pieces = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            k = text.rfind(sep, start + limit // 4, end)
            if k != -1:
                cut = k + len(sep)
                break
        if cut == -1:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(text: str, nlp=None):
    """Parse one article's text into one Doc, in bounded pieces when it is long."""
    nlp = nlp or load_pipeline()
    if len(text) <= PIECE_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    # One piece at a time: spaCy's working memory is that of a piece; the joined Doc keeps
    # only the annotations (no tensors), which grow linearly with the text.
    docs = [nlp(piece) for piece in text_pieces(text)]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])


def read_article(doc, article: Article) -> ArticleResult:
    """Extract and resolve one parsed article (pure: the Doc is not modified)."""
    lex = load_lexicon()
    toks = tokens(doc)  # the Tokens and their columns, read once for every stage
    mentions = extract_mentions(doc, lex, toks)
    relations, events = extract_relations(doc, mentions, lex, toks)
    relations += list(extract_quotes(doc, mentions, lex, toks))
    text = toks.text
    res = resolve(doc, mentions, relations, events, lex, scope=article.content_hash[:16], text=text)
    # a sentence's text is its stretch of the Doc's (Span.text would join its tokens again)
    sentences = [text[s.start_char:s.end_char].strip() for s in doc.sents]
    return ArticleResult(article, res, sentences)


def _failure(article: Article, stage: str, exc: BaseException) -> InputProblem:
    return InputProblem(article.source, f"internal error while {stage}: {type(exc).__name__}: {exc}")


def _read_parsed(article: Article, doc) -> Outcome:
    try:
        ar = read_article(doc, article)
        g = article_triples(article, ar.resolution, ar.sentences)
    except Exception as exc:  # one article's bug must not lose the batch
        return Outcome(article, problem=_failure(article, "reading", exc))
    return Outcome(article, g, ArticleSummary.of(ar.resolution))


def read_batch(articles: list[Article], *, batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
    """Parse and read a batch of articles in this process, one Outcome each, in order.

    Short articles go through one ``nlp.pipe`` call; should spaCy raise on one of them,
    the batch is parsed again one article at a time so that only the guilty article
    fails. Long ones are parsed in pieces (:func:`parse`)."""
    nlp = load_pipeline()
    for group in _pipe_groups(articles):
        yield from _read_group(nlp, group, batch_size)


def _pipe_groups(articles: list[Article]) -> Iterator[list[Article]]:
    """Consecutive runs of articles of at most PIPE_CHARS characters together (a longer
    article alone)."""
    group: list[Article] = []
    size = 0
    for a in articles:
        if group and size + len(a.text) > PIPE_CHARS:
            yield group
            group, size = [], 0
        group.append(a)
        size += len(a.text)
    if group:
        yield group


def _read_group(nlp, articles: list[Article], batch_size: int) -> Iterator[Outcome]:
    short = [a for a in articles if len(a.text) <= PIECE_CHARS]
    docs: dict[int, object] = {}
    try:
        for a, doc in zip(short, nlp.pipe((a.text for a in short), batch_size=batch_size), strict=True):
            docs[id(a)] = doc
    except Exception:
        docs = {}
    for a in articles:
        doc = docs.pop(id(a), None)
        if doc is None:
            try:
                doc = parse(a.text, nlp)
            except Exception as exc:
                yield Outcome(a, problem=_failure(a, "parsing", exc))
                continue
        yield _read_parsed(a, doc)
        del doc


def read_batch_shipped(articles: list[Article]) -> list[Outcome]:
    """:func:`read_batch` for another process: triples as N-Triples bytes and the
    articles without their text, so little crosses the process boundary."""
    out = []
    for o in read_batch(articles):
        meta = Article(text="", source=o.article.source, title=o.article.title, date=o.article.date,
                       url=o.article.url)
        meta.__dict__["content_hash"] = o.article.content_hash
        data, problem = None, o.problem
        if isinstance(o.triples, Graph):
            try:
                data = nt_bytes(o.triples)
            except Exception as exc:
                problem = _failure(o.article, "serialising", exc)
        out.append(Outcome(meta, data, o.summary if problem is None else None, problem))
    return out


def nt_bytes(g: Graph) -> bytes:
    """One article's triples as N-Triples (what workers send to the client)."""
    return g.serialize(format="nt", encoding="utf-8")


def graph_of_nt(data: bytes) -> Graph:
    """The inverse of :func:`nt_bytes` (pyoxigraph's parser: much faster than rdflib's)."""
    import pyoxigraph as ox

    from kg.store import _rdf_term

    g = Graph()
    for t in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        g.add((_rdf_term(t.subject), _rdf_term(t.predicate), _rdf_term(t.object)))
    return g


# ------------------------------------------------------------------ the streaming build


def _batches(articles: Iterable[Article], result: BuildResult, size: int,
             known: Callable[[Article], bool] | None) -> Iterator[list[Article]]:
    """New, distinct articles in batches of ``size``; duplicates and known ones noted."""
    first: dict[str, str] = {}  # content hash -> source of the first copy (~100 bytes each)
    batch: list[Article] = []
    for a in articles:
        h = a.content_hash
        if h in first:
            result.duplicates.append((a, first[h]))
            continue
        first[h] = a.source
        if known is not None and known(a):
            result.known += 1
            continue
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pool(n_process: int):
    import multiprocessing as mp

    # fork: workers start at once with the pipeline already loaded (copy-on-write)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    return ctx.Pool(n_process, initializer=load_pipeline)


def outcomes(articles: Iterable[Article], result: BuildResult, *, batch_size: int = BATCH_SIZE,
             n_process: int = 1, known: Callable[[Article], bool] | None = None) -> Iterator[Outcome]:
    """Read a stream of articles (in this process, or in ``n_process`` worker processes),
    one Outcome per new distinct article; duplicates and known articles are recorded in
    ``result`` instead. At most a few batches are in memory at once."""
    batches = _batches(articles, result, batch_size, known)
    if n_process <= 1:
        for b in batches:
            yield from read_batch(b, batch_size=batch_size)
        return
    load_pipeline()  # once, before the fork
    with _pool(n_process) as pool:
        # In input order, with at most two batches per process in flight (Pool.imap would
        # read the whole input ahead into its task queue).
        pending: deque = deque()
        for b in batches:
            pending.append(pool.apply_async(read_batch_shipped, (b,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def build_graph(articles: Iterable[Article], *, progress: Callable[[int, Article], None] | None = None,
                batch_size: int = BATCH_SIZE, n_process: int = 1,
                sink: Callable[[Article, Graph | bytes], None] | None = None,
                known: Callable[[Article], bool] | None = None, dask: str | None = None) -> BuildResult:
    """Read every article and build the dataset: one named graph per article.

    ``articles`` may be any iterable (a generator over a large corpus is read lazily). A
    text given twice is read once and listed in ``result.duplicates``. With a ``sink`` (a
    persistent store), each article's triples go there (a Graph, or N-Triples bytes from a
    worker process) instead of into the in-memory dataset; ``known`` tells which articles
    the sink already holds, so they are not parsed at all. ``dask`` (``local:N`` or a
    scheduler address) reads the articles on a Dask cluster (:mod:`kg.cluster`)."""
    from contextlib import ExitStack

    ds = new_dataset()
    result = BuildResult(ds)
    with ExitStack() as stack:
        if dask:
            from kg.cluster import dask_client, dask_outcomes

            client = stack.enter_context(dask_client(dask))
            stream = dask_outcomes(articles, result, client, batch_size=batch_size, known=known)
        else:
            stream = outcomes(articles, result, batch_size=batch_size, n_process=n_process, known=known)
        _consume(stream, result, ds, progress, sink)
    return result


def _consume(stream: Iterable[Outcome], result: BuildResult, ds: Dataset,
             progress: Callable[[int, Article], None] | None,
             sink: Callable[[Article, Graph | bytes], None] | None) -> None:
    for o in stream:
        if o.problem is not None:
            result.failed.append(o.problem)
        else:
            result.count(o.summary)
            if sink is not None:
                sink(o.article, o.triples)
            else:
                g = ds.graph(article_iri(o.article.content_hash))
                triples = graph_of_nt(o.triples) if isinstance(o.triples, bytes) else o.triples
                for t in triples:
                    g.add(t)
        if progress:
            # every input article settled so far: read, failed, duplicate or already known
            progress(result.read + len(result.failed) + len(result.duplicates) + result.known, o.article)
