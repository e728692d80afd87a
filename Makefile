# Two entry points for a fresh machine (see README): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 7860

.PHONY: serve test test-fast lint wheel-check install install-dev browser bench sample clean

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

# Install everything (Python packages and Debian's chromium for browser tests), lint, and run all tests.
test: install-dev browser lint
	$(BIN)/pytest -n auto
	$(MAKE) wheel-check

# The unit tests alone (no server, browser, agent-eval run or slow test): the quick check while editing.
test-fast: install-dev
	$(BIN)/pytest -n auto -m "not browser and not server and not agent_eval and not slow"

# Build the wheel, install it into a fresh venv outside the checkout, run the example notebook with it.
wheel-check: install-dev
	PYTHON=$(BIN)/python scripts/check-wheel.sh

# Lint and formatting, as CI checks them (`ruff format .` fixes the formatting).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

browser:
	@scripts/ensure-chromium.sh

bench: install-dev browser
	$(BIN)/python -m benchmarks core
	$(BIN)/python -m benchmarks browser
	$(BIN)/python -m benchmarks load

# Regenerate abl/sample/asta-bench-results from abl/sample/reference (needs the dev extra for scipy).
sample: install-dev
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(VENV) .pytest_cache artifacts
