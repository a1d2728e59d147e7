"""Load generators and benchmarks of the initiative search (see docs/benchmarks.md)."""
