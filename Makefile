# cjgraph: two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CJGRAPH := $(BIN)/cjgraph
OUT ?= out

.PHONY: demo test lint bench venv test-deps servers-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

# Creates the virtualenv, installs, validates and loads the bundled seeds into the embedded store,
# runs the flagship query and writes it as CSV, Markdown and Excel (cited), a view and an A4 picture.
demo: venv
	$(BIN)/python -m pip install --quiet -e ".[viz,png]"
	scripts/ensure-graphviz
	$(CJGRAPH) validate
	$(CJGRAPH) load
	$(CJGRAPH) query reviews-citing-acts
	@mkdir -p $(OUT)
	$(CJGRAPH) query reviews-citing-acts --format csv --output $(OUT)/reviews-citing-acts.csv
	$(CJGRAPH) query reviews-citing-acts --format markdown --output $(OUT)/reviews-citing-acts.md
	$(CJGRAPH) query reviews-citing-acts --cite --output $(OUT)/reviews-citing-acts.xlsx
	$(CJGRAPH) viz --query reviews-citing-acts --title "Documents that cite or discuss Acts" -o $(OUT)/reviews-citing-acts.html
	$(CJGRAPH) viz --query reviews-citing-acts --title "Documents that cite or discuss Acts" --page a4 -o $(OUT)/reviews-citing-acts.pdf
	@echo "Demo done: see $(OUT)/ (open $(OUT)/reviews-citing-acts.html in a browser)."

# Installs what the suite needs (Python deps, Chromium, Graphviz, Neo4j via Maven) and runs all of it.
test-deps: venv
	$(BIN)/python -m pip install --quiet -e ".[test]"
	scripts/ensure-chromium
	scripts/ensure-graphviz
	@if command -v java >/dev/null && command -v mvn >/dev/null; then scripts/neo4j-server fetch; \
	  else echo "java/mvn missing: Neo4j tests will be skipped (they fail under CI=true)"; fi

test: test-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check src tests benchmarks

bench: test-deps
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/curation.py

servers-stop:
	-scripts/neo4j-server stop
	-scripts/sparql-server stop

clean: servers-stop
	rm -rf $(OUT) .pytest_cache build dist
