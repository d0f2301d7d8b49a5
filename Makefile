# Two commands set everything up on a fresh machine:  make run  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := examples/g20_new_delhi.txt

.PHONY: install run test lint bench eval clean system-deps

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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
