"""Comparative reports: eval logs -> tidy frame -> rates with 95% intervals -> terminal, CSV, JSON, HTML."""

from .build import Report, build_report

__all__ = ["Report", "build_report"]
