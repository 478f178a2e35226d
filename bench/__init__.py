"""Benchmarks and the national-scale data generator."""
