# The README's two commands, `make run` and `make test`, and the few a team member needs besides.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast install install-test lint messages bench lighthouse clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Set up, load the content (kept as staff changed it) and serve the site at http://127.0.0.1:$(PORT)/
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_content
	PORT=$(PORT) DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Set up, lint and run every test
test: install-test lint
	$(PY) -m pytest

## The fast tier: every test but those that drive a browser or start servers (on two workers: none waits on a server)
test-fast: install-test lint
	$(PY) -m pytest -n 2 -m "not browser and not server"

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## Extract new interface strings into every catalogue (needs GNU gettext), derive the Cyrillic one, compile them
messages: install
	DEBUG=1 $(PY) manage.py makemessages --add-location=file --no-obsolete -i .venv -i staticfiles -i tests -i node_modules -l fr -l sr_Latn -l en -l nl -l bg -l de -l es -l it -l ar
	DEBUG=1 $(PY) manage.py make_cyrillic_catalogue
	DEBUG=1 $(PY) manage.py compile_catalogues

## Measure the page under gunicorn (production settings, loopback only) against a floor view; BENCH_SECONDS=10 per run
bench: install-test
	$(PY) -m bench

## Lighthouse's SEO, accessibility and best-practices scores of every public page in fr, sr-latn, sr, en (a report, not a test)
lighthouse: install-test
	cd bench/lighthouse && npm ci --ignore-scripts --no-audit --no-fund
	$(PY) -m bench.lighthouse

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
