# Two commands set everything up on a fresh machine:  make run  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := examples/g20_new_delhi.txt

.PHONY: install run test lint bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/kg build $(SAMPLE) --out output

test: install
	$(BIN)/ruff check kg tests
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

eval: install
	../shared/eval/evaluate.sh

bench: install
	$(BIN)/python -m kg.bench

clean:
	rm -rf $(VENV) output/*.ttl output/*.html .pytest_cache
