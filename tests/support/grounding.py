"""Shared by the grounding specifications: faithful/broken twins."""

from __future__ import annotations

from scorers.offline.grounding import assess_grounding_offline


def grounded(sources: list[str] | str, response: str) -> bool:
    sources = [sources] if isinstance(sources, str) else sources
    return assess_grounding_offline(sources, response).grounded


def assert_twins(sources: list[str] | str, faithful: str, broken: str) -> None:
    """A faithful response is grounded and its one-change twin is not."""
    assert grounded(sources, faithful), faithful
    assert not grounded(sources, broken), broken
