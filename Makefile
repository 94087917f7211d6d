# The two commands: `make dev` runs the whole portal offline, `make test` runs every test.
# Each installs what it needs first; a second run skips what is already installed.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# This machine's pip configuration warns about absent local indexes on every package: hide that noise.
QUIET_PIP := 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHECKOV := .venv-checkov/bin/checkov
NODE_TOOLS := infra/local/node_modules/.installed
BENCH_TOOLS := bench/node_modules/.installed
PORT ?= 8000
DYNAMODB_PORT ?= 8001
export NO_MKDOCS_2_WARNING := 1

.PHONY: dev demo test check lint types deps site chromium checkov bench mutants clean help deploy outbox-redrive openapi

help:
	@echo "make dev    run the portal offline at http://127.0.0.1:$(PORT)/ (PORT=, DYNAMODB_PORT= to change)"
	@echo "make demo   make dev with a demo client (retainer, invoice, call, intake) to sign in as"
	@echo "make test   install what the tests need; lint, types and the whole suite"
	@echo "make check  the fast loop: lint (ruff), types (mypy) and the unit tests but the slow ones"
	@echo "make deploy build and deploy the stack to AWS, upload the site (README: Deploying to AWS)"
	@echo "make bench  measure cold start, package size, DynamoDB round trips, latency, page weight (bench/RESULTS.md)"
	@echo "make mutants mutation-test the domain rules, a score per module (bench/MUTANTS.md; minutes)"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]' $(QUIET_PIP)
	touch $@

$(NODE_TOOLS): infra/local/package.json infra/local/package-lock.json
	cd infra/local && npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed $(NODE_TOOLS)

site: $(VENV)/.installed
	$(PY) -m infra.site

dev: deps
	PORT=$(PORT) DYNAMODB_PORT=$(DYNAMODB_PORT) exec $(PY) -m infra.local.dev

# `make dev` with a demo client (a retainer, its invoice, a call and an intake), made through the API.
demo: deps
	PORT=$(PORT) DYNAMODB_PORT=$(DYNAMODB_PORT) exec $(PY) -m infra.local.dev --demo

# The API's OpenAPI document, read by /api/openapi.json and the 404/405 answers, rewritten from the
# routes after a route changes (tests/unit/test_openapi_file.py says when).
openapi: $(VENV)/.installed
	$(PY) -m infra.openapi_file

# Dead outbox messages (emails and schedules that failed every try) back into the queue, in the
# deployed stack: invokes its OutboxFunction with {"redrive": true} (README "The outbox").
outbox-redrive: $(VENV)/.installed
	$(PY) -m infra.outbox_redrive $(REDRIVE_ARGS)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# checkov pins old boto3/packaging, so it lives in a virtual environment of its own.
$(CHECKOV):
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet --disable-pip-version-check checkov==3.3.30 $(QUIET_PIP)

checkov: $(CHECKOV)

# Lint and formatting (ruff) and types (mypy: strict on functions/portal, not strict on infra/); settings in pyproject.toml.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.installed
	$(VENV)/bin/mypy

# The fast loop: lint, types and the unit tests but those marked slow (site builds, checkov, cfn-lint,
# the SAM translator, packaging, property-based runs); no browser, no DynamoDB Local, no checkov.
# The unit tests use neither Playwright's, schemathesis' nor anyio's pytest plugin: not loading them
# saves each of the three pytest processes half a second. worksteal: a worker that runs out of tests
# takes some of the other's, so both finish together (with `load`, one often idled for 5-10 s at the end).
CHECK_ARGS ?= -n 2 --dist worksteal
check: lint types
	$(PY) -m pytest tests/unit -m "not slow" -p no:playwright -p no:schemathesis -p no:anyio $(CHECK_ARGS)

# Two workers (pytest-xdist): each has its own local stack and DynamoDB Local, the site is built once.
# Lint and types first: either failing fails `make test`.
PYTEST_ARGS ?= -n 2
test: deps chromium checkov lint types
	$(PY) -m pytest $(PYTEST_ARGS)

# Lighthouse for the bench only (12.x runs on Node 20), kept out of the local stack's tools.
$(BENCH_TOOLS): bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Prints one table and writes it to bench/RESULTS.md. Options: BENCH_ARGS="--no-lighthouse --iterations 50".
bench: deps chromium $(BENCH_TOOLS)
	$(PY) -m bench $(BENCH_ARGS)

# mutmut (the `mutants` extra) on the pure domain modules against their unit tests: the score per module
# and every surviving mutant, printed and written to bench/MUTANTS.md; fails below 90% killed.
# Not part of `make test` (it takes minutes). Options: MUTANTS_ARGS="--max-children 2 --floor 90".
$(VENV)/.mutants-installed: $(VENV)/.installed pyproject.toml
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev,mutants]' $(QUIET_PIP)
	touch $@

mutants: $(VENV)/.mutants-installed
	$(PY) -m bench.mutants $(MUTANTS_ARGS)

clean:
	rm -rf site/build .local .pytest_cache mutants

# The stack, the site and the Stripe catalog to AWS (infra/deploy.py; README "Deploying to AWS").
# Pass options to `sam deploy` with DEPLOY_ARGS, e.g. DEPLOY_ARGS="--no-confirm-changeset".
deploy: $(VENV)/.installed
	$(PY) -m infra.deploy $(DEPLOY_ARGS)
# The catalog's retainer tiers as Stripe Products and monthly Prices (lookup_key = tier id).
# STRIPE_SECRET_KEY=sk_test_... make stripe-sync, or STRIPE_API_BASE=http://127.0.0.1:N for a stand-in.
.PHONY: stripe-sync
stripe-sync: $(VENV)/.installed
	$(PY) -m infra.stripe_sync
