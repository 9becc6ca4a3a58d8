# One command per developer task; CI calls `make test` (see .ci/run).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PY) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")

.PHONY: run test lint typecheck pytest bench sysdeps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

## Install and open the sample help center (a summary until the desktop window lands).
run: $(STAMP)
	$(BIN)/kbstudio summary

## Install everything the tests need (Python and system packages), then lint, type-check, test.
test: sysdeps $(STAMP) lint typecheck pytest

sysdeps:
	@bash scripts/sysdeps.sh

lint: $(STAMP)
	$(BIN)/ruff check kbstudio tests
	$(BIN)/ruff format --check kbstudio tests
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

## Benchmarks print numbers; they assert nothing about time.
bench: $(STAMP)
	$(BIN)/python tests/perf/bench_import.py

clean:
	rm -rf $(VENV) build *.egg-info
