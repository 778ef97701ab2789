# Two commands for a newcomer: `make run` (demo on SQLite at http://127.0.0.1:8000)
# and `make test` (the whole suite). Both install what they need and can be re-run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint messages clean worker bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when the requirements or the lock file change.
$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

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

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
