# The README names these targets. `make serve` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# manage.py defaults to sherloc.settings.base; pytest reads sherloc.settings.test from pyproject.toml

.PHONY: serve test venv setup lint format worker beat draw benchmarks audit axe

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

# axe-core, pinned in package-lock.json, which the browser journeys inject into every page they visit
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

axe: node_modules/.installed

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo

serve: setup
	@echo ""
	@echo "  SHERLOC review module: http://127.0.0.1:$(PORT)/"
	@echo "  Sign in as fp-aut, expert-fra, contrib-nga, secretariat-1, officer-1 or ngo-1"
	@echo "  password: $${DEMO_PASSWORD:-demo-pass-2026}"
	@echo "  code: the TOTP of secret $${DEMO_TOTP_SECRET:-JBSWY3DPEHPK3PXP} (e.g. oathtool --totp -b JBSWY3DPEHPK3PXP)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: venv axe lint
	$(VENV)/bin/pytest

# Supply chain: bandit (medium and high fail), semgrep's Django rules vendored in .ci/semgrep (offline: no
# registry download, no metrics, no version check), pip-audit on the runtime requirements ("could not be
# audited" is reported, and does not fail, where no vulnerability database can be reached).
AUDIT_VENV ?= .venv-audit
SEMGREP := SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off $(AUDIT_VENV)/bin/semgrep

$(AUDIT_VENV)/.installed: requirements-audit.txt
	@test -x $(AUDIT_VENV)/bin/python || "$$(scripts/find-python)" -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/python -m pip install --quiet -r requirements-audit.txt
	@touch $@

audit: $(AUDIT_VENV)/.installed
	$(AUDIT_VENV)/bin/bandit -r . -x ./.venv,./$(AUDIT_VENV),./tests,./.ci,./tmp --severity-level medium -q
	$(SEMGREP) --test --metrics=off --disable-version-check -q .ci/semgrep
	$(SEMGREP) scan --config .ci/semgrep --error --metrics=off --disable-version-check -q --exclude .ci/semgrep .
	$(AUDIT_VENV)/bin/python scripts/audit-dependencies requirements.txt

worker: venv
	$(VENV)/bin/celery -A sherloc worker --loglevel=info

beat: venv
	$(VENV)/bin/celery -A sherloc beat --loglevel=info
