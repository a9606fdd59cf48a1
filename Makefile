# engage: `make run` for the demo, `make test` for the whole suite. Needs Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install run scale test check format clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install engage with its test tools

run: $(STAMP) ## Serve the demo (web, worker, beat) with demo data; Ctrl-C stops it all
	$(BIN)/python scripts/localenv.py run

scale: $(STAMP) ## Add London-scale data (100,000 contacts, 30,000 events, 20,000 actions) to the `make run` database
	$(BIN)/python scripts/localenv.py manage migrate --no-input
	$(BIN)/python scripts/localenv.py manage seed_demo --if-empty
	$(BIN)/python scripts/localenv.py manage seed_scale

test: $(STAMP) check ## Run the checks, then the whole suite (browser tests included)
	scripts/ensure-chromium.sh
	$(BIN)/python scripts/localenv.py test $(ARGS)

# bandit: settings and justified skips in pyproject.toml, [tool.bandit]. pip-audit: what is
# installed in .venv (engage's dependencies and its test tools, at the versions `make test`
# runs) against PyPI's vulnerability data. To accept a finding that has no fix yet, add
# `--ignore-vuln ID` to its line and say why here (none so far).
check: $(STAMP) ## ruff, djLint, bandit, pip-audit, missing migrations and Django's system checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates */templates --lint
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(BIN)/pip-audit --local --skip-editable --progress-spinner off
	DEBUG=true $(BIN)/python -W ignore::RuntimeWarning manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python manage.py check

format: $(STAMP) ## Let ruff and djLint fix what they can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates */templates --reformat

clean: ## Remove .venv and .local (the embedded database, broker files and static files)
	rm -rf $(VENV) .local
