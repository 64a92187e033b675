# tollwatch — the two commands of the Quickstart, and a few for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DB ?= demo.db

.PHONY: demo test lint format browser postgres clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

## demo: set up .venv, install, ingest the sample reports into a fresh demo.db, print the incidents and the crisis's ledger
demo: $(STAMP)
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/tollwatch ingest samples --db $(DEMO_DB); test $$? -le 1
	$(BIN)/tollwatch incidents --db $(DEMO_DB) --format table
	$(BIN)/tollwatch show --q "Osh tariff" --db $(DEMO_DB)
	@echo
	@echo "The dashboard on this database:  $(BIN)/tollwatch serve --db $(DEMO_DB)"
	@echo "then open http://127.0.0.1:8000/ and sign up: the first account is the admin (Ctrl-C stops it)."

## browser: make sure a headless Chromium is there for the browser tests
browser:
	@sh .ci/ensure-chromium

## postgres: make sure Debian's PostgreSQL server is there: the store's tests start a throwaway one
postgres:
	@sh .ci/ensure-postgres

## test: set up .venv with test dependencies and run the whole suite (on SQLite and PostgreSQL)
test: $(STAMP) browser postgres
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	TOLLWATCH_TEST_POSTGRES=required $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DEMO_DB)
