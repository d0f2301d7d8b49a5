"""The library entry point: articles in, an RDF dataset out.

ingest -> nlp -> extract (entities, relations, quotes) -> resolve -> graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from kg.extract.entities import extract_mentions
from kg.extract.quotes import extract_quotes
from kg.extract.relations import extract_relations
from kg.graph import article_triples, new_dataset, union_graph
from kg.ingest import Article, InputProblem
from kg.iri import article_iri
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline
from kg.resolve import Resolution, resolve


@dataclass
class ArticleResult:
    article: Article
    resolution: Resolution
    sentences: list[str]


@dataclass
class BuildResult:
    dataset: Dataset
    articles: list[ArticleResult] = field(default_factory=list)
    #: articles that could not be read, with the reason (an internal error is reported,
    #: never allowed to stop the batch)
    failed: list[InputProblem] = field(default_factory=list)

    @property
    def graph(self) -> Graph:
        return union_graph(self.dataset)

    def summary(self) -> dict:
        """Counts for the CLI: entities by class, asserted relations by property, and apart
        the negated or hedged ones and the planned ones ("will meet")."""
        ents: dict[str, str] = {}
        rels: Counter = Counter()
        other: Counter = Counter()
        planned: Counter = Counter()
        for a in self.articles:
            for k, e in a.resolution.entities.items():
                ents[k] = e.cls
            for s in a.resolution.statements:
                bucket = rels if s.factuality == "asserted" else planned if s.factuality == "planned" else other
                bucket[s.prop] += 1
        return {"articles": len(self.articles), "entities": len(ents),
                "entities_by_class": Counter(ents.values()), "relations": rels,
                "not_asserted": other, "planned": planned}


def read_article(doc, article: Article) -> ArticleResult:
    """Extract and resolve one parsed article (pure: the Doc is not modified)."""
    lex = load_lexicon()
    toks = list(doc)
    mentions = extract_mentions(doc, lex, toks)
    relations, events = extract_relations(doc, mentions, lex, toks)
    relations += list(extract_quotes(doc, mentions, lex, toks))
    res = resolve(doc, mentions, relations, events, lex, scope=article.content_hash[:16])
    sentences = [s.text.strip() for s in doc.sents]
    return ArticleResult(article, res, sentences)


def build_graph(articles: Iterable[Article], *, progress: Callable[[int, Article], None] | None = None,
                batch_size: int = 16, n_process: int = 1,
                sink: Callable[[Article, Graph], None] | None = None) -> BuildResult:
    """Read every article and build the dataset: one named graph per article.

    Articles are processed in content-hash order, so the result never depends on the
    order inputs were given in. With a ``sink`` (a persistent store), each article's graph
    goes there instead of into the in-memory dataset."""
    ordered = sorted(articles, key=lambda a: a.content_hash)
    nlp = load_pipeline()
    ds = new_dataset()
    result = BuildResult(ds)
    docs = nlp.pipe((a.text for a in ordered), batch_size=batch_size, n_process=n_process)
    for n, (article, doc) in enumerate(zip(ordered, docs, strict=True), 1):
        try:
            ar = read_article(doc, article)
            triples = article_triples(article, ar.resolution, ar.sentences)
        except Exception as exc:  # one article's bug must not lose the batch
            result.failed.append(InputProblem(article.source, f"internal error while reading: "
                                              f"{type(exc).__name__}: {exc}"))
        else:
            result.articles.append(ar)
            if sink is not None:
                sink(article, triples)
            else:
                g = ds.graph(article_iri(article.content_hash))
                for t in triples:
                    g.add(t)
        if progress:
            progress(n, article)
    return result
