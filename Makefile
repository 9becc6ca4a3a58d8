# One command per developer task; CI calls `make test` (see .ci/run).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PY) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")

.PHONY: run test lint typecheck pytest bench sysdeps clean i18n i18n-extract

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

## Compile the interface catalogs (i18n/*/LC_MESSAGES/*.po -> .mo).
i18n: $(STAMP)
	$(BIN)/pybabel compile -d i18n -D kbstudio
	$(BIN)/pybabel compile -d i18n -D site

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F i18n/babel.cfg -k N_ -k ngettext:1,2 --add-location=file \
		--sort-by-file --project=kbstudio --copyright-holder="KB Studio" -o i18n/kbstudio.pot .
	$(BIN)/pybabel update -i i18n/kbstudio.pot -d i18n -D kbstudio
	$(BIN)/pybabel extract -F i18n/site.cfg --no-location --sort-output --project=kbstudio-site \
		--copyright-holder="KB Studio" -o i18n/site.pot .
	$(BIN)/pybabel update -i i18n/site.pot -d i18n -D site

## Install and open the sample help center (a summary until the desktop window lands).
run: $(STAMP) i18n
	$(BIN)/kbstudio summary

## Install everything the tests need (Python and system packages), then lint, type-check, test.
test: sysdeps $(STAMP) i18n lint typecheck pytest

sysdeps:
	@bash scripts/sysdeps.sh chromium chromium-driver

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
	$(BIN)/python tests/perf/bench_search.py --locales en
	$(BIN)/python tests/perf/bench_search.py --locales zh-Hans
	$(BIN)/python tests/perf/bench_check.py
	bash scripts/sysdeps.sh hugo
	$(BIN)/python tests/perf/bench_publish.py
	$(BIN)/python tests/perf/bench_translate.py

clean:
	rm -rf $(VENV) build *.egg-info
