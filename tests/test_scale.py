"""Scale: articles of any accepted size, one article's parse failure is that article's
alone in every build mode, inputs streamed and deduplicated before parsing, and the same
store from a Dask cluster as from one process (issues 10 and 13)."""

from __future__ import annotations

import hashlib

import pytest

from kg.cli import EXIT_SOME_INPUT_FAILED, main
from kg.ingest import article_from_text
from kg.pipeline import PIECE_CHARS, build_graph, parse, text_pieces
from tests.conftest import CORPUS, SAMPLE

# ------------------------------------------------------------------ helpers


def _long_article(path, size: int) -> None:
    """An article of ``size`` bytes: a headline, then paragraphs each padded with a run of
    2,000 spaces (one whitespace token: large on disk, cheap to parse; the realistic long
    articles are measured by the benchmark), a real sentence in every fortieth."""
    paras = []
    n = total = 0
    while total < size:
        filler = " " * 2000 + hashlib.sha256(str(n).encode()).hexdigest()[:8]
        news = "Secretary Blinken met Foreign Minister Kuleba in Kyiv on Monday. " if n % 40 == 0 else ""
        para = f"{news}Annex {n}: {filler}\n\n"
        paras.append(para)
        total += len(para)
        n += 1
    path.write_text("Long Report\n\n" + "".join(paras)[: size - 14], encoding="utf-8")


def _trap(doc):
    if "Trap" in doc.text:
        raise ValueError("simulated parser fault")
    return doc


def install_trap() -> None:
    """Put a component into this process's cached kg pipeline that raises while parsing
    any text containing 'Trap' (also run on Dask workers)."""
    from spacy.language import Language

    from kg.nlp import load_pipeline

    if "kg_test_trap" not in Language.factories:
        Language.component("kg_test_trap", func=_trap)
    nlp = load_pipeline()
    if "kg_test_trap" not in nlp.pipe_names:
        nlp.add_pipe("kg_test_trap", first=True)


def remove_trap() -> None:
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    if "kg_test_trap" in nlp.pipe_names:
        nlp.remove_pipe("kg_test_trap")


@pytest.fixture
def trap(tmp_path):
    """A trap article (spaCy raises while parsing it) and the trap installed in the pipeline."""
    p = tmp_path / "trap.txt"
    p.write_text("Trap Article\n\nThe minister met the ambassador in Oslo.\n", encoding="utf-8")
    install_trap()
    yield p
    remove_trap()


def _quads(store_dir) -> set[str]:
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store_dir))
    return {str(q) for q in s}


def _slice(tmp_path, n: int, name: str = "slice.jsonl"):
    import gzip
    import itertools

    if not CORPUS.exists():
        pytest.skip("the shared corpus is not beside the repository")
    p = tmp_path / name
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        p.write_text("".join(itertools.islice(fh, n)), encoding="utf-8")
    return p


# ------------------------------------------------------------------ long articles


def test_long_text_is_cut_into_bounded_pieces_that_join_back_exactly():
    text = ("A short paragraph about talks.\n\n" * 5000) + ("word " * 30000) + ("x" * 250_000)
    pieces = text_pieces(text)
    assert "".join(pieces) == text
    assert all(len(p) <= PIECE_CHARS for p in pieces)
    # cut at a paragraph end while there are paragraphs, at a space in the long line
    assert pieces[0].endswith("\n\n") and pieces[2].endswith(" ")


def test_a_long_article_parses_into_one_doc_with_the_whole_text():
    pad = " " * 2000  # one whitespace token: a long text that is quick to parse
    body = "".join(f"Paragraph {i}: the minister met the ambassador.{pad}Then he left.\n\n" for i in range(60))
    doc = parse("Headline\n\n" + body)
    assert len(doc.text) > PIECE_CHARS
    assert doc.text == "Headline\n\n" + body
    assert sum(1 for s in doc.sents if s.text.startswith("Paragraph 59:")) == 1


