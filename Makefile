# Two commands on a fresh machine: `make demo` (the main job on bundled demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test test-spark lint bench bench-build build clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

# The spark extra (dbt-spark, pyspark) goes into the same venv only when test-spark asks for it.
SPARK_INSTALLED := $(VENV)/.installed-spark

$(SPARK_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_INSTALLED)

demo: $(INSTALLED)  ## generate the demo organisation, ingest, build, print the headline table
	$(BIN)/costper demo

test: $(INSTALLED) lint  ## every test: pytest (readers, load protocol, CLI, exports) and dbt build (models, data + unit tests)
	$(BIN)/pytest -q -n 2 --dist loadfile  # two workers, a module on one worker (its fixtures built once)

test-spark: $(SPARK_INSTALLED)  ## the demo on Spark too (dbt-spark session, Java 17): marts equal DuckDB's to the digit (not part of make test)
	$(BIN)/pytest -q -rP tests/spark  # -rP: the timings and totals the tests print

lint: $(INSTALLED)  ## ruff on the Python, sqlfluff (dbt templater, duckdb dialect) on the models
	$(BIN)/ruff check ingest tests bench
	COSTPER_DB=$(CURDIR)/target/lint.duckdb $(BIN)/sqlfluff lint models --disable-progress-bar --nocolor

build: $(INSTALLED)
	$(BIN)/costper build

bench: $(INSTALLED)  ## ingest speed against DuckDB's own read of the same file (not part of make test)
	$(BIN)/python bench/bench_ingest.py

SCALE ?= 4
BENCH_BUILD_ARGS ?=
bench-build: $(INSTALLED)  ## build speed on SCALE copies of the demo company (BENCH_BUILD_ARGS=--larger-teams: teams SCALE times larger)
	$(BIN)/python bench/bench_build.py --scale $(SCALE) $(BENCH_BUILD_ARGS)

clean:
	rm -rf warehouse target logs demo-data exports bench/out .pytest_cache
