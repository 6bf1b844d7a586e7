# Two commands on a machine with only python3 and make:
#   make search q="gencatan senjata"   set up, index corpus/ if needed, search
#   make test                          set up, run lint and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed

# Pass the query through the environment so quotes inside it survive the shell.
export q

.PHONY: setup search ingest test lint format bench bench-peers clean

setup: $(READY)

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Ingest is incremental: over an unchanged corpus it reads nothing and writes nothing.
ingest: $(READY)
	$(BIN)/warta ingest corpus --index index

search: $(READY)
	@test -n "$$q" || { echo 'usage: make search q="your query"' >&2; exit 2; }
	$(BIN)/warta ingest corpus --index index
	$(BIN)/warta search --index index -- "$$q"

lint: $(READY)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: lint
	$(BIN)/python -m pytest

format: $(READY)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(READY)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_ingest.py

# warta beside Xapian (Debian's python3-xapian, for the system python3: a benchmark-only dependency,
# installed here when missing and we can).
bench-peers: $(READY)
	@/usr/bin/python3 -c 'import xapian' 2>/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y --no-install-recommends python3-xapian >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends python3-xapian >/dev/null 2>&1; }; }; } || echo "python3-xapian is not installed (apt-get install python3-xapian): Xapian is left out" >&2
	$(BIN)/python benchmarks/bench_peers.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
	find index -mindepth 1 ! -name .gitignore -exec rm -rf {} +
