# Two commands set everything up on a fresh machine:  make run  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := examples/g20_new_delhi.txt

LOCK   := requirements.lock
UV     := uv==0.13.9

.PHONY: install run test lint bench eval clean system-deps lock

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything, the test extra and the spaCy pipeline package included, comes from the lock
# file, each archive checked against its sha256 (pip refuses one that does not match and any
# package the lock does not list). The project itself goes in last, with no index and no
# configured find-links, so its requirements (test extra included) must already be met by
# what the lock installed: a dependency added to pyproject.toml without `make lock` stops
# here. Its build backend is in the lock too (no build isolation). The stamp depends on the
# lock, so a changed lock reinstalls. The lock lists every dependency, so pip installs
# exactly its lines (--no-deps) and resolves nothing against the index: resolving, pip 23.2
# may fetch a newer release to learn what an extra needs (weasel wants smart-open[http]) and
# then refuses it as unpinned. `pip check` then proves the installed set complete.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(LOCK)
	@echo "$(BIN)/python -m pip install --no-index --no-build-isolation -e '.[test]'"
	@PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(BIN)/python -m pip install --quiet --no-index \
	  --no-build-isolation -e '.[test]' || { \
	  echo "$(LOCK) does not cover pyproject.toml: run 'make lock' and commit $(LOCK)"; exit 1; }
	$(BIN)/python -m pip check
	touch $(STAMP)

# Regenerate the lock from pyproject.toml (dependencies, the test extra, the build backend and
# the `editables` package its editable install needs),
# with the sha256 of every archive PyPI serves for each pinned version, for any platform.
# Versions already in the lock are kept unless pyproject.toml demands otherwise; to move
# everything to the newest allowed versions: make lock UPGRADE=--upgrade.
# uv is a locking tool only: it is installed into the venv here and nothing at run time uses it.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(UV)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], "editables", sep="\n")' \
	  | $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	      --extra test --custom-compile-command "make lock" --output-file $(LOCK) $(UPGRADE) pyproject.toml -

run: install
	$(BIN)/kg build $(SAMPLE) --out output

test: install system-deps
	$(BIN)/ruff check kg tests
	$(BIN)/python -m pytest -q

# Debian packages the tests use: headless Chromium and its driver for the explorer
# (Playwright's own browser download cannot work offline) and Virtuoso, a second real
# SPARQL server. Installed once; needs root, as in CI.
DEBS := chromium chromium-driver virtuoso-opensource
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/virtuoso-t ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	  else \
	    echo "note: $(DEBS) missing; browser and Virtuoso tests will skip (apt-get install $(DEBS))"; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

eval: install
	../shared/eval/evaluate.sh

bench: install
	$(BIN)/python -m kg.bench

clean:
	rm -rf $(VENV) output/*.ttl output/*.html .pytest_cache
