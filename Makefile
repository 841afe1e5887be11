# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/tutor $(ARGS)

test: $(STAMP_TEST)
	$(BIN)/ruff check engine exercises tutor tests
	$(BIN)/mypy engine exercises tutor
	$(BIN)/pytest -n 2

bench: $(STAMP_TEST)
	$(BIN)/python tests/bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info

# 10^5 random entries over every built-in blank (every answer format): crashes and time per entry.
fuzz: $(STAMP_TEST)
	$(BIN)/python tests/hostile/fuzz_entries.py 100000
