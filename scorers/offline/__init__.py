"""Offline (model-free) scorer cores."""