@pytest.mark.slow
@pytest.mark.parametrize("mode", [["--out"], ["--store"], ["--out", "--workers", "2"]])
def test_articles_of_1_1_and_1_9_mb_are_built_beside_a_small_one(tmp_path, capsys, mode):
    big1, big2 = tmp_path / "big_1_1mb.txt", tmp_path / "big_1_9mb.txt"
    _long_article(big1, 1_100_000)
    _long_article(big2, 1_900_000)
    assert big2.stat().st_size > 1_000_000 * 1.85
    target = tmp_path / ("store" if mode[0] == "--store" else "out")
    args = ["build", str(big1), str(SAMPLE), str(big2), mode[0], str(target), *mode[1:], "--no-html", "--quiet"]
    assert main(args) == 0, capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err
    if mode[0] == "--store":
        from kg.store import KgStore

        text = "\n".join(str(q) for q in KgStore(target).ox)
        assert len(KgStore(target).graphs()) == 3
    else:
        text = (target / "graph.ttl").read_text(encoding="utf-8")
    assert "Long Report" in text and "G20" in text  # both long ones and the small one
    assert "Dmytro Kuleba" in text or "Kuleba" in text


# ------------------------------------------------------------------ parse-time faults


@pytest.mark.parametrize("mode", [["--out"], ["--store"], ["--out", "--workers", "2"], ["--store", "--workers", "2"]])
def test_a_parse_time_exception_is_reported_for_that_article_only(tmp_path, capsys, trap, mode):
    target = tmp_path / "t"
    code = main(["build", str(trap), str(SAMPLE), mode[0], str(target), *mode[1:], "--no-html", "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    lines = [ln for ln in err.splitlines() if "trap.txt" in ln]
    assert lines == [f"kg: skipped {trap}: internal error while parsing: ValueError: simulated parser fault"], err
    assert "Traceback" not in err
    if mode[0] == "--store":
        from kg.store import KgStore

        assert len(KgStore(target).graphs()) == 1
    else:
        assert "Blinken" in (target / "graph.ttl").read_text(encoding="utf-8")


# ------------------------------------------------------------------ streaming


@pytest.mark.parametrize("n_process", [1, 2])
def test_inputs_are_read_lazily_in_bounded_batches(n_process):
    pulled = []

    def articles():
        for i in range(120):
            pulled.append(i)
            yield article_from_text(f"Note {i}\n\nThe minister met the ambassador {i} times.\n", f"n{i}.txt")

    first_seen = []
    build_graph(articles(), batch_size=4, n_process=n_process,
                progress=lambda n, a: first_seen.append(len(pulled)) if n == 1 else None)
    # one batch read before the first result in one process; with workers, two batches per
    # worker in flight and one being filled: never the whole input
    assert first_seen == [4] if n_process == 1 else first_seen[0] <= 4 * (2 * n_process + 1)
    assert len(pulled) == 120


def test_duplicates_are_reported_not_silently_dropped(tmp_path, capsys):
    copy = tmp_path / "copy_of_g20.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    assert main(["build", str(SAMPLE), str(copy), "--out", str(tmp_path / "o"), "--no-html", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"note: {copy} has the same text as {SAMPLE}; read once" in err


def test_articles_already_in_the_store_are_not_parsed_again(tmp_path, capsys):
    store = tmp_path / "s"
    trap_copy = tmp_path / "g20.txt"
    trap_copy.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build", str(trap_copy), "--store", str(store), "--quiet"]) == 0
    # every parse now fails: an article that is parsed again would be reported
    import spacy.language

    from kg.nlp import load_pipeline

    def always(doc):
        raise RuntimeError("parsed again")

    if "kg_test_always" not in spacy.language.Language.factories:
        spacy.language.Language.component("kg_test_always", func=always)
    nlp = load_pipeline()
    nlp.add_pipe("kg_test_always", first=True)
    try:
        assert main(["build", str(trap_copy), "--store", str(store)]) == 0
    finally:
        nlp.remove_pipe("kg_test_always")
    out = capsys.readouterr()
    assert "parsed again" not in out.err and "0 added, 0 replaced, 1 unchanged" in out.out
