"""Progress on stderr: a tqdm bar on a terminal, plain periodic lines in a log, nothing
with -q; build, load and export all show it."""

from __future__ import annotations

import io
import re

from kg import progress as progress_mod
from kg.cli import main
from kg.progress import Progress
from tests.conftest import EVAL_DEV, ROOT

DEV = EVAL_DEV if EVAL_DEV.exists() else ROOT / "eval" / "dev"
ANY_TOTAL = re.compile(r"^  read (\d+)(?:/\d+)? articles? \([\d,.]+/s(?:, \d+:\d\d (?:left|in all))?\)$")
PLAIN = re.compile(r"^  read (\d+)/(\d+) articles? \([\d,.]+/s, (\d+:\d\d (left|in all))\)$")


class Log(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_plain_lines_once_per_tenth_with_rate_and_eta():
    log = Log()
    with Progress(200, desc="read", unit="article", stream=log) as p:
        for n in range(1, 201):
            p(n, object())
    lines = log.getvalue().splitlines()
    assert [int(PLAIN.match(x).group(1)) for x in lines] == list(range(20, 201, 20))
    assert lines[-1].endswith("in all)") and all(x.endswith("left)") for x in lines[:-1])
    assert "\r" not in log.getvalue()


def test_plain_lines_when_the_log_is_silent_too_long(monkeypatch):
    log = Log()
    monkeypatch.setattr(progress_mod, "PLAIN_EVERY", 0.0)  # every update is "long after" the last line
    with Progress(None, desc="load", unit="graph", stream=log) as p:
        for _ in range(3):
            p.advance()
    lines = log.getvalue().splitlines()
    assert [x.split(" (")[0] for x in lines] == ["  load 1 graph", "  load 2 graphs", "  load 3 graphs"]


def test_quiet_prints_nothing():
    log = Log()
    with Progress(10, desc="read", unit="article", stream=log, quiet=True) as p:
        for n in range(1, 11):
            p(n)
    assert log.getvalue() == ""


def test_terminal_gets_a_bar_with_rate_and_eta():
    term = io.StringIO()
    with Progress(50, desc="read", unit="article", stream=term, tty=True) as p:
        for n in range(1, 51):
            p(n)
    out = term.getvalue()
    assert "\r" in out and "50/50" in out and "article/s" in out and "%|" in out


def test_build_progress_in_a_log(tmp_path, capsys):
    files = sorted(DEV.glob("*.txt"))[:3]
    assert main(["build", *map(str, files), "--out", str(tmp_path), "--no-html"]) == 0
    err = capsys.readouterr().err.splitlines()
    # plain lines only; the total is shown when the build knows it beforehand
    assert err and all(ANY_TOTAL.match(x) for x in err), err
    assert ANY_TOTAL.match(err[-1]).group(1) == "3"
    assert main(["build", *map(str, files), "--out", str(tmp_path), "--no-html", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_store_export_progress_in_a_log(tmp_path, capsys):
    files = sorted(DEV.glob("*.txt"))[:2]
    assert main(["build", *map(str, files), "--store", str(tmp_path / "s"), "-q"]) == 0
    assert main(["export", "--store", str(tmp_path / "s"), "--format", "nq", "--out", str(tmp_path / "x.nq")]) == 0
    err = capsys.readouterr().err.splitlines()
    quads = sum(1 for _ in (tmp_path / "x.nq").open())
    assert err and err[-1].startswith(f"  export {quads:,}/{quads:,} quads (")
    assert main(["export", "--store", str(tmp_path / "s"), "--format", "nq", "--out", str(tmp_path / "y.nq"),
                 "-q"]) == 0
    assert capsys.readouterr() == ("", "")
