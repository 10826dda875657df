"""Benchmarks: `make bench`. They print figures and ratios; the test suite does not run them."""
