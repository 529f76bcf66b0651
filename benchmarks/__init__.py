"""Benchmarks run by `make bench`. Figures depend on the machine: compare ratios from one run."""
