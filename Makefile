# newsgraph: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= newsgraph.duckdb
SHARED ?= ../shared

.PHONY: run test lint eval bench clean lock browser serve

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

## test: install, lint, type-check and run the whole test suite (browser tests included)
test: $(STAMP) lint browser
	NEWSGRAPH_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

## browser: Debian's chromium for the end-to-end tests (Playwright drives it; nothing is
## downloaded by Playwright itself). Installed with apt-get when missing (sudo unless root).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing chromium with apt-get (for the browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "no chromium at $(CHROMIUM): install it, or set CHROMIUM=path"; exit 1; }

## serve: the API and web explorer over $(DB) on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/newsgraph serve --db $(DB)

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
	test -f corpus.duckdb || $(BIN)/newsgraph ingest $(CORPUS) --db corpus.duckdb --quiet
	$(BIN)/python bench/api_latency.py corpus.duckdb

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
