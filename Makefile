# Two commands do all set-up: `make pdfs` builds the default toolkit into output/,
# `make test` runs the linters, the type checker and the tests. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: pdfs test check schema messages clean

pdfs: $(STAMP)
	$(PY) build_pdfs.py

test: $(STAMP)
	@$(PY) -m toolkit.builder.system
	$(VENV)/bin/ruff check toolkit tests benchmarks build_pdfs.py
	$(VENV)/bin/ruff format --check toolkit tests benchmarks build_pdfs.py
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

check: $(STAMP)
	$(PY) build_pdfs.py check

# After changing a template's words: refresh the catalogs, then translate the new entries
# in toolkit/assets/locale/<lang>/LC_MESSAGES/messages.po (docs/translating.md).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --omit-header --sort-output \
		-o toolkit/assets/locale/messages.pot .
	$(VENV)/bin/pybabel update -i toolkit/assets/locale/messages.pot -d toolkit/assets/locale --width 100

# After changing the content models: rewrite schemas/, one JSON Schema per file kind, which
# editors use for autocomplete (docs/content.md, section 13); a test fails when they are stale.
schema: $(STAMP)
	for kind in topic series brand toolkit helplines translation; do \
		$(PY) build_pdfs.py schema $$kind > schemas/$$kind.schema.json || exit 1; done

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Python's venv module is missing. Install it with:  sudo apt-get install -y python3-venv"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
