"""Benchmark scripts: they print figures (`make nlu-report`, `make guard-report`, `make bench-startup`)."""
