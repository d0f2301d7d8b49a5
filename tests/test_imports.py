"""Commands that do not parse text never load spaCy: importing it takes seconds, which
`kg --help`, `kg queries` or `kg query` on a built graph must not pay."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Imported only by the commands that parse text (build, eval).
PARSING_ONLY = ("spacy", "thinc", "kg.nlp", "kg.pipeline", "kg.extract.entities")

_CHILD = """
import json, sys
from kg.cli import main
try:
    rc = main(sys.argv[2:])
except SystemExit as e:
    rc = e.code
with open(sys.argv[1], "w") as fh:
    json.dump({"rc": rc, "modules": sorted(sys.modules)}, fh)
"""


def modules_after(tmp_path: Path, *argv: str) -> tuple[int, set[str]]:
    """Run ``kg ARGV`` in a fresh interpreter; its exit code and every module it imported."""
    report = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", _CHILD, str(report), *argv], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL, timeout=300)
    data = json.loads(report.read_text())
    return data["rc"], set(data["modules"])


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["query", "--help"], ["queries"],
                                  ["export", "--help"]])
def test_help_and_listing_do_not_load_spacy(tmp_path, argv):
    rc, modules = modules_after(tmp_path, *argv)
    assert rc == 0
    assert not modules & set(PARSING_ONLY)


def test_query_on_a_built_graph_does_not_load_spacy(tmp_path, sample_out):
    rc, modules = modules_after(tmp_path, "query", "who_met_whom", "--graph", str(sample_out / "graph.ttl"))
    assert rc == 0
    assert not modules & set(PARSING_ONLY)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_export_of_a_built_graph_does_not_load_spacy(tmp_path, sample_out, fmt):
    out = tmp_path / f"g.{fmt}"
    rc, modules = modules_after(tmp_path, "export", "--graph", str(sample_out / "graph.ttl"), "--format", fmt,
                                "--out", str(out), "-q")
    assert rc == 0 and out.stat().st_size > 1000
    assert not modules & set(PARSING_ONLY)


def test_build_does_load_spacy(tmp_path):
    """The check above can fail: a command that parses does import spaCy."""
    rc, modules = modules_after(tmp_path, "build", str(ROOT / "examples" / "g20_new_delhi.txt"),
                                "--out", str(tmp_path / "out"), "--no-html", "-q")
    assert rc == 0
    assert {"spacy", "kg.nlp", "kg.pipeline"} <= modules


def test_the_library_api_is_still_importable_from_kg():
    import kg

    assert callable(kg.build_graph) and callable(kg.read_inputs)
    assert kg.BuildResult.__name__ == "BuildResult" and issubclass(kg.KgError, Exception)
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018
