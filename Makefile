# The two commands of the README: `make run` and `make test`. Each creates .venv when it
# is missing and (re)installs when pyproject.toml changes. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check bench soak format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "zorders needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

## run: set up, migrate and start the service on SQLite (./zorders.db)
run: $(VENV)/.installed
	$(BIN)/zorders serve --demo-catalog examples/catalog.yaml

## test: set up with dev dependencies and run every test (SQLite, and PostgreSQL when reachable;
## the console's browser tests in Debian's Chromium, installed here when missing and possible)
test: $(VENV)/.installed-dev
	@sh tools/ensure-chromium
	$(BIN)/pytest

## check: lint, format check, types and the import contracts that keep the domain pure
check: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks examples/integration-tests
	$(BIN)/ruff format --check src tests benchmarks examples/integration-tests
	$(BIN)/mypy
	$(BIN)/lint-imports

## bench: the issue-15 table through a real `zorders serve` (docs/performance.md);
## QUICK=1 for the short table, ALL=1 for the in-process micro benchmarks and the console's
## page times (benchmarks/console.py) and the pytest plugin's cost per test (benchmarks/kit.py)
bench: $(VENV)/.installed-dev
	ZORDERS_BENCH_QUICK=$(QUICK) $(BIN)/python -m benchmarks.table
ifdef ALL
	$(BIN)/python -m benchmarks.micro
	$(BIN)/python -m benchmarks.console
	$(BIN)/python -m benchmarks.kit
endif

## soak: 32 clients for 60 s of orders, amendments, payments and bill runs on PostgreSQL
## (ZORDERS_TEST_DATABASE_URL), then the invariants, printing the figures (tests/soak);
## ZORDERS_SOAK_SECONDS and ZORDERS_SOAK_CLIENTS change the load
soak: $(VENV)/.installed-dev
	ZORDERS_SOAK_SECONDS=$${ZORDERS_SOAK_SECONDS:-60} ZORDERS_SOAK_CLIENTS=$${ZORDERS_SOAK_CLIENTS:-32} \
	ZORDERS_TEST_POSTGRES=required \
	ZORDERS_TEST_DATABASE_URL=$${ZORDERS_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	$(BIN)/pytest tests/soak -k postgresql -s -p no:cacheprovider

format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests benchmarks examples/integration-tests
	$(BIN)/ruff check --fix src tests benchmarks examples/integration-tests

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
