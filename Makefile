# Raíces — the two commands of the README:
#   make app    installs, fetches the sources, builds the data and starts the app
#   make test   installs (Python packages, Debian's Chromium and PostgreSQL) and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: app test setup data browser postgres lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $@

data: setup
	$(BIN)/raices fetch
	$(BIN)/raices build

# The project is byte-compiled first, as pip does for installed packages: a fresh server
# then imports it without compiling it (as it would on every start under
# PYTHONDONTWRITEBYTECODE).
app: data
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q analysis dashboard
	$(BIN)/python -m dashboard.server --server.port $(PORT) --browser.gatherUsageStats false

browser:
	bash scripts/install_browser.sh

postgres:
	bash scripts/install_postgres.sh

lint: setup
	$(BIN)/ruff check analysis dashboard tests benchmarks
	$(BIN)/mypy analysis

# the operational store's tests run on SQLite and on a throwaway PostgreSQL cluster that
# the test session starts itself; RAICES_REQUIRE_POSTGRES turns a missing server into a failure
test: setup browser postgres lint
	RAICES_REQUIRE_POSTGRES=1 $(BIN)/pytest

bench: data
	$(BIN)/python benchmarks/bench_build.py
