# The project's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app campaign
DEV_ENV := CAMPAIGN_ENV=development CAMPAIGN_SECURE_COOKIES=0
POT ?= campaign/translations/messages.pot
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint e2e bench bench-parts extract translations compile-translations clean

run: $(VENV)/.installed
	$(DEV_ENV) $(FLASK) db upgrade
	$(DEV_ENV) $(FLASK) seed-places
	$(DEV_ENV) $(FLASK) seed-demo
	$(DEV_ENV) $(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test node_modules/.installed
	scripts/ensure-chromium
	scripts/ensure-libreoffice
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest --numprocesses=auto --maxprocesses=4

e2e: $(VENV)/.installed-test node_modules/.installed
	scripts/ensure-chromium
	$(BIN)/pytest tests/browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The national-scale benchmark (README, "Benchmarks"); BENCH_DATABASE_URL=postgresql+psycopg://…
# runs it on PostgreSQL. bench-parts times single steps: seed-places, keys, imports, handovers.
bench: $(VENV)/.installed-bench
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

bench-parts: $(VENV)/.installed-test
	$(BIN)/python -m bench.reference_data
	$(BIN)/python -m bench.text_keys
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.hostile_files
	$(BIN)/python -m bench.handover

# Extract the strings, merge them into both catalogues; translate vi, then compile.
translations: extract
	$(BIN)/pybabel update -i campaign/translations/messages.pot -d campaign/translations --no-fuzzy-matching --ignore-obsolete --width 100
	$(MAKE) compile-translations

# Every translatable string of the package into $(POT) (templates/_macros included).
extract: $(VENV)/.installed-test
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 \
		--ignore-dirs ".* __pycache__ tests node_modules bench scripts" \
		--no-location --sort-output --project campaign -o $(POT) .

compile-translations: $(VENV)/.installed-test
	$(BIN)/pybabel compile -d campaign/translations --statistics

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
