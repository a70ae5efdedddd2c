# NPGov — two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_WORKERS ?= 2
TICK_INTERVAL ?= 300

.PHONY: install run serve test e2e bench lint lint-imports typecheck worker messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "NPGov needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load reference and demo data, serve on http://$(HOST):$(PORT); beside the web
## server, the scheduled job (deadline reminders, KPIs: `npgov tick`) runs every $(TICK_INTERVAL) s and stops with it
run: install
	$(BIN)/npgov migrate --noinput
	$(BIN)/npgov demo
	$(BIN)/npgov collectstatic --noinput --verbosity 0
	@echo "NPGov is serving on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	@$(BIN)/npgov tick --loop --interval $(TICK_INTERVAL) & ticker=$$!; \
	trap 'kill $$ticker 2>/dev/null; wait $$ticker 2>/dev/null' EXIT INT TERM; \
	TZ=Asia/Shanghai $(BIN)/gunicorn npgov.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - --error-logfile -

## make test: install and run the whole suite (SQLite unless DATABASE_URL is set); browser tests: make e2e
test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/e2e tests

e2e: install
	$(BIN)/pytest tests/e2e

bench: install
	@ls bench/*.py >/dev/null 2>&1 && for f in bench/*.py; do $(BIN)/python $$f || exit 1; done || echo "no benchmarks yet"

## make lint: ruff, the migration check, the import contracts and the mypy baseline gate
lint: install
	$(BIN)/ruff check .
	$(BIN)/npgov makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint-imports
	$(MAKE) --no-print-directory typecheck

## make lint-imports: the layer order and "models are private" contracts ([tool.importlinter])
lint-imports: install
	PYTHONPATH=src $(BIN)/lint-imports --no-logo

## make typecheck: mypy over src/npgov, failing on any error not in mypy-baseline.txt
typecheck: install
	$(BIN)/python scripts/mypy_gate.py

## make worker: a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0) serving every queue;
## one queue per worker: `make worker QUEUES=imports WORKER=imports1` (queues: default, imports, runs, ticks,
## exports; docs/operations.md "Queues and workers"). WORKER is the node name: keep it stable across restarts.
QUEUES ?=
WORKER ?= worker1
worker: install
	$(BIN)/celery -A npgov.celery worker --loglevel=info -n $(WORKER)@%h $(if $(QUEUES),-Q $(QUEUES))

## make messages: refresh and compile the translations after changing user-facing strings
messages: install
	cd src/npgov && ../../$(BIN)/npgov makemessages -l zh_Hans -l en --no-obsolete --ignore 'static/*'
	cd src/npgov && ../../$(BIN)/npgov compilemessages

clean:
	rm -rf $(VENV) instance test-artifacts
