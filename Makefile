# The project's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app campaign
DEV_ENV := CAMPAIGN_ENV=development CAMPAIGN_SECURE_COOKIES=0
POT ?= campaign/translations/messages.pot
HOST ?= 127.0.0.1
PORT ?= 5000
# The lock files (README, "Supply chain"): every package the app runs with (and gunicorn), and
# every package the tests run with, pinned with their hashes. `make lock` writes them.
LOCK := scripts/lock/requirements.txt
TEST_LOCK := scripts/lock/requirements-test.txt
# Bandit fails `make test` on any high-severity finding, of any confidence, in the code that ships.
BANDIT := $(BIN)/bandit -c pyproject.toml -q -r campaign migrations --severity-level high

.PHONY: run test lint lock e2e bench bench-parts soak security extract translations compile-translations clean

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
	$(BANDIT)
	$(BIN)/pytest --numprocesses=auto --maxprocesses=4

e2e: $(VENV)/.installed-test node_modules/.installed
	scripts/ensure-chromium
	$(BIN)/pytest tests/browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BANDIT)

# The national-scale benchmark (README, "Benchmarks"); BENCH_DATABASE_URL=postgresql+psycopg://…
# runs it on PostgreSQL. bench-parts times single steps: seed-places, keys, imports, handovers.
bench: $(VENV)/.installed-bench
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

# Two gunicorn instances on one PostgreSQL, a worker killed mid-handover (README, "Soak").
# SOAK_DATABASE_URL names a database the soak drops and makes again: never a real one.
SOAK_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/campaign_soak
SOAK_MINUTES ?= 3
soak: $(VENV)/.installed-bench
	$(BIN)/python -m bench.soak --database $(SOAK_DATABASE_URL) --minutes $(SOAK_MINUTES)

# sqlmap and wapiti against the app on a throwaway database, signed in (README, "Security scan").
# Not part of `make test`: SECURITY_MINUTES bounds the scanners (they run side by side). The app
# runs under gunicorn, from the production lock, as in production.
SECURITY_VENV := .venv-security
SECURITY_LOCK := scripts/lock/requirements-security.txt
SECURITY_MINUTES ?= 45
security: $(VENV)/.installed-test $(VENV)/.installed-prod $(SECURITY_VENV)/.installed
	$(BIN)/python scripts/security_scan.py --minutes $(SECURITY_MINUTES) \
		--scanners $(SECURITY_VENV)/bin --report security-report

$(VENV)/.installed-prod: $(LOCK) $(VENV)/.installed-test
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	touch $@

$(SECURITY_VENV)/.installed: $(SECURITY_LOCK)
	$(PYTHON) -m venv $(SECURITY_VENV)
	$(SECURITY_VENV)/bin/pip install --quiet --upgrade pip
	$(SECURITY_VENV)/bin/pip install --quiet --require-hashes -r $(SECURITY_LOCK)
	touch $@

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

# Exactly the locked versions, each file checked against its hash; then the app itself, without
# dependencies, built by the locked setuptools (no build environment fetched from the index).
# pip check fails when pyproject.toml asks for what the lock lacks: run `make lock`.
INSTALL_APP = $(BIN)/pip install --quiet --no-deps --no-build-isolation -e . && $(BIN)/pip check --quiet

$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(INSTALL_APP)
	touch $@

$(VENV)/.installed-test: $(TEST_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(INSTALL_APP)
	touch $@ $(VENV)/.installed

# The bench extra is not locked: resolved against the locked test packages already installed.
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet --no-build-isolation -e '.[test,bench]'
	touch $@

# Rewrite the lock files from pyproject.toml with pip-tools: versions still allowed stay as they
# are, what pyproject.toml added or dropped is added or dropped. `make lock UPGRADE=1` takes the
# newest versions allowed, `make lock UPGRADE="flask jinja2"` those packages only. The production
# lock takes the test lock's versions of the packages both have; the scanners' lock (make security)
# is written from scripts/lock/requirements-security.in.
LOCK_TOOLS := $(VENV)/lock-tools
PIP_COMPILE = CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_TOOLS)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-options \
	$(if $(filter 1,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))

lock: $(LOCK_TOOLS)/bin/pip-compile
	$(PIP_COMPILE) --build-deps-for editable --extra test -o $(TEST_LOCK) pyproject.toml
	$(PIP_COMPILE) --build-deps-for editable --extra prod -c $(TEST_LOCK) -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) -o $(SECURITY_LOCK) scripts/lock/requirements-security.in

$(LOCK_TOOLS)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet pip==26.3 pip-tools==7.7.0

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) $(SECURITY_VENV) node_modules .pytest_cache .ruff_cache security-report
