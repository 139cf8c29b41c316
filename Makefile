# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PY := .venv/bin/python
RASA := .venv/bin/rasa
# no telemetry (and no network) from Rasa; quiet TensorFlow
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning

.PHONY: setup train run shell test validate nlu-report guard-report bench-startup clean

setup:
	@bash scripts/setup.sh

train: setup
	@$(PY) -m bot.train

run: train
	@$(PY) -m bot.run

shell: train
	@$(PY) -m bot.run --shell

validate: setup
	@$(RASA) data validate --fail-on-warnings --quiet

test: validate train
	@bash scripts/install_browser.sh
	@$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results/core --quiet
	@$(PY) -m pytest

nlu-report: setup
	@$(PY) -m bot.benchmarks.nlu_report

guard-report: train
	@$(PY) -m bot.benchmarks.guard_report $(SETS)

bench-startup: train
	@$(PY) -m bot.benchmarks.startup

clean:
	rm -rf models results var
