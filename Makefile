# The same commands on a laptop, a server and CI. `make run` and `make test` install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: install lock run test test-fast lint bench bench-quick backtest load chromium nginx screenshot clean

install: $(STAMP)

# The full dependency tree, pinned with hashes (requirements-dev.lock, made by `make lock`
# from requirements.txt and requirements-dev.txt): the same packages on every machine.
$(STAMP): requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-dev.lock
	touch $(STAMP)

# Remake the lock files after changing requirements.txt or requirements-dev.txt.
UV_VERSION := 0.13.9
lock:
	test -x .venv-tools/bin/uv || { $(PYTHON) -m venv .venv-tools && \
		.venv-tools/bin/pip install --quiet uv==$(UV_VERSION); }
	for f in requirements requirements-dev; do \
		.venv-tools/bin/uv pip compile --quiet --universal --generate-hashes \
			--python-version 3.11 $$f.txt -o $$f.lock || exit 1; \
	done

# The dashboard on the embedded default store (data/outages.db, made and seeded on first use).
run: install
	$(VENV)/bin/streamlit run app.py

# Debian's chromium for the browser tests; installed when missing and we are root.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "chromium is missing and we are not root: browser tests will be skipped"; \
		fi; \
	fi

# Debian's nginx for the replica test (tests/test_replicas.py); installed when missing and we are
# root. That test also needs PostgreSQL (OUTAGES_TEST_PG_URL) and is skipped, saying so, without.
NGINX ?= /usr/sbin/nginx
nginx:
	@if [ ! -x $(NGINX) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
				|| DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
		else \
			echo "nginx is missing and we are not root: the replica test will be skipped"; \
		fi; \
	fi

test: install chromium nginx
	$(PY) -m pytest -q

# Everything but the browser tests.
test-fast: install
	$(PY) -m pytest -q -m "not browser"

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) -m bench

bench-quick: install
	$(PY) -m bench --quick

# The restoration outlook on past events: data/backtest.json and a section of bench/RESULTS.md.
backtest: install
	$(PY) -m bench.backtest

# Concurrent viewers through nginx, 1 and 2 replicas on PostgreSQL (bench/load.py; needs
# OUTAGES_TEST_PG_URL or a server at 127.0.0.1:5432): writes its section of bench/RESULTS.md.
load: install chromium nginx
	$(PY) -m bench.load

screenshot: install chromium
	$(PY) -m tests.browser.screenshot

clean:
	rm -rf $(VENV) .venv-tools .pytest_cache .ruff_cache
