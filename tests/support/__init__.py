"""Test support: scripted reference policies (test doubles) and helpers."""
