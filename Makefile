# Two commands: `make demo` (the main job on the shipped dataset) and `make test` (every test).
# Both create .venv on first use and reinstall when pyproject.toml changes.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_REPORT ?= report.html

.PHONY: demo test bench clean

demo: $(VENV)/.demo-installed
	$(BIN)/xreg advise examples/shop-connector --auth pat-legacy \
	  --postman-env examples/shop-connector/postman/shopbridge.postman_environment.json \
	  --format html -o $(DEMO_REPORT)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.test-installed
	for b in tests/benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.demo-installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.demo-installed

clean:
	rm -rf $(VENV) build dist .pytest_cache
