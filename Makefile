# The two commands of the README, and the steps they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-dev translations browser db lint

run: install translations  ## install, create the SQLite database with demo data, serve on http://127.0.0.1:$(PORT)
	@if [ ! -f instance/densho.sqlite ]; then $(BIN)/flask --app wsgi demo; else $(BIN)/flask --app wsgi init-db; fi
	@echo "Densho is starting at http://127.0.0.1:$(PORT)/ (demo logins: see README.md)"
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) wsgi:app

test: install-dev translations browser  ## install everything and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

translations:
	$(BIN)/pybabel compile --statistics -d tracker/translations

browser:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null && fc-list | grep -qi "noto sans cjk" || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0; }

messages:  ## re-extract the strings and update the catalogs
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".* __pycache__" --no-location --sort-output --no-wrap --project Densho -o tracker/translations/messages.pot .
	$(BIN)/pybabel update -i tracker/translations/messages.pot -d tracker/translations --no-fuzzy-matching --ignore-obsolete --no-wrap
