# One command per developer task; CI calls `make test` (see .ci/run).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PY) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")

.PHONY: run test lint typecheck pytest bench sysdeps clean i18n i18n-extract forms screenshots

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
	$(BIN)/pybabel extract -F i18n/babel.cfg -k N_ -k ngettext:1,2 -k translate:2 --add-location=file \
		--sort-by-file --project=kbstudio --copyright-holder="KB Studio" -o i18n/kbstudio.pot .
	$(BIN)/pybabel update -i i18n/kbstudio.pot -d i18n -D kbstudio
	$(BIN)/pybabel extract -F i18n/site.cfg --no-location --sort-output --project=kbstudio-site \
		--copyright-holder="KB Studio" -o i18n/site.pot .
	$(BIN)/pybabel update -i i18n/site.pot -d i18n -D site

## Install and open the desktop studio on the sample help center (your default workspace).
run: $(STAMP) i18n
	$(BIN)/kbstudio gui

## Recompile the Designer forms ui/*.ui into kbstudio/gui/forms (a test fails when stale).
forms: $(STAMP)
	$(BIN)/python scripts/compile_forms.py

## Screenshots of the studio for docs/ and the README, under Xvfb with CJK fonts.
screenshots: sysdeps $(STAMP) i18n
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/screenshots.py

## Install everything the tests need (Python and system packages), then lint, type-check, test.
test: sysdeps $(STAMP) i18n lint typecheck pytest

# Qt's xcb platform (screenshots under Xvfb) and a CJK font; tests themselves run offscreen.
sysdeps:
	@bash scripts/sysdeps.sh postgresql chromium chromium-driver xvfb xauth libxcb-icccm4 \
		libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 \
		fonts-wqy-microhei

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
	$(BIN)/python tests/perf/bench_gui.py
	$(BIN)/python tests/perf/bench_team.py
	bash scripts/sysdeps.sh hugo
	$(BIN)/python tests/perf/bench_publish.py
	$(BIN)/python tests/perf/bench_translate.py

clean:
	rm -rf $(VENV) build *.egg-info
