# Two entry points for a new user (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements-installees
DB     := data/observatoire.duckdb

.PHONY: run test lint format build demo reference clean bench

run: $(STAMP) $(DB)
	$(BIN)/streamlit run app.py

# Three pytest workers (pytest-xdist) on two cores: the browser tests spend most of their time waiting for a
# page to draw, the others run meanwhile (measured: 7 min 03 s with 2 workers, 6 min 23 s with 3). Each worker builds its demo base and starts its
# one shared Streamlit server. The load test runs short here (15 s, 6 sessions): the long run is
# `make bench-charge`. One file alone: `.venv/bin/python -m pytest tests/base/test_db.py`.
TEST_OPTS ?= -n 3 --dist worksteal
test: $(STAMP) $(DB) lint
	$(BIN)/python -m pytest $(TEST_OPTS)

# Python lint and format (ruff.toml), SQL lint of queries/ (.sqlfluff).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint queries

# Rewrites the files: Python formatted, lint fixes applied, queries/ laid out.
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/sqlfluff fix -f queries

# The venv is (re)installed whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DB):
	$(MAKE) build

build: $(STAMP)
	$(BIN)/python -m observatoire build

demo: $(STAMP)
	$(BIN)/python -m observatoire demo

reference: $(STAMP)
	$(BIN)/python scripts/build_reference_communes.py

clean:
	rm -f $(DB) data/.build-*

# Import benchmark (not part of `make test`): a 600 000-row regional RPLS file, timed on 2 cores.
.PHONY: bench-import
bench-import: $(STAMP)
	$(BIN)/python scripts/bench_import.py

# Heavy benchmark at national scale (not part of `make test`): figures printed and written to
# bench/rapport.json. Options through BENCH_OPTS, e.g. `make bench BENCH_OPTS="--rapide --garder"`.
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(BENCH_OPTS)

# Several Streamlit processes behind HAProxy (sticky sessions), all on the same DuckDB file:
# `make deploiement PROCESSUS=2 PORT=8501` (HAProxy: apt-get install haproxy). See the README.
PROCESSUS ?= 2
PORT      ?= 8501
.PHONY: deploiement verifier-deploiement bench-charge
deploiement: $(STAMP) $(DB)
	$(BIN)/python scripts/deploiement.py --processus $(PROCESSUS) --port $(PORT)

# Two processes behind the proxy, a write swapped in by another process: both serve the new data
# at their next rerun (not part of `make test`; needs haproxy).
verifier-deploiement: $(STAMP)
	$(BIN)/python scripts/verifier_deploiement.py

# Load test figures for 1 and 2 processes (stress and readers), printed (not part of `make test`).
bench-charge: $(STAMP)
	$(BIN)/python bench/charge.py $(BENCH_OPTS)
