"""Incident task families, one folder each, on the shared layer in `tasks.common`."""
