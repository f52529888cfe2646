# Dateline: `make run` then `make test` on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORPUS ?= ../shared/corpora/reuters21578/articles

.PHONY: install run lint test bench quality lock clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

run: install ## ingest seeds/articles into data/warehouse.duckdb
	$(BIN)/dateline run
	@echo "Query it: $(BIN)/dateline sql \"select published_date, title from articles order by published_date limit 5\""
	@echo "or with the duckdb CLI: $(BIN)/duckdb -readonly data/warehouse.snapshot.duckdb \"select count(*) from articles\"; describe it: $(BIN)/dateline docs"

lint: install ## ruff on the Python, sqlfluff (DuckDB dialect) on sql/
	$(BIN)/ruff check flows tests
	$(BIN)/sqlfluff lint sql --disable-progress-bar --nocolor

test: lint
	$(BIN)/python -m pytest

bench: install ## the peer floor, cold, nothing-new, one-file and 100-file runs, 3 backfills, parse+extract on 1 and 2 Dask workers; BENCH_ARGS="--scale" adds a 10x corpus, "--quick" skips the backfills
	$(BIN)/python -m dateline.bench --corpus $(CORPUS) $(BENCH_ARGS)

quality: install ## precision, recall and F1 of extraction against the gold sets
	$(BIN)/python -m dateline.quality

lock: ## re-pin every dependency after changing pyproject.toml
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf data $(VENV) .pytest_cache
