"""Benchmarks (``make bench``): kg's cost as a ratio to bare spaCy parsing of the same
texts in the same run, so the numbers mean the same on any machine.

    python -m kg.bench [--corpus FILE] [--articles N] [--out output/bench.json]

Reports articles per second for bare ``nlp.pipe`` and for the full ``kg build`` path
(parsing, extraction, resolution, graph), the knowledge-graph layer's overhead on top of
parsing, and how ``--workers 2`` scales both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "state_dept_press_2021_2022.jsonl.gz"


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bench_extraction(articles, workers: int = 2) -> dict:
    import spacy

    from kg.nlp import load_pipeline
    from kg.pipeline import build_graph
    from kg.settings import spacy_model

    texts = [a.text for a in articles]
    bare = spacy.load(spacy_model())
    load_pipeline()  # load outside the timings
    list(bare.pipe(texts[:5]))
    res = {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}
    res["spacy_1"], _ = _timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=32)))
    res["kg_1"], built = _timed(lambda: build_graph(articles, batch_size=32))
    res["triples"] = len(built.dataset)
    res["spacy_n"], _ = _timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=32, n_process=workers)))
    res["kg_n"], _ = _timed(lambda: build_graph(articles, batch_size=32, n_process=workers))
    res["workers"] = workers
    res["overhead"] = res["kg_1"] / res["spacy_1"] - 1
    res["kg_speedup"] = res["kg_1"] / res["kg_n"]
    res["spacy_speedup"] = res["spacy_1"] / res["spacy_n"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus (default: shared corpus)")
    ap.add_argument("--articles", type=int, default=500, help="how many articles (default: 500)")
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel run (default: 2)")
    ap.add_argument("--out", type=Path, default=Path("output/bench.json"), help="where to write the numbers")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench: corpus not found: {args.corpus} (use --corpus)", file=sys.stderr)
        return 2
    from kg.ingest import read_inputs

    articles, _ = read_inputs([str(args.corpus)])
    articles = articles[: args.articles]
    print(f"extraction: {len(articles)} articles from {args.corpus.name}, {os.cpu_count()} cores", flush=True)
    r = bench_extraction(articles, args.workers)
    rate = lambda t: r["articles"] / t  # noqa: E731
    print(f"  bare spaCy nlp.pipe         {r['spacy_1']:7.1f} s  {rate(r['spacy_1']):6.1f} articles/s")
    print(f"  kg build (1 process)        {r['kg_1']:7.1f} s  {rate(r['kg_1']):6.1f} articles/s"
          f"  -> knowledge-graph layer +{100 * r['overhead']:.0f}% on top of parsing")
    print(f"  bare spaCy, {r['workers']} processes      {r['spacy_n']:7.1f} s  speed-up x{r['spacy_speedup']:.2f}")
    print(f"  kg build, {r['workers']} workers         {r['kg_n']:7.1f} s  speed-up x{r['kg_speedup']:.2f}")
    print(f"  {r['triples']:,} triples")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"extraction": r}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
