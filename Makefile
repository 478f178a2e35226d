# Everything a newcomer needs: `make run` serves the portal, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package, with its dependencies, pinned with hashes (`make lock` writes them again).
LOCK := requirements/dev.txt

.PHONY: run serve test lint format migrations-check messages browser-deps fonts lock clean

$(BIN)/python:
	$(shell command -v $(PYTHON) || command -v python3) -m venv $(VENV)

# --no-deps: nothing that the lock does not name (and hash) is installed. The project itself
# runs from this folder and is not installed.
$(STAMP): $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production on PostgreSQL: migrate, collectstatic, then gunicorn (deploy/gunicorn.conf.py) and
# DB_WORKERS db_worker processes, all stopped together by Ctrl-C. Needs DATABASE_URL (PostgreSQL)
# and SECRET_KEY; the README's "Production" section lists the rest.
serve: $(STAMP)
	$(BIN)/python deploy/serve.py

# Debian's Chromium (for the browser tests), poppler (pdftotext/pdftoppm) and Node.js with npm,
# each only when missing (a machine whose Node.js came from elsewhere keeps it: Debian's npm
# conflicts with it); then axe-core, the accessibility checker the browser tests inject, exactly as
# package-lock.json pins it (with its integrity hash). --ignore-scripts: no install script runs.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -f node_modules/axe-core/axe.min.js || npm ci --ignore-scripts --no-audit --no-fund

# The web pages' fonts: WOFF2 made from the Sarabun TTFs (the PDFs embed the TTFs). The .woff2
# files are committed; run `make fonts` again only when a .ttf changes.
FONTS := $(patsubst %.ttf,%.woff2,$(wildcard static/fonts/*.ttf))
fonts: $(FONTS)
static/fonts/%.woff2: static/fonts/%.ttf | $(STAMP)
	$(BIN)/python -m fontTools.ttLib.woff2 compress --quiet -o $@ $<

test: $(STAMP) browser-deps migrations-check
	$(BIN)/pytest --create-db --numprocesses 2 --dist loadgroup

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the Thai and English catalogs (needs GNU gettext), count what is still untranslated
# or fuzzy in Thai (list it: `msgattrib --untranslated locale/th/LC_MESSAGES/django.po`, and
# `--only-fuzzy`), then compile. Commit the .po and .mo files: `make run` needs no gettext.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l th -l en --no-obsolete \
		--ignore=.venv --ignore=bench --ignore=test-artifacts --ignore=tests
	msgfmt --statistics --output-file=/dev/null locale/th/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=.venv

# After changing pyproject.toml's dependencies: production installs requirements/base.txt,
# `make run`, `make test` and CI install requirements/dev.txt.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
		--quiet -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements/dev.txt

clean:
	rm -rf $(VENV) db.sqlite3 media/documents
