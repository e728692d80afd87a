# Two entry points for a fresh machine (see README): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 7860

.PHONY: serve test install install-dev browser bench sample clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Serve the site on the embedded sample data at http://localhost:$(PORT) (ARGS: e.g. --auth basic, with ABL_BASIC_AUTH_PASSWORD set)
serve: install
	$(BIN)/python app.py --port $(PORT) $(ARGS)

# Install everything (Python packages and Debian's chromium for browser tests) and run all tests.
test: install-dev browser
	$(BIN)/pytest -n auto

browser:
	@scripts/ensure-chromium.sh

bench: install-dev browser
	$(BIN)/python -m benchmarks core
	$(BIN)/python -m benchmarks browser
	$(BIN)/python -m benchmarks load

# Regenerate data/asta-bench-results from data/reference (needs the dev extra for scipy).
sample: install-dev
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(VENV) .pytest_cache artifacts
