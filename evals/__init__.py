"""Incident evals: evaluation suites, reports and model providers."""
