# Two commands for a newcomer: `make run` (demo on SQLite at http://127.0.0.1:8000)
# and `make test` (the whole suite). Both install what they need and can be re-run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# uv, in a small venv of its own made by the interpreter's own pip from tools/uv-krav.txt
# (one pinned version, every wheel's hash). It never resolves at install time: `uv sync
# --locked` installs exactly uv.lock and stops if pyproject.toml and the lock disagree.
UV_VENV := .venv-uv
UV := $(UV_VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install python-install lint lock messages clean worker bench

$(UV): tools/uv-krav.txt
	rm -rf $(UV_VENV)
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--only-binary :all: --require-hashes -r tools/uv-krav.txt
	touch $@

# Exactly the locked versions (uv.lock), every file checked against its hash, for the
# interpreter in PYTHON (the venv is made anew if it was made with another one). Cheap
# when nothing changed, so it runs every time.
python-install: $(UV)
	$(UV) sync --locked --quiet --python $(PYTHON)

# After changing dependencies in pyproject.toml: `make lock` writes uv.lock (one lock for
# every Python from 3.11.2 on, Linux and macOS) and tools/uv-krav.txt. Upgrade one with
# e.g. `make lock LOCK_ARGS="--upgrade-package django"`.
lock: $(UV)
	$(UV) lock $(LOCK_ARGS)
	$(UV) export --locked --quiet --only-group bootstrap --no-emit-project --no-header \
		--output-file tools/uv-krav.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: python-install node_modules/.package-lock.json

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	DJANGO_PORTAL_URL=$${DJANGO_PORTAL_URL:-http://127.0.0.1:$(PORT)} $(MANAGE) runserver 127.0.0.1:$(PORT)

# A Celery worker and beat for local development (needs REDIS_URL, e.g.
# REDIS_URL=redis://127.0.0.1:6379/0 make worker); `make run` needs neither.
worker: install
	DJANGO_SETTINGS_MODULE=velferdspilot.settings.dev $(BIN)/celery -A velferdspilot worker --beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

# ruff; the layering contracts in pyproject.toml; views reach kommune data only through
# for_user or an access helper (tools/sjekk_tilgang.py); each common job's pattern only
# in its one helper (tools/regler.py: roles, file headers, email, paging, the cache).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/sjekk_tilgang.py
	$(BIN)/python tools/regler.py

test: install lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The national-scale benchmark (README, "Benchmark"): generated data at BENCH_SKALA
# (default 1.0) in the local PostgreSQL database BENCH_DB (velferdspilot_bench), served by gunicorn
# with production settings. Prints a Markdown table; not part of `make test`.
BENCH_DB ?= velferdspilot_bench
bench: install
	@createdb -h 127.0.0.1 -U postgres $(BENCH_DB) 2>/dev/null || true
	BENCH_DB=$(BENCH_DB) \
	$(BIN)/python -m utvikling.bench.kjor

# Update the English and nynorsk translations after changing bokmål texts (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale en --locale nn --ignore ".venv/*" --ignore "node_modules/*"
	$(MANAGE) compilemessages --locale en --locale nn --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) $(UV_VENV) node_modules staticfiles db.sqlite3
