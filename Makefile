# newsgraph: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= newsgraph.duckdb
SHARED ?= ../shared

.PHONY: run test lint eval bench clean lock

# The virtual environment: pip upgraded first (the machine's pip 23 cannot resolve this set),
# then the project with every dependency pinned by requirements.lock.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[dev]"
	touch $(STAMP)

## run: install, ingest the bundled examples into $(DB), print what was found
run: $(STAMP)
	$(BIN)/newsgraph ingest examples/ --db $(DB) --quiet
	$(BIN)/newsgraph report --db $(DB)

## test: install, lint, type-check and run the whole test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## eval: quality figures on the development sets in $(SHARED)/data (not shipped)
eval: $(STAMP)
	$(BIN)/newsgraph analyze --format jsonl $(SHARED)/data/extraction/zyte_pages.jsonl > /tmp/newsgraph-zyte.jsonl || true
	$(BIN)/python bench/eval_extraction.py /tmp/newsgraph-zyte.jsonl $(SHARED)/data/extraction/zyte_ground_truth.json
	$(BIN)/newsgraph eval quotes $(SHARED)/data/quotes/polnear_dev.jsonl
	$(BIN)/newsgraph eval events $(SHARED)/data/events/plover_gsr.jsonl

## bench: ingest throughput as a ratio of spaCy's nlp.pipe alone (set CORPUS= for other data)
CORPUS ?= $(SHARED)/data/corpus/allsides_sample.jsonl
bench: $(STAMP)
	$(BIN)/python bench/throughput.py $(CORPUS) --limit 200

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
