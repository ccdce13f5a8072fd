# policykg — the two commands of the README, and a few more.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= policykg.db

.PHONY: setup demo test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,ray]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/policykg ingest examples/notices --db $(DB)
	$(BIN)/policykg stats --db $(DB)
	$(BIN)/policykg trace "渝府办发〔2020〕118号" --direction in --db $(DB)

test: $(STAMP)
	@# Neo4j's Cypher linter for tests/test_neo4j_lint.py (skipped there without npm)
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/lint --silent --no-audit --no-fund >/dev/null 2>&1 || echo "npm ci --prefix tests/lint failed: the Neo4j linter test will skip"; fi
	@# cytoscape.js for the .cyjs load test in tests/test_exports.py (skipped there without npm)
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --silent --no-audit --no-fund >/dev/null 2>&1 || echo "npm ci --prefix tests/js failed: the cytoscape.js load test will skip"; fi
	@# the live Neo4j tests build tests/neo4j (Maven, Java 17) on first use; without them they skip, loudly
	@# a fresh --basetemp per run: pytest's own clean-up of numbered /tmp/pytest-of-* folders
	@# leaks a directory iterator that -W error turns into a failure at session end
	@t=$$(mktemp -d -t policykg-pytest.XXXXXX); $(BIN)/python -m pytest -q --basetemp="$$t"; rc=$$?; rm -rf "$$t"; exit $$rc

# the edit loop: everything but the slow, live-Neo4j and browser tests
test-fast: $(STAMP)
	@t=$$(mktemp -d -t policykg-pytest.XXXXXX); $(BIN)/python -m pytest -q -x -m "not slow and not neo4j and not browser" --basetemp="$$t"; rc=$$?; rm -rf "$$t"; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check policykg tests benchmarks examples
	$(BIN)/ruff format --check policykg tests benchmarks examples
	$(BIN)/mypy policykg
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/real_text.py
	$(BIN)/python benchmarks/backends.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache
