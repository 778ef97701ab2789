# Two commands for a newcomer: `make run` (demo on SQLite at http://127.0.0.1:8000)
# and `make test` (the whole suite). Both install what they need and can be re-run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint lock messages clean worker bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions, every file checked against its hash (the lock pins pip
# too). Re-install only when a lock file changes.
$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# After changing requirements.in or requirements-dev.in: lock every dependency,
# transitive ones included, with hashes. Upgrade one with e.g. `make lock LOCK_ARGS="-P django"`.
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: install
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed node_modules/.package-lock.json

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

# A Celery worker and beat for local development (needs REDIS_URL, e.g.
# REDIS_URL=redis://127.0.0.1:6379/0 make worker); `make run` needs neither.
worker: install
	DJANGO_SETTINGS_MODULE=velferdspilot.settings.dev $(BIN)/celery -A velferdspilot worker --beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

# ruff; the layering contracts in pyproject.toml; views reach kommune data only through
# for_user or an access helper (tools/sjekk_tilgang.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/sjekk_tilgang.py

test: install lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The national-scale benchmark (README, "Benchmark"): generated data at BENCH_SKALA
# (default 1.0) in the local PostgreSQL database velferdspilot_bench, served by gunicorn
# with production settings. Prints a Markdown table; not part of `make test`.
bench: install
	@createdb -h 127.0.0.1 -U postgres velferdspilot_bench 2>/dev/null || true
	$(BIN)/python -m velferdspilot.bench.kjor

# Update the English translation after changing Norwegian texts (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale en --ignore ".venv/*" --ignore "node_modules/*"
	$(MANAGE) compilemessages --locale en --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
