"""Benchmarks of Transformer Playground against its peers: `python -m benchmarks [--quick]`."""
