"""Bad input never loses data: one clear line naming the file and the cause, the other
inputs still built, a non-zero exit, and outputs replaced atomically or not at all."""

from __future__ import annotations

import contextlib
import gzip
import json

import pytest

from kg.cli import EXIT_ERROR, EXIT_SOME_INPUT_FAILED, main
from kg.ingest import read_inputs
from tests.conftest import SAMPLE


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


BAD_CASES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", "Ministre des Affaires étrangères".encode("latin-1"), "not UTF-8"),
]


@pytest.mark.parametrize("name, data, cause", BAD_CASES)
def test_bad_file_is_named_with_its_cause_and_the_rest_is_built(tmp_path, capsys, name, data, cause):
    bad = _write(tmp_path, name, data)
    out = tmp_path / "out"
    code = main(["build", str(bad), str(SAMPLE), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    lines = [ln for ln in err.splitlines() if str(bad) in ln]
    assert len(lines) == 1 and cause in lines[0], err
    assert (out / "graph.ttl").stat().st_size > 1000


def test_missing_path(tmp_path, capsys):
    code = main(["build", str(tmp_path / "nope.txt"), str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    assert "nope.txt: no such file or folder" in err


def test_folder_without_text(tmp_path, capsys):
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "logo.png").write_bytes(b"\x89PNG")
    code = main(["build", str(folder), str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    assert "pictures: folder holds no .txt or .jsonl files" in err


def test_nothing_readable_writes_nothing(tmp_path, capsys):
    bad = _write(tmp_path, "empty.txt", b"")
    out = tmp_path / "out"
    assert main(["build", str(bad), "--out", str(out)]) == EXIT_ERROR
    assert "nothing was written" in capsys.readouterr().err
    assert not (out / "graph.ttl").exists()


def test_too_large_file_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("kg.ingest.MAX_ARTICLE_BYTES", 100)
    big = _write(tmp_path, "big.txt", b"Headline\n\n" + b"The minister spoke. " * 20)
    articles, problems = read_inputs([str(big)])
    assert not articles and "too large" in problems[0].cause


def test_jsonl_records_keep_title_date_url_and_bad_lines_are_reported(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    recs = [
        {"title": "Minister Visits Oslo", "date": "Tue, 03 May 2022 10:00:00 -0400",
         "url": "https://example.org/a", "text": "The minister visited Oslo."},
        "not an object",
        {"title": "No text"},
    ]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
        fh.write("{broken json\n")
    articles, problems = read_inputs([str(p)])
    assert [(a.title, a.date, a.url) for a in articles] == [
        ("Minister Visits Oslo", "2022-05-03", "https://example.org/a")]
    assert articles[0].text.startswith("Minister Visits Oslo\n\nThe minister")
    assert [pr.source.rsplit(":", 1)[1] for pr in problems] == ["2", "3", "4"]


def test_stdin(tmp_path, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes()), encoding="utf-8"))
    assert main(["build", "-", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "graph.ttl").exists()


def test_crash_while_writing_leaves_previous_output_intact(tmp_path, monkeypatch):
    # The second build reads a different article, so a graph.ttl or graph.html it managed
    # to write, even in part, would differ from the first build's.
    out = tmp_path / "out"
    assert main(["build", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}
    other = tmp_path / "other.txt"
    other.write_text("Ministers Meet In Oslo\n\nThe Norwegian foreign minister met Antony Blinken in Oslo.\n")

    def write_half_then_fail(g, fh, fmt):
        fh.write(b"@prefix dip: <https://w3id.org/kg-diplomacy/ontology#> .\n")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("kg.export._write_triples_ox", write_half_then_fail)  # the Turtle writer
    with pytest.raises(RuntimeError):
        main(["build", str(other), "--out", str(out), "--quiet"])
    monkeypatch.undo()
    assert {name: (out / name).read_bytes() for name in before} == before

    import kg.html

    real_atomic_open = kg.html.atomic_open

    @contextlib.contextmanager
    def page_fails_midway(path, mode="w"):
        with real_atomic_open(path, mode) as fh:
            fh.write("<!DOCTYPE html><html><body>half a page")
            raise RuntimeError("disk on fire")
            yield fh

    monkeypatch.setattr(kg.html, "atomic_open", page_fails_midway)
    with pytest.raises(RuntimeError):
        main(["build", str(other), "--out", str(out), "--quiet"])
    assert (out / "graph.html").read_bytes() == before["graph.html"]
    # graph.ttl, written before the page, is the new article's, whole: each file is
    # replaced atomically or not at all
    assert (out / "graph.ttl").read_bytes() != before["graph.ttl"]
    assert "Oslo" in (out / "graph.ttl").read_text()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_an_internal_error_in_one_article_does_not_lose_the_batch(tmp_path, monkeypatch, capsys):
    import kg.pipeline

    real = kg.pipeline.read_article

    def flaky(doc, article):
        if "Trap" in article.text:
            raise ValueError("simulated extractor bug")
        return real(doc, article)

    monkeypatch.setattr(kg.pipeline, "read_article", flaky)
    trap = tmp_path / "trap.txt"
    trap.write_text("Trap Article\n\nThe minister met the ambassador.\n")
    code = main(["build", str(trap), str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_INPUT_FAILED
    assert "trap.txt: internal error while reading: ValueError: simulated extractor bug" in err
    assert "Blinken" in (tmp_path / "o" / "graph.ttl").read_text()


def test_a_bad_json_line_is_named_with_its_whole_cause_and_the_next_lines_are_read(tmp_path, capsys):
    good = {"title": "Minister Visits Oslo", "text": "The minister visited Oslo."}
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b"\n".join([
        json.dumps(good).encode(),
        b'{"title": "Raw tab", "text": "a\x01b"}',  # a control character inside a string
        b'{"title": "Cut", "text": "The minister',  # a record cut off mid-string
        '{"title": "Latin-1", "text": "Ministre des Affaires étrangères"}'.encode("latin-1"),
        json.dumps({**good, "title": "Minister Visits Bergen"}).encode(),
    ]) + b"\n")
    articles, problems = read_inputs([str(p)])
    assert [a.title for a in articles] == ["Minister Visits Oslo", "Minister Visits Bergen"]
    assert [str(pr) for pr in problems] == [
        f"{p}:2: not valid JSON: Invalid control character at column 32 (found '\\x01')",
        f"{p}:3: not valid JSON: Unterminated string starting at column 26 (found '\"')",
        f"{p}:4: not UTF-8 (byte 0xe9 at byte 53 of the line)",
    ]
    # the CLI prints each as one line naming the file and the line
    code = main(["build", str(p), "--out", str(tmp_path / "o"), "--quiet", "--no-html"])
    err = capsys.readouterr().err.splitlines()
    assert code == EXIT_SOME_INPUT_FAILED
    assert f"kg: skipped {p}:2: not valid JSON: Invalid control character at column 32 (found '\\x01')" in err
